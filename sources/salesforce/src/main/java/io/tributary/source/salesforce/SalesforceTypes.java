package io.tributary.source.salesforce;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.tributary.api.Columns;
import java.math.BigDecimal;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Salesforce field types to Spark types, one rule for static schemas and describe alike: IDs and
 * references are strings, currency is DECIMAL(18,2), dates and datetimes are DATE and TIMESTAMP,
 * compound address and location fields are structs.
 */
final class SalesforceTypes {
  static final StructType ADDRESS = new StructType(new StructField[] {
      Columns.string("street"), Columns.string("city"), Columns.string("state"),
      Columns.string("stateCode"), Columns.string("postalCode"), Columns.string("country"),
      Columns.string("countryCode"), Columns.column("latitude", DataTypes.DoubleType),
      Columns.column("longitude", DataTypes.DoubleType), Columns.string("geocodeAccuracy")});

  static final StructType LOCATION = new StructType(new StructField[] {
      Columns.column("latitude", DataTypes.DoubleType), Columns.column("longitude", DataTypes.DoubleType)});

  /** Components of an address field that Bulk queries can select, by struct field. */
  static final List<String> ADDRESS_PARTS = List.of(
      "street", "city", "state", "postalCode", "country", "latitude", "longitude", "geocodeAccuracy");

  /** Field names that hold personal data or free text whatever their type. */
  private static final Set<String> PII_NAMES = Set.of(
      "Name", "FirstName", "LastName", "MiddleName", "Suffix", "Email", "Phone", "MobilePhone",
      "HomePhone", "OtherPhone", "AssistantPhone", "AssistantName", "Fax", "Description",
      "Comments", "Username", "Alias", "CommunityNickname", "Birthdate", "Subject", "SuppliedName",
      "SuppliedEmail", "SuppliedPhone");

  private SalesforceTypes() {}

  static DataType sparkType(String sfType) {
    return switch (sfType) {
      case "boolean" -> DataTypes.BooleanType;
      case "int" -> DataTypes.LongType;
      case "double" -> DataTypes.DoubleType;
      case "currency" -> DataTypes.createDecimalType(18, 2);
      case "percent" -> DataTypes.createDecimalType(18, 4);
      case "date" -> DataTypes.DateType;
      case "datetime" -> DataTypes.TimestampType;
      case "address" -> ADDRESS;
      case "location" -> LOCATION;
      // id, reference, string, picklist, multipicklist, combobox, textarea, email, phone, url,
      // encryptedstring, time, anyType, base64: text is the one lossless choice.
      default -> DataTypes.StringType;
    };
  }

  static StructField column(SalesforceField field) {
    StructField column = Columns.column(field.name(), sparkType(field.type()));
    return field.pii() ? Columns.pii(column) : column;
  }

  /** The PII rule for fields read from describe: by name, or by a type that holds free text. */
  static boolean looksPersonal(String name, String sfType) {
    return PII_NAMES.contains(name) || sfType.equals("email") || sfType.equals("phone")
        || sfType.equals("textarea") || sfType.equals("address");
  }

  /** The prefix of an address field's components: Billing for BillingAddress, "" for Address. */
  static String addressPrefix(String addressField) {
    return addressField.endsWith("Address")
        ? addressField.substring(0, addressField.length() - "Address".length())
        : addressField;
  }

  /** A component's API name: BillingPostalCode for (BillingAddress, postalCode). */
  static String addressComponent(String addressField, String part) {
    return addressPrefix(addressField) + Character.toUpperCase(part.charAt(0)) + part.substring(1);
  }

  /**
   * A Bulk CSV cell as the JSON value REST would have sent: empty is null (Bulk writes null as an
   * empty cell), numbers and booleans are typed, everything else stays text.
   */
  static JsonNode fromCsv(String sfType, String cell) {
    if (cell == null || cell.isEmpty()) {
      return NullNode.getInstance();
    }
    try {
      return switch (sfType) {
        case "boolean" -> BooleanNode.valueOf(Boolean.parseBoolean(cell));
        case "int" -> LongNode.valueOf(new BigDecimal(cell).longValueExact());
        case "double", "currency", "percent" -> DecimalNode.valueOf(new BigDecimal(cell));
        default -> TextNode.valueOf(cell);
      };
    } catch (ArithmeticException | NumberFormatException e) {
      // Left as text, the row converter rescues it instead of losing it.
      return TextNode.valueOf(cell);
    }
  }
}
