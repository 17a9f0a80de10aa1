package io.tributary.source.salesforce;

import java.util.List;
import java.util.Optional;

/**
 * One table: a Salesforce object with the fields a read selects.
 *
 * @param name the object's API name, which is also the table name
 * @param fields every field the object offers before per-table options filter them
 * @param cursor the timestamp incremental reads order on; empty for a full-read object
 * @param kind how the table is read
 * @param softDeletes whether the object has {@code IsDeleted} (User and UserRole do not)
 * @param hardDeletes whether {@code /sobjects/X/deleted/} applies (objects that cannot be deleted
 *     refuse it)
 */
record SalesforceTable(
    String name, List<SalesforceField> fields, Optional<String> cursor, Kind kind,
    boolean softDeletes, boolean hardDeletes) {

  enum Kind {
    /** Upserts on SystemModstamp, with soft and hard deletes. */
    CDC,
    /** Immutable rows (history objects) on CreatedDate. */
    APPEND,
    /** No usable cursor: every read is a full read. */
    FULL
  }

  SalesforceTable {
    fields = List.copyOf(fields);
  }

  Optional<SalesforceField> field(String fieldName) {
    return fields.stream().filter(f -> f.name().equals(fieldName)).findFirst();
  }
}
