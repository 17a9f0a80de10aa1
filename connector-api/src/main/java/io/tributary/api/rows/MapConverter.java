package io.tributary.api.rows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.Iterator;
import java.util.Map;
import org.apache.spark.sql.catalyst.util.ArrayBasedMapData;
import org.apache.spark.sql.catalyst.util.GenericArrayData;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * Converts a JSON object to a map. Keys are the field names, converted to the key type (so a
 * {@code map<bigint, ...>} accepts {@code {"12": ...}}); an entry whose key or value does not fit
 * is rescued under {@code map.key}. A rescued value leaves its key mapped to null, so the key's
 * presence survives; a rescued key drops the entry from the map.
 */
final class MapConverter implements ValueConverter {
  private final ValueConverter key;
  private final ValueConverter value;
  private final DataType valueType;

  /** {@code key} converts a field name to the key type; null for string keys, taken as they are. */
  MapConverter(ValueConverter key, ValueConverter value, DataType valueType) {
    this.key = key;
    this.value = value;
    this.valueType = valueType;
  }

  @Override
  public Object convert(JsonNode json, Rescue rescue) {
    if (!json.isObject()) {
      return NO_FIT;
    }
    Object[] keys = new Object[json.size()];
    Object[] values = new Object[json.size()];
    int n = 0;
    for (Iterator<Map.Entry<String, JsonNode>> it = json.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> entry = it.next();
      Object convertedKey = key == null ? UTF8String.fromString(entry.getKey())
          : key.convert(TextNode.valueOf(entry.getKey()), rescue);
      if (convertedKey == NO_FIT || convertedKey == null) {
        rescue.rescueUnknown(entry.getKey(), entry.getValue());
        continue;
      }
      JsonNode item = entry.getValue();
      Object converted = null;
      if (!item.isNull()) {
        rescue.pushName(entry.getKey());
        converted = value.convert(item, rescue);
        if (converted == NO_FIT) {
          rescue.rescue(item, valueType);
          converted = null;
        }
        rescue.pop();
      }
      keys[n] = convertedKey;
      values[n] = converted;
      n++;
    }
    if (n < keys.length) {
      keys = java.util.Arrays.copyOf(keys, n);
      values = java.util.Arrays.copyOf(values, n);
    }
    return new ArrayBasedMapData(new GenericArrayData(keys), new GenericArrayData(values));
  }
}
