package io.tributary.source.freshdesk;

import io.tributary.api.TableMetadata;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.spark.sql.types.StructType;

/**
 * One table, declared: where it lives, how it is read and what its rows look like. Freshdesk
 * lists are bare JSON arrays, paged with {@code page}/{@code per_page} and a {@code Link} header.
 *
 * @param path the list endpoint, such as {@code /api/v2/tickets}; for conversations a template
 *     with {@code {id}} for the ticket
 * @param sinceParam the list's lower-bound filter on the cursor ({@code updated_since}, {@code
 *     _updated_since}, {@code created_since}); null for snapshots
 * @param query parameters every request of this table sends
 * @param recordFilters for incremental tables, one list per entry; their union is the table
 * @param deleteFilters for {@code cdc_with_deletes}, the lists whose records are deletes
 * @param maxPagesPerQuery the page wall of the list (tickets: 300); 0 for none
 */
record FreshdeskTable(
    String name,
    String path,
    Read read,
    TableMetadata metadata,
    StructType schema,
    String sinceParam,
    Map<String, String> query,
    List<Map<String, String>> recordFilters,
    List<Map<String, String>> deleteFilters,
    int maxPagesPerQuery) {

  enum Read { INCREMENTAL, SNAPSHOT, CONVERSATIONS }

  FreshdeskTable {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(read, "read");
    Objects.requireNonNull(metadata, "metadata");
    Objects.requireNonNull(schema, "schema");
    query = Map.copyOf(query);
    recordFilters = List.copyOf(recordFilters);
    deleteFilters = List.copyOf(deleteFilters);
  }

  /**
   * True for the list of {@code filter} when it is the default list and this table asks for it in
   * ascending order of its cursor, as the vendor documents {@code order_by}/{@code order_type} for
   * it. Filtered lists (spam, deleted) are not counted as sorted: the docs do not say they honour
   * the order, and a re-query from a cursor in an unsorted list would pass records over.
   */
  boolean sortedByCursor(Map<String, String> filter) {
    return filter.isEmpty() && "asc".equals(query.get("order_type"))
        && metadata.cursorField().filter(c -> c.equals(query.get("order_by"))).isPresent();
  }

  boolean reportsDeletes() {
    return !deleteFilters.isEmpty();
  }
}
