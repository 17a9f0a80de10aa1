package io.tributary.spark;

import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.unsafe.types.UTF8String;

/** The values of the {@code _change_type} column of a {@code read=changes} stream. */
enum ChangeType {
  /** A record to insert or update. */
  UPSERT("upsert"),
  /** The key of a deleted record. */
  DELETE("delete"),
  /**
   * A row holding only a parent's key columns: the upserts of this batch are the complete set of
   * that parent's children, so children not among them are gone.
   */
  PARENT_REFRESH("parent_refresh");

  /** The column's name. */
  static final String COLUMN = "_change_type";

  private final String wireName;
  private final GenericInternalRow row;

  ChangeType(String wireName) {
    this.wireName = wireName;
    this.row = new GenericInternalRow(new Object[] {UTF8String.fromString(wireName)});
  }

  String wireName() {
    return wireName;
  }

  /** A one-column row holding this value, appended to converted rows. */
  GenericInternalRow row() {
    return row;
  }
}
