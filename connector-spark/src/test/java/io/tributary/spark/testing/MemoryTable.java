package io.tributary.spark.testing;

import static io.tributary.api.Columns.array;
import static io.tributary.api.Columns.bool;
import static io.tributary.api.Columns.decimal;
import static io.tributary.api.Columns.id;
import static io.tributary.api.Columns.map;
import static io.tributary.api.Columns.string;
import static io.tributary.api.Columns.struct;
import static io.tributary.api.Columns.timestamp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.api.TableMetadata;
import io.tributary.api.Tables;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/** The memory connector's tables: one of every ingestion type, and a child table. */
enum MemoryTable {
  /** Snapshot: every read returns the whole table, paged by key. */
  ITEMS("items", TableMetadata.snapshot("id"), new StructType(new StructField[] {
      id("id"), string("name"), decimal("price", 10, 2), bool("active"), timestamp("updated_at")})),
  /** cdc_with_deletes, with nested types. */
  TICKETS("tickets", TableMetadata.cdcWithDeletes("updated_at", "id"), new StructType(new StructField[] {
      id("id"), string("subject"), string("status"), decimal("amount", 12, 2),
      array("tags", DataTypes.StringType), map("custom_fields", DataTypes.StringType),
      struct("requester", id("id"), string("email")),
      timestamp("created_at"), timestamp("updated_at")})),
  /** cdc without deletes. */
  CONTACTS("contacts", TableMetadata.cdc("updated_at", "id"), new StructType(new StructField[] {
      id("id"), string("name"), string("email"), timestamp("updated_at")})),
  /** append: immutable events. */
  EVENTS("events", TableMetadata.append("created_at", "id"), new StructType(new StructField[] {
      id("id"), string("type"), map("payload", DataTypes.StringType), timestamp("created_at")})),
  /**
   * Child of tickets: read by listing changed tickets; each read reports the listed tickets as
   * complete parents, so a conversation removed from its ticket disappears downstream.
   */
  CONVERSATIONS("conversations",
      TableMetadata.cdc("updated_at", "ticket_id", "id")
          .asChildOf(new TableMetadata.ChildOf("tickets", List.of("ticket_id"))),
      new StructType(new StructField[] {
          id("ticket_id"), id("id"), string("body"), timestamp("updated_at")}));

  static final List<String> NAMES = Arrays.stream(values()).map(t -> t.tableName).toList();

  private final String tableName;
  private final TableMetadata metadata;
  private final StructType schema;

  MemoryTable(String tableName, TableMetadata metadata, StructType schema) {
    this.tableName = tableName;
    this.metadata = metadata;
    this.schema = schema;
  }

  static MemoryTable named(String name) {
    for (MemoryTable table : values()) {
      if (table.tableName.equals(name)) {
        return table;
      }
    }
    throw Tables.unknown(name, NAMES);
  }

  String tableName() {
    return tableName;
  }

  TableMetadata metadata() {
    return metadata;
  }

  StructType schema() {
    return schema;
  }

  List<String> primaryKeys() {
    return metadata.primaryKeys();
  }

  /** The cursor column, or null for snapshot tables. */
  String cursor() {
    return metadata.cursorField().orElse(null);
  }

  /** The key as text, such as "7" or "3,12"; keys of memory tables are whole numbers. */
  String keyText(ObjectNode record) {
    return primaryKeys().stream().map(k -> {
      JsonNode value = record.get(k);
      if (value == null || !value.canConvertToLong()) {
        throw new IllegalArgumentException(
            "memory table '" + tableName + "' needs a whole-number '" + k + "': " + record);
      }
      return Long.toString(value.asLong());
    }).collect(Collectors.joining(","));
  }

  /** The key as numbers, for ordering. */
  long[] key(ObjectNode record) {
    return primaryKeys().stream().mapToLong(k -> record.get(k).asLong()).toArray();
  }
}
