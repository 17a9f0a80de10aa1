package io.tributary.source.freshservice;

import io.tributary.api.OptionValues;
import io.tributary.api.TableMetadata;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * One table, declared: where it lives, how it is read and what its rows look like.
 *
 * @param name the table name users write
 * @param path the list endpoint under the API root, such as {@code /api/v2/tickets}; for a child
 *     table a template with {@code {id}} for the parent's id
 * @param envelope the body key the records are listed under
 * @param read how the table is read
 * @param metadata keys, cursor and ingestion type
 * @param baseSchema the schema with the instance-specific column as a map
 * @param customColumn the instance-specific column the {@code custom_fields} option retypes; null
 *     when the table has none
 * @param planFeature the Freshservice module a 403 most likely means the plan lacks
 * @param query parameters every request of this table sends
 * @param recordFilters for incremental tables, one listing per entry, each adding its parameters
 *     (the empty map is the default listing); their union is the table
 * @param deleteFilters for {@code cdc_with_deletes} tables, the listings whose records are deletes
 */
record FreshserviceTable(
    String name,
    String path,
    String envelope,
    Read read,
    TableMetadata metadata,
    StructType baseSchema,
    String customColumn,
    String planFeature,
    Map<String, String> query,
    List<Map<String, String>> recordFilters,
    List<Map<String, String>> deleteFilters) {

  /** How a table's records are fetched. */
  enum Read {
    /** Filtered on updated_since, ascending updated_at; watermark on completed listings. */
    INCREMENTAL,
    /** Every page, every run. */
    SNAPSHOT,
    /** A list per service-request ticket, every run. */
    PER_SERVICE_REQUEST
  }

  FreshserviceTable {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(envelope, "envelope");
    Objects.requireNonNull(read, "read");
    Objects.requireNonNull(metadata, "metadata");
    Objects.requireNonNull(baseSchema, "baseSchema");
    Objects.requireNonNull(planFeature, "planFeature");
    query = Map.copyOf(query);
    recordFilters = List.copyOf(recordFilters);
    deleteFilters = List.copyOf(deleteFilters);
    if (customColumn != null && !List.of(baseSchema.fieldNames()).contains(customColumn)) {
      throw new IllegalArgumentException("table " + name + " has no column " + customColumn);
    }
  }

  /** The schema for these table options: the custom column typed as the user declared. */
  StructType schema(OptionValues tableOptions) {
    if (customColumn == null) {
      return baseSchema;
    }
    StructField[] fields = baseSchema.fields().clone();
    for (int i = 0; i < fields.length; i++) {
      if (fields[i].name().equals(customColumn)) {
        fields[i] = FreshserviceCustomFields.column(name, customColumn, tableOptions);
      }
    }
    return new StructType(fields);
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
