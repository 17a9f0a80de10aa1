package io.tributary.source.chargebee;

import io.tributary.api.Columns;
import io.tributary.api.InternalException;
import io.tributary.api.OptionValues;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The static schemas, declared as Spark DDL in {@code schemas/<table>.ddl}, one column per line.
 * Two pseudo-types keep the files short: {@code MONEY} is a {@code BIGINT} documented as minor
 * units, and {@code CUSTOM_FIELDS} is the map of {@code cf_*} fields.
 */
final class ChargebeeSchemas {
  static final String CUSTOM_FIELDS = "custom_fields";
  static final String MONEY_DOC =
      "Amount in the minor unit of the currency_code (cents for USD; whole units for "
          + "zero-decimal currencies such as JPY), as Chargebee returns it. Divide by 100 for USD.";
  private static final String CUSTOM_FIELDS_DOC =
      "The cf_* custom fields of the site, keyed by field name, values as text. Declare typed ones "
          + "with the custom_field_types table option.";
  private static final Set<String> PII = Set.of(
      "first_name", "last_name", "email", "phone", "company", "vat_number", "billing_address",
      "created_from_ip", "ip_address", "card", "account_number", "notes", "gift_receiver",
      "gifter", "masked_card_number");
  private static final Map<String, StructType> BASE = new ConcurrentHashMap<>();

  private ChargebeeSchemas() {}

  /** The table's schema, with the typed custom fields {@code tableOptions} declares. */
  static StructType schema(ChargebeeTable table, OptionValues tableOptions) {
    StructType base = BASE.computeIfAbsent(table.name(), ChargebeeSchemas::load);
    Map<String, DataType> typed = typedCustomFields(tableOptions);
    if (typed.isEmpty() || base.getFieldIndex(CUSTOM_FIELDS).isEmpty()) {
      return base;
    }
    List<StructField> fields = new ArrayList<>(List.of(base.fields()));
    typed.forEach((name, type) -> fields.add(Columns.doc(Columns.column(name, type),
        "Custom field " + name + ", typed by the custom_field_types table option.")));
    return new StructType(fields.toArray(StructField[]::new));
  }

  /** {@code custom_field_types}, parsed: field name to Spark type, in declaration order. */
  static Map<String, DataType> typedCustomFields(OptionValues tableOptions) {
    Map<String, DataType> typed = new LinkedHashMap<>();
    for (String pair : tableOptions.list(ChargebeeOptions.CUSTOM_FIELD_TYPES)) {
      String[] parts = pair.split(":");
      typed.put(parts[0].trim(), switch (parts[1].trim()) {
        case "long" -> DataTypes.LongType;
        case "double" -> DataTypes.DoubleType;
        case "boolean" -> DataTypes.BooleanType;
        case "timestamp" -> DataTypes.TimestampType;
        default -> DataTypes.StringType;
      });
    }
    return typed;
  }

  private static StructType load(String table) {
    String resource = "schemas/" + table + ".ddl";
    List<String> columns = new ArrayList<>();
    for (String line : read(resource).split("\n")) {
      String trimmed = line.strip();
      if (trimmed.isEmpty()) {
        continue;
      }
      int space = trimmed.indexOf(' ');
      String name = trimmed.substring(0, space);
      String type = trimmed.substring(space + 1)
          .replace("CUSTOM_FIELDS", "MAP<STRING, STRING> COMMENT '" + CUSTOM_FIELDS_DOC + "'")
          .replace("MONEY", "BIGINT COMMENT '" + MONEY_DOC + "'");
      columns.add("`" + name + "` " + type);
    }
    StructType parsed = StructType.fromDDL(String.join(", ", columns));
    List<StructField> tagged = new ArrayList<>();
    for (StructField field : parsed.fields()) {
      tagged.add(PII.contains(field.name()) ? Columns.pii(field) : field);
    }
    return new StructType(tagged.toArray(StructField[]::new));
  }

  private static String read(String resource) {
    try (InputStream in = ChargebeeSchemas.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new InternalException("Cannot load schema " + resource + ": it is not on the class path");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new InternalException("Cannot load schema " + resource + ": " + e.getMessage(), e);
    }
  }
}
