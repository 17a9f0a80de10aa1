package io.tributary.source.freshservice;

import io.tributary.api.Columns;
import io.tributary.api.OptionValues;
import io.tributary.api.UserException;
import java.util.HashSet;
import java.util.Set;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The column holding a record's instance-specific fields ({@code custom_fields}, or an asset's
 * {@code type_fields}). Their names differ per Freshservice account, so a static schema cannot
 * list them: by default the column is a map from field name to the value's text, which keeps every
 * value whole; the {@value FreshserviceOptions#CUSTOM_FIELDS} table option turns it into a struct
 * of typed fields the user declares.
 */
final class FreshserviceCustomFields {
  private static final String NAME = "[A-Za-z_][A-Za-z0-9_]*";
  private static final String TYPE = "(?:string|long|double|boolean|decimal|date|timestamp)";
  private static final String ENTRY = "\\s*" + NAME + "\\s*:\\s*" + TYPE + "\\s*";
  static final String LIST_REGEX = "(?i)" + ENTRY + "(?:," + ENTRY + ")*";
  static final String HINT =
      "must be name:type pairs separated by commas, such as cost_center:string,budget:decimal; "
          + "types are string, long, double, boolean, decimal, date, timestamp";

  private FreshserviceCustomFields() {}

  /** The column named {@code name}: a typed struct when fields are declared, else a map. */
  static StructField column(String table, String name, OptionValues tableOptions) {
    List<String> declared = tableOptions.has(FreshserviceOptions.CUSTOM_FIELDS)
        ? tableOptions.list(FreshserviceOptions.CUSTOM_FIELDS)
        : List.of();
    if (declared.isEmpty()) {
      return Columns.doc(Columns.map(name, DataTypes.StringType),
          "Instance-specific fields, name to value as text; declare them with the custom_fields "
              + "table option to get typed columns.");
    }
    List<StructField> fields = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (String entry : declared) {
      int colon = entry.indexOf(':');
      String field = entry.substring(0, colon).trim();
      if (!seen.add(field)) {
        throw new UserException("Cannot use option '" + FreshserviceOptions.CUSTOM_FIELDS
            + "' for table '" + table + "': field '" + field + "' is declared twice");
      }
      String type = entry.substring(colon + 1).trim().toLowerCase(Locale.ROOT);
      fields.add(Columns.column(field, typeOf(type)));
    }
    return Columns.doc(Columns.column(name, new StructType(fields.toArray(StructField[]::new))),
        "Instance-specific fields declared with the custom_fields table option; undeclared ones "
            + "go to _rescued_data.");
  }

  private static DataType typeOf(String type) {
    return switch (type) {
      case "string" -> DataTypes.StringType;
      case "long" -> DataTypes.LongType;
      case "double" -> DataTypes.DoubleType;
      case "boolean" -> DataTypes.BooleanType;
      case "decimal" -> DataTypes.createDecimalType(10, 2);
      case "date" -> DataTypes.DateType;
      case "timestamp" -> DataTypes.TimestampType;
      default -> throw new IllegalArgumentException("unchecked custom field type " + type);
    };
  }
}
