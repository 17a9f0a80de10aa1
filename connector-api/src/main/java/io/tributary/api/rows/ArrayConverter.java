package io.tributary.api.rows;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.spark.sql.catalyst.util.GenericArrayData;
import org.apache.spark.sql.types.DataType;

/** Converts a JSON array; an element that does not fit is rescued by index and left null. */
final class ArrayConverter implements ValueConverter {
  private final ValueConverter element;
  private final DataType elementType;

  ArrayConverter(ValueConverter element, DataType elementType) {
    this.element = element;
    this.elementType = elementType;
  }

  @Override
  public Object convert(JsonNode value, Rescue rescue) {
    if (!value.isArray()) {
      return NO_FIT;
    }
    Object[] values = new Object[value.size()];
    for (int i = 0; i < values.length; i++) {
      JsonNode item = value.get(i);
      if (item.isNull()) {
        continue;
      }
      rescue.pushIndex(i);
      Object converted = element.convert(item, rescue);
      if (converted == NO_FIT) {
        rescue.rescue(item, elementType);
        converted = null;
      }
      rescue.pop();
      values[i] = converted;
    }
    return new GenericArrayData(values);
  }
}
