package io.tributary.api;

import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.MetadataBuilder;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Helpers for declaring table schemas, and the column tags the framework reads.
 *
 * <ul>
 *   <li>{@value #PII}: the column holds personal data or user-entered free text; {@code pii=drop}
 *       removes it.
 *   <li>{@value #COMMENT}: the column's doc, shown in generated docs and as the Delta comment.
 * </ul>
 */
public final class Columns {
  public static final String PII = "tributary.pii";
  public static final String COMMENT = "comment";
  /** The column the framework adds for unknown fields and values that do not fit. */
  public static final String RESCUED_DATA = "_rescued_data";

  private Columns() {}

  public static StructField column(String name, DataType type) {
    return new StructField(name, type, true, Metadata.empty());
  }

  public static StructField id(String name) {
    return column(name, DataTypes.LongType);
  }

  public static StructField integer(String name) {
    return column(name, DataTypes.IntegerType);
  }

  public static StructField date(String name) {
    return column(name, DataTypes.DateType);
  }

  public static StructField string(String name) {
    return column(name, DataTypes.StringType);
  }

  public static StructField bool(String name) {
    return column(name, DataTypes.BooleanType);
  }

  public static StructField timestamp(String name) {
    return column(name, DataTypes.TimestampType);
  }

  public static StructField decimal(String name, int precision, int scale) {
    return column(name, DataTypes.createDecimalType(precision, scale));
  }

  public static StructField array(String name, DataType element) {
    return column(name, DataTypes.createArrayType(element, true));
  }

  public static StructField struct(String name, StructField... fields) {
    return column(name, new StructType(fields));
  }

  public static StructField map(String name, DataType value) {
    return column(name, DataTypes.createMapType(DataTypes.StringType, value, true));
  }

  /** Tags {@code field} as personal data or free text. */
  public static StructField pii(StructField field) {
    return withMetadata(field, new MetadataBuilder().withMetadata(field.metadata()).putBoolean(PII, true).build());
  }

  /** Attaches a doc comment to {@code field}. */
  public static StructField doc(StructField field, String comment) {
    return withMetadata(field, new MetadataBuilder().withMetadata(field.metadata()).putString(COMMENT, comment).build());
  }

  public static boolean isPii(StructField field) {
    return field.metadata().contains(PII) && field.metadata().getBoolean(PII);
  }

  private static StructField withMetadata(StructField field, Metadata metadata) {
    return new StructField(field.name(), field.dataType(), field.nullable(), metadata);
  }
}
