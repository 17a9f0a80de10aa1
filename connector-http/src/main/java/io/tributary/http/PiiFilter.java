package io.tributary.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.api.Columns;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * A source's {@code pii=drop}: the schema without the columns tagged {@link Columns#pii}, and
 * records cut down to exactly that schema before they leave the connector. A field the schema does
 * not know may be personal too, so it is dropped and counted ({@code <table>_unknown_fields_dropped}
 * in the metrics) rather than rescued into {@code _rescued_data}. Struct columns and arrays of
 * structs are cut the same way, level by level; map columns are kept whole, so tag a map holding
 * free text as personal.
 */
public final class PiiFilter {
  private final String table;
  private final StructType full;
  private final StructType schema;
  private final AtomicLong dropped = new AtomicLong();

  private PiiFilter(String table, StructType full) {
    this.table = table;
    this.full = full;
    this.schema = withoutPii(full);
  }

  /** A filter for {@code table} whose full schema (with the tags) is {@code schema}. */
  public static PiiFilter forSchema(String table, StructType schema) {
    return new PiiFilter(table, schema);
  }

  /** {@code schema} without the tagged columns, nested ones included. */
  public static StructType withoutPii(StructType schema) {
    List<StructField> kept = new ArrayList<>();
    for (StructField field : schema.fields()) {
      if (!Columns.isPii(field)) {
        kept.add(new StructField(field.name(), prune(field.dataType()), field.nullable(), field.metadata()));
      }
    }
    return new StructType(kept.toArray(StructField[]::new));
  }

  /** The columns {@code pii=drop} removes, as dotted paths. */
  public static List<String> piiColumns(StructType schema) {
    List<String> paths = new ArrayList<>();
    collect(schema, "", paths);
    return paths;
  }

  /** The schema records keep. */
  public StructType schema() {
    return schema;
  }

  /** A copy of {@code record} holding only the kept schema's fields. */
  public ObjectNode apply(ObjectNode record) {
    ObjectNode copy = record.deepCopy();
    cut(copy, full);
    return copy;
  }

  public List<ObjectNode> apply(List<ObjectNode> records) {
    return records.stream().map(this::apply).toList();
  }

  /** Fields dropped because the schema does not know them, tagged columns not counted. */
  public long unknownFieldsDropped() {
    return dropped.get();
  }

  public io.tributary.api.ReadMetrics metrics() {
    return new io.tributary.api.ReadMetrics(0, 0, 0, 0, Map.of(table + "_unknown_fields_dropped", dropped.get()));
  }

  /** Walks the full (tagged) schema: tagged fields go silently, unknown ones are counted. */
  private void cut(ObjectNode node, StructType type) {
    Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> entry = fields.next();
      java.util.Optional<StructField> field = find(type, entry.getKey());
      if (field.isEmpty() || Columns.isPii(field.get())) {
        if (field.isEmpty()) {
          dropped.incrementAndGet();
        }
        fields.remove();
        continue;
      }
      cutValue(entry.getValue(), field.get().dataType());
    }
  }

  private void cutValue(JsonNode value, DataType type) {
    if (type instanceof StructType struct && value instanceof ObjectNode object) {
      cut(object, struct);
    } else if (type instanceof ArrayType array && value instanceof ArrayNode items) {
      items.forEach(item -> cutValue(item, array.elementType()));
    }
  }

  private static java.util.Optional<StructField> find(StructType type, String name) {
    for (StructField field : type.fields()) {
      if (field.name().equals(name)) {
        return java.util.Optional.of(field);
      }
    }
    return java.util.Optional.empty();
  }

  private static DataType prune(DataType type) {
    if (type instanceof StructType struct) {
      return withoutPii(struct);
    }
    if (type instanceof ArrayType array) {
      return new ArrayType(prune(array.elementType()), array.containsNull());
    }
    return type;
  }

  private static void collect(StructType schema, String prefix, List<String> out) {
    for (StructField field : schema.fields()) {
      String path = prefix + field.name();
      if (Columns.isPii(field)) {
        out.add(path);
      } else if (field.dataType() instanceof StructType struct) {
        collect(struct, path + ".", out);
      } else if (field.dataType() instanceof ArrayType array && array.elementType() instanceof StructType struct) {
        collect(struct, path + "[].", out);
      }
    }
  }

  @Override
  public String toString() {
    return "PiiFilter[" + table + ", " + schema.size() + " columns kept]";
  }
}
