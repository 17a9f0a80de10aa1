package io.tributary.testkit;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/** Schema walks for the checks. */
final class Schemas {
  private Schemas() {}

  /**
   * Paths of fields whose name repeats within one struct, at any depth, ignoring case as Spark
   * resolves columns case-insensitively by default.
   */
  static List<String> duplicateFields(StructType schema) {
    List<String> duplicates = new ArrayList<>();
    walk(schema, "", duplicates);
    return duplicates;
  }

  private static void walk(DataType type, String prefix, List<String> duplicates) {
    if (type instanceof StructType struct) {
      Set<String> seen = new HashSet<>();
      for (StructField field : struct.fields()) {
        String path = prefix + field.name();
        if (!seen.add(field.name().toLowerCase(Locale.ROOT))) {
          duplicates.add(path);
        }
        walk(field.dataType(), path + ".", duplicates);
      }
    } else if (type instanceof ArrayType array) {
      walk(array.elementType(), prefix.isEmpty() ? "[]." : prefix.substring(0, prefix.length() - 1) + "[].", duplicates);
    } else if (type instanceof MapType map) {
      walk(map.valueType(), prefix.isEmpty() ? "{}." : prefix.substring(0, prefix.length() - 1) + "{}.", duplicates);
    }
  }
}
