package io.tributary.source.salesforce;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.api.CommonOptions;
import io.tributary.api.ExternalException;
import io.tributary.api.Offset;
import io.tributary.api.OptionValues;
import io.tributary.api.ReadPartition;
import io.tributary.api.ReadResult;
import io.tributary.api.UserException;
import io.tributary.http.CursorPartitions;
import io.tributary.http.CursorWindow;
import io.tributary.http.Cursors;
import io.tributary.http.KeysetListing;
import io.tributary.http.Page;
import io.tributary.http.PageFetcher;
import io.tributary.http.WindowPlanner;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A long read of a SOQL-queried object planned as {@code SystemModstamp} ranges {@code [lo, hi)},
 * each one query ordered by (cursor, Id) followed to its last page, that executors read in parallel.
 *
 * <p>The range runs from where the sequential listing would start ({@code start_date}, the epoch,
 * or the watermark minus the lookback) to the start of the current second; every partition ends the
 * batch at the last closed second, the offset a listing started now would reach. A range larger
 * than {@code max_pages_per_batch} query pages is planned a batch at a time, the batch's ranges
 * together about that many pages: the ranges cover a prefix of it and end the batch at the second before
 * the rest, which the next batch plans ({@link CursorPartitions#bounded}). A record changed
 * while a range is read gets a cursor past the plan's end and is read by the next incremental
 * listing. A first read that goes through Bulk API ({@code bulk_threshold}) stays there: Bulk
 * export is one job, not ranges.
 */
final class SalesforcePartitions {
  /** Shorter ranges are read serially, with no probe: an incremental run is not worth planning. */
  static final Duration MIN_SPAN = Duration.ofHours(1);
  /** SOQL datetime literals carry whole seconds. */
  private static final Duration UNIT = Duration.ofSeconds(1);

  private SalesforcePartitions() {}

  /**
   * The ranges of a read of {@code table} from {@code start}, or none to read it serially: not a
   * {@code SystemModstamp} object, in the middle of a listing, {@code max_partitions} 1, shorter than
   * {@link #MIN_SPAN}, one range, or a probe Salesforce timed out on (the serial listing narrows its
   * window instead). On a replay ({@code end} given) the ranges end at the second after its
   * watermark. Costs about one query per range.
   */
  static List<ReadPartition> plan(SalesforceTable table, SalesforceClient client, List<String> select, Clock clock,
      Offset start, Optional<Offset> end, OptionValues options) {
    if (table.kind() != SalesforceTable.Kind.CDC || !start.state().isEmpty()
        || options.integer(CommonOptions.MAX_PARTITIONS) < 2) {
      return List.of();
    }
    Instant lo = SalesforceListing.of(table, options, clock, r -> true).firstSince(start.watermarkIfSet());
    Optional<Instant> upper = CursorPartitions.upperBound(end, clock, UNIT);
    if (upper.isEmpty() || !lo.isBefore(upper.get())
        || (end.isEmpty() && Duration.between(lo, upper.get()).compareTo(MIN_SPAN) < 0)) {
      return List.of();
    }
    Instant hi = upper.get();
    int batch = options.integer(SalesforceOptions.BATCH_SIZE);
    WindowPlanner planner = CursorPartitions.bounded(WindowPlanner.of(Cursors.field(table.cursor().orElseThrow()), UNIT,
        batch, options.integer(CommonOptions.MAX_PARTITIONS)), end, options).concurrently(client.maxConcurrentRequests());
    List<CursorWindow> windows;
    try {
      windows = planner.split(new CursorWindow(lo, hi), probe(table, client, select, batch));
    } catch (SalesforceClient.QueryTimeout timeout) {
      return List.of();
    }
    return CursorPartitions.of(table.name(), windows, UNIT, end);
  }

  /**
   * Every live record of one planned range: one query, followed to its last page (a query locator
   * lists what matched when the query ran, so nothing shifts between pages). When Salesforce times
   * out, the range is read as two halves.
   */
  static ReadResult read(SalesforceTable table, ReadPartition partition, SalesforceClient client, List<String> select,
      OptionValues options) {
    if (table.kind() != SalesforceTable.Kind.CDC) {
      throw new UserException("Cannot read partition " + partition.id() + " of table '" + table.name()
          + "': the table is read sequentially, never in SystemModstamp ranges");
    }
    List<ObjectNode> records = new ArrayList<>();
    readRange(table, CursorPartitions.window(partition), client, select, options.integer(SalesforceOptions.BATCH_SIZE),
        records);
    return new ReadResult(records, Offset.fromJson(partition.endOffset()));
  }

  private static void readRange(SalesforceTable table, CursorWindow window, SalesforceClient client,
      List<String> select, int batch, List<ObjectNode> records) {
    List<ObjectNode> read = new ArrayList<>();
    try {
      String soql = SalesforceSoql.incremental(table.name(), select, table.cursor().orElseThrow(),
          new KeysetListing.Range(window.lo(), Optional.of(window.hi()), Optional.empty()), Optional.empty());
      for (Page page = client.queryAll(soql, batch); ; page = client.next(page.next().get())) {
        read.addAll(page.records());
        if (page.next().isEmpty()) {
          break;
        }
      }
    } catch (SalesforceClient.QueryTimeout timeout) {
      long half = Duration.between(window.lo(), window.hi()).getSeconds() / 2;
      if (half < 1) {
        throw new ExternalException("Cannot read table '" + table.name() + "': Salesforce answers QUERY_TIMEOUT "
            + "even for a one-second range from " + window.lo() + "; the object needs a selective index on "
            + table.cursor().orElseThrow() + " (ask Salesforce support) or fewer columns (pii=drop, "
            + "formula_fields=exclude)", 400, timeout.getMessage(), true);
      }
      Instant middle = window.lo().plusSeconds(half);
      readRange(table, new CursorWindow(window.lo(), middle), client, select, batch, records);
      readRange(table, new CursorWindow(middle, window.hi()), client, select, batch, records);
      return;
    }
    for (ObjectNode record : read) {
      if (!record.path(SalesforceObjects.IS_DELETED).asBoolean(false)) {
        records.add(record);
      }
    }
  }

  /** The planner's probe: the first page of a range, {@code since <= cursor <= until}, by (cursor, Id). */
  private static PageFetcher probe(SalesforceTable table, SalesforceClient client, List<String> select, int batch) {
    return PageFetcher.sortedByCursor(PageFetcher.windowed((since, until, next) -> next.isPresent()
        ? client.next(next.get())
        : client.queryAll(SalesforceSoql.incremental(table.name(), select, table.cursor().orElseThrow(),
            new KeysetListing.Range(since, Optional.of(until.plus(UNIT)), Optional.empty()), Optional.empty()), batch)));
  }
}
