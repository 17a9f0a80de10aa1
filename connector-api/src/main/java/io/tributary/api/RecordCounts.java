package io.tributary.api;

import java.time.Instant;
import java.util.Optional;

/**
 * An optional mixin for a {@link Connector} that can count a table's records at the source with
 * the API's cheapest count, so a run can show that its Delta table holds what the source holds.
 * Reconciliation only reports: a count that fails or differs never fails a run.
 *
 * <p>Called on the driver after a table's run, with the table's watermark as {@code upTo}. Must
 * cost at most a few requests.
 */
public interface RecordCounts {

  /**
   * Counts the records of {@code table} the source holds now, as the table keeps them: deleted
   * records are not counted for tables that report deletes, and records a table keeps as rows
   * (spam tickets, say) are.
   *
   * @param upTo for a table with a cursor, count only records whose cursor is at or before this
   *     instant; empty to count the whole table. A source that cannot bound its count by the
   *     cursor counts the whole table and says so in the result's {@link RecordCount#upTo()}.
   * @return the count, or empty when this table cannot be counted
   * @throws ExternalException when the provider refuses the count; the caller reports it
   */
  Optional<RecordCount> count(String table, Optional<Instant> upTo, OptionValues tableOptions);
}
