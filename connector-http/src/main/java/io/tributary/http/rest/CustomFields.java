package io.tributary.http.rest;

import io.tributary.api.Columns;
import io.tributary.api.OptionDef;
import io.tributary.api.OptionValues;
import io.tributary.api.UserException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * A column holding a record's account-specific fields, such as {@code custom_fields}. Their names
 * differ per account, so a static schema cannot list them: by default the column is a map from
 * field name to the value's text, which keeps every value whole; the {@value #CUSTOM_FIELDS} table
 * option turns it into a struct of typed fields the user declares, and the values of fields not
 * declared go to {@code _rescued_data}. A table declares its column with {@link
 * RestTable.Builder#customFields(String)}; a source offers the option by adding {@link #OPTION} to
 * its table options.
 */
public final class CustomFields {
  public static final String CUSTOM_FIELDS = "custom_fields";

  private static final String NAME = "[A-Za-z_][A-Za-z0-9_]*";
  private static final String TYPE = "(?:string|long|double|boolean|decimal|date|timestamp)";
  private static final String ENTRY = "\\s*" + NAME + "\\s*:\\s*" + TYPE + "\\s*";
  static final String LIST_REGEX = "(?i)" + ENTRY + "(?:," + ENTRY + ")*";
  public static final String HINT =
      "must be name:type pairs separated by commas, such as cost_center:string,budget:decimal; "
          + "types are string, long, double, boolean, decimal, date, timestamp";

  public static final OptionDef OPTION = OptionDef.list(CUSTOM_FIELDS)
      .matching(LIST_REGEX, HINT)
      .doc("Your account's own custom fields as name:type pairs, comma-separated, for example "
          + "cost_center:string,budget:decimal,go_live:timestamp. Types: string, long, double, "
          + "boolean, decimal (DECIMAL(10,2)), date, timestamp. When set, the table's custom-fields "
          + "column (the one the tables below describe as account-specific fields) becomes a struct of exactly these typed fields and "
          + "the values of fields not declared go to _rescued_data. When unset, the column is a "
          + "map from field name to the value's text.");

  private CustomFields() {}

  /**
   * The schema of {@code table} for its table options: {@code column} typed as the user declared,
   * or, for a table without such a column (null), the schema as it is, refusing the option.
   */
  static Function<OptionValues, StructType> schema(String table, StructType schema, String column) {
    return options -> {
      // Only a source that offers the option can have a value for it.
      boolean set = options.has(CUSTOM_FIELDS);
      if (column == null) {
        if (set) {
          throw new UserException("Cannot set option '" + CUSTOM_FIELDS + "' for table '" + table
              + "': its records have no custom fields");
        }
        return schema;
      }
      StructField[] fields = schema.fields().clone();
      for (int i = 0; i < fields.length; i++) {
        if (fields[i].name().equals(column)) {
          fields[i] = column(table, fields[i], set ? options.list(CUSTOM_FIELDS) : List.of());
        }
      }
      return new StructType(fields);
    };
  }

  /** The column: a typed struct when fields are declared, else a map; its other tags (pii) kept. */
  private static StructField column(String table, StructField original, List<String> declared) {
    String name = original.name();
    if (declared.isEmpty()) {
      return keepTags(original, Columns.doc(Columns.map(name, DataTypes.StringType),
          "Account-specific fields, name to value as text; declare them with the custom_fields "
              + "table option to get typed columns."));
    }
    List<StructField> fields = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (String entry : declared) {
      int colon = entry.indexOf(':');
      String field = entry.substring(0, colon).trim();
      if (!seen.add(field)) {
        throw new UserException("Cannot use option '" + CUSTOM_FIELDS + "' for table '" + table
            + "': field '" + field + "' is declared twice");
      }
      fields.add(Columns.column(field, typeOf(entry.substring(colon + 1).trim().toLowerCase(Locale.ROOT))));
    }
    return keepTags(original, Columns.doc(Columns.column(name, new StructType(fields.toArray(StructField[]::new))),
        "Account-specific fields declared with the custom_fields table option; undeclared ones "
            + "go to _rescued_data."));
  }

  private static StructField keepTags(StructField original, StructField retyped) {
    return Columns.isPii(original) ? Columns.pii(retyped) : retyped;
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
