package io.tributary.api;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How a table is ingested.
 *
 * @param primaryKeys the columns that identify a record; never empty
 * @param cursorField the column incremental reads filter and order on; present for every type
 *     except {@link IngestionType#SNAPSHOT}
 * @param ingestionType how records are applied to the destination
 * @param childOf present when the table's rows are a nested list of another table's records
 */
public record TableMetadata(
    List<String> primaryKeys,
    Optional<String> cursorField,
    IngestionType ingestionType,
    Optional<ChildOf> childOf) {

  public TableMetadata {
    primaryKeys = List.copyOf(primaryKeys);
    if (primaryKeys.isEmpty()) {
      throw new IllegalArgumentException("a table needs at least one primary key");
    }
    Objects.requireNonNull(cursorField, "cursorField");
    Objects.requireNonNull(ingestionType, "ingestionType");
    Objects.requireNonNull(childOf, "childOf");
    if (ingestionType.incremental() && cursorField.isEmpty()) {
      throw new IllegalArgumentException("a " + ingestionType + " table needs a cursor field");
    }
  }

  public static TableMetadata snapshot(String... primaryKeys) {
    return new TableMetadata(List.of(primaryKeys), Optional.empty(), IngestionType.SNAPSHOT, Optional.empty());
  }

  public static TableMetadata cdc(String cursor, String... primaryKeys) {
    return new TableMetadata(List.of(primaryKeys), Optional.of(cursor), IngestionType.CDC, Optional.empty());
  }

  public static TableMetadata cdcWithDeletes(String cursor, String... primaryKeys) {
    return new TableMetadata(
        List.of(primaryKeys), Optional.of(cursor), IngestionType.CDC_WITH_DELETES, Optional.empty());
  }

  public static TableMetadata append(String cursor, String... primaryKeys) {
    return new TableMetadata(List.of(primaryKeys), Optional.of(cursor), IngestionType.APPEND, Optional.empty());
  }

  public TableMetadata asChildOf(ChildOf parent) {
    return new TableMetadata(primaryKeys, cursorField, ingestionType, Optional.of(parent));
  }

  /**
   * Says that a table's rows come from a nested list of a parent table's records. When a parent is
   * re-read its child rows are replaced; when a parent is deleted its child rows are deleted.
   *
   * @param parentTable the parent's table name
   * @param parentKeyColumns the child's columns that hold the parent's primary key, in the order
   *     of the parent's primary keys; each must also be one of the child's primary keys
   */
  public record ChildOf(String parentTable, List<String> parentKeyColumns) {
    public ChildOf {
      Objects.requireNonNull(parentTable, "parentTable");
      parentKeyColumns = List.copyOf(parentKeyColumns);
      if (parentKeyColumns.isEmpty()) {
        throw new IllegalArgumentException("a child table needs its parent's key columns");
      }
    }
  }
}
