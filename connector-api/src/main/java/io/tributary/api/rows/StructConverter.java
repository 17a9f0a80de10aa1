package io.tributary.api.rows;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Converts a JSON object to a struct. Walks the object's own fields once, finding each column by
 * a hash lookup; fields not in the schema are rescued. {@code {}} is null, since APIs send it for
 * "no value" as often as they send null.
 */
final class StructConverter implements ValueConverter {
  private final Map<String, Integer> indexes;
  private final String[] names;
  private final DataType[] types;
  private final ValueConverter[] fields;
  private final int width;
  /** For each position in a record, the column the last record had there; -1 before any. */
  private final int[] seenAt;

  /** {@code extraColumns} are left null at the end of every row, for columns the caller fills. */
  StructConverter(StructType schema, int extraColumns) {
    StructField[] structFields = schema.fields();
    this.indexes = new HashMap<>(structFields.length * 2);
    this.names = new String[structFields.length];
    this.types = new DataType[structFields.length];
    this.fields = new ValueConverter[structFields.length];
    for (int i = 0; i < structFields.length; i++) {
      indexes.put(structFields[i].name(), i);
      // Interned, as Jackson interns the field names it reads: a record's name is then found
      // where the last record had it by comparing references (see convertObject).
      names[i] = structFields[i].name().intern();
      types[i] = structFields[i].dataType();
      fields[i] = Converters.forType(structFields[i].name(), structFields[i].dataType());
    }
    this.width = structFields.length + extraColumns;
    this.seenAt = new int[structFields.length];
    java.util.Arrays.fill(seenAt, -1);
  }

  @Override
  public Object convert(JsonNode value, Rescue rescue) {
    if (!value.isObject()) {
      return NO_FIT;
    }
    if (value.isEmpty()) {
      return null;
    }
    return convertObject(value, rescue);
  }

  /** Converts an object to a row even when it is empty: a top-level record is never null. */
  GenericInternalRow convertObject(JsonNode object, Rescue rescue) {
    Object[] values = new Object[width];
    int position = 0;
    for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); position++) {
      Map.Entry<String, JsonNode> field = it.next();
      int i = indexOf(field.getKey(), position);
      if (i < 0) {
        rescue.rescueUnknown(field.getKey(), field.getValue());
        continue;
      }
      JsonNode json = field.getValue();
      if (json.isNull()) {
        continue;
      }
      rescue.pushName(names[i]);
      Object converted = fields[i].convert(json, rescue);
      if (converted == NO_FIT) {
        rescue.rescue(json, types[i]);
        converted = null;
      }
      rescue.pop();
      values[i] = converted;
    }
    return new GenericInternalRow(values);
  }

  /**
   * The column of field {@code name}, the {@code position}-th of its object; -1 when the schema
   * has none. Records of one API list their fields in one order, so the column the last record had
   * at this position is tried first, by reference; the map answers otherwise. The remembered order
   * is only a hint: threads sharing the converter may overwrite it, never make it wrong.
   */
  private int indexOf(String name, int position) {
    if (position < seenAt.length) {
      int guess = seenAt[position];
      if (guess >= 0 && names[guess] == name) {
        return guess;
      }
    }
    Integer index = indexes.get(name);
    if (index == null) {
      return -1;
    }
    if (position < seenAt.length) {
      seenAt[position] = index;
    }
    return index;
  }
}
