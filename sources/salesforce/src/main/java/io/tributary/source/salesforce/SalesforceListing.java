package io.tributary.source.salesforce;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.api.ExternalException;
import io.tributary.api.OptionValues;
import io.tributary.http.KeysetListing;
import io.tributary.http.Page;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The incremental read of one object over {@code queryAll}, declared on the toolkit's {@link
 * KeysetListing}: ordered by (cursor, Id), pages by {@code nextRecordsUrl}, and a window narrowed
 * whenever Salesforce answers {@code QUERY_TIMEOUT}.
 */
final class SalesforceListing {
  private SalesforceListing() {}

  /**
   * The listing of {@code table} on its cursor.
   *
   * @param keep which records a call returns (all are still used for the position)
   */
  static KeysetListing of(SalesforceTable table, OptionValues tableOptions, Clock clock, Predicate<ObjectNode> keep) {
    String cursor = table.cursor().orElseThrow();
    return KeysetListing.builder(table.name(), cursor, SalesforceObjects.ID)
        .tableOptions(tableOptions)
        .keep(keep)
        .narrowOn(SalesforceClient.QueryTimeout.class, (since, timeout) -> new ExternalException(
            "Cannot read table '" + table.name() + "': Salesforce answers QUERY_TIMEOUT even for a one-second "
                + "window from " + since + "; the object needs a selective index on " + cursor + " (ask "
                + "Salesforce support) or fewer columns (pii=drop, formula_fields=exclude)",
            400, timeout.getMessage(), true))
        .clock(clock)
        .build();
  }

  /**
   * The SOQL query of each window of the listing.
   *
   * @param extra an additional condition, such as {@code IsDeleted = true}
   */
  static KeysetListing.Query query(SalesforceClient client, SalesforceTable table, List<String> select,
      Optional<String> extra, int batchSize) {
    String cursor = table.cursor().orElseThrow();
    return query(client, range -> client.queryAll(
        SalesforceSoql.incremental(table.name(), select, cursor, range, extra), batchSize));
  }

  /**
   * The query of a first read, which goes through Bulk API instead when its first page says it
   * matches more than {@code threshold} rows ({@link TooManyForRest}): Salesforce counts every
   * query's rows in {@code totalSize}, so the read needs no {@code COUNT()} request to decide
   * (it makes one only for a page that lacks the count).
   */
  static KeysetListing.Query firstRead(SalesforceClient client, SalesforceTable table, List<String> select,
      int batchSize, long threshold) {
    String cursor = table.cursor().orElseThrow();
    return query(client, range -> {
      SalesforceClient.Counted first = client.queryAllCounted(
          SalesforceSoql.incremental(table.name(), select, cursor, range, Optional.empty()), batchSize);
      long rows = first.totalSize()
          .orElseGet(() -> client.count(SalesforceSoql.count(table.name(), cursor, range.since())));
      if (rows > threshold) {
        throw new TooManyForRest();
      }
      return first.page();
    });
  }

  /** A first read's query matches more rows than {@code bulk_threshold}: it goes through Bulk API. */
  static final class TooManyForRest extends RuntimeException {
    TooManyForRest() {
      super("more rows than bulk_threshold", null, false, false);
    }
  }

  private static KeysetListing.Query query(SalesforceClient client,
      java.util.function.Function<KeysetListing.Range, Page> first) {
    return new KeysetListing.Query() {
      @Override
      public Page first(KeysetListing.Range range) {
        return first.apply(range);
      }

      @Override
      public Page next(String link) {
        return client.next(link);
      }
    };
  }
}
