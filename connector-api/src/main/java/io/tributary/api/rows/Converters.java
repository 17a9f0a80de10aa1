package io.tributary.api.rows;

import io.tributary.api.InternalException;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.StructType;

/** Builds the converter tree for a data type, once per schema. */
final class Converters {
  private Converters() {}

  static ValueConverter forType(String column, DataType type) {
    if (type instanceof StructType struct) {
      return new StructConverter(struct, 0);
    }
    if (type instanceof ArrayType array) {
      return new ArrayConverter(forType(column, array.elementType()), array.elementType());
    }
    if (type instanceof MapType map) {
      // A string key is the field name as it is: no JSON node to build for it and convert.
      ValueConverter key = map.keyType() instanceof org.apache.spark.sql.types.StringType ? null
          : forType(column, map.keyType());
      return new MapConverter(key, forType(column, map.valueType()), map.valueType());
    }
    ValueConverter scalar = Scalars.forType(type);
    if (scalar == null) {
      throw new InternalException(
          "Cannot convert column '" + column + "': type " + type.simpleString() + " is not supported");
    }
    return scalar;
  }
}
