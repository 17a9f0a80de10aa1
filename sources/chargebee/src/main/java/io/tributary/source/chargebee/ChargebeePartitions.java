package io.tributary.source.chargebee;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.api.CommonOptions;
import io.tributary.api.Offset;
import io.tributary.api.OptionValues;
import io.tributary.api.ReadPartition;
import io.tributary.api.ReadResult;
import io.tributary.api.UserException;
import io.tributary.http.CursorPartitions;
import io.tributary.http.CursorWindow;
import io.tributary.http.Cursors;
import io.tributary.http.IncrementalListing;
import io.tributary.http.HandedOnce;
import io.tributary.http.WindowPlanner;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * The partitioned first backfill of an {@code updated_at} table, in {@code created_at} windows.
 *
 * <p>The sequential first backfill sends no cursor filter, since records untouched since before
 * Chargebee added {@code updated_at} lack it and a filter on it never matches them ({@link
 * ChargebeeReader}). Every record of a {@link ChargebeeTables#windowsByCreation} table carries
 * {@code created_at}, which never changes, so windows {@code created_at[between]} from the epoch to
 * the plan's closed bound (the last second that had ended when it was planned) together list every
 * record created by then, each once, whether it has {@code updated_at} or not. Their end offset is
 * that bound as the watermark, the offset a sequential listing started then would reach; the next
 * incremental read, {@code updated_at[between]} from it minus the lookback, then delivers whatever
 * changed during the backfill, and whatever was created after the plan, since its {@code
 * updated_at} is no earlier than its {@code created_at}.
 *
 * <p>The windows are not bounded in pages: their end offset is an {@code updated_at} watermark,
 * which cannot say how far a prefix of the {@code created_at} range was read, so one plan covers the
 * whole range. Each window's partition hands its records on a page at a time as it reads them.
 *
 * <p>Only the first backfill is split: a read with a watermark or a {@code start_date} filters on
 * {@code updated_at}, which {@code created_at} windows do not bound, and is read sequentially.
 */
final class ChargebeePartitions {
  static final String CREATED_AT = "created_at";
  /** Chargebee stamps whole seconds. */
  private static final Duration UNIT = Duration.ofSeconds(1);

  private ChargebeePartitions() {}

  /**
   * The windows of a first backfill of {@code table}, or none to read it sequentially: when the
   * table cannot be windowed on {@code created_at}, {@code start} is not the first read, a {@code
   * start_date} is set, {@code max_partitions} is 1, or the plan would hold one window. On a replay
   * ({@code end} given) the windows end at the second after {@code end}'s watermark, and one window
   * is a plan too. Costs at most three requests per window.
   */
  static List<ReadPartition> plan(ChargebeeTable table, ChargebeeReader reader, Clock clock, Offset start,
      Optional<Offset> end, OptionValues options, UnaryOperator<ObjectNode> reshape) {
    if (!ChargebeeTables.windowsByCreation(table) || !firstBackfill(start)
        || options.instant(CommonOptions.START_DATE).isPresent()
        || !options.has(CommonOptions.MAX_PARTITIONS) || options.integer(CommonOptions.MAX_PARTITIONS) < 2) {
      return List.of();
    }
    Optional<Instant> upper = CursorPartitions.upperBound(end, clock, UNIT);
    if (upper.isEmpty()) {
      return List.of();
    }
    Instant hi = upper.get();
    if (!Instant.EPOCH.isBefore(hi)) {
      return List.of();
    }
    WindowPlanner planner = WindowPlanner.of(Cursors.field(CREATED_AT), UNIT, ChargebeeOptions.limit(options),
        options.integer(CommonOptions.MAX_PARTITIONS)).concurrently(reader.maxConcurrentRequests());
    List<CursorWindow> windows = planner.split(new CursorWindow(Instant.EPOCH, hi),
        reader.createdBetween(table, options, ChargebeeTables.sortsOn(table, CREATED_AT), reshape));
    return CursorPartitions.of(table.name(), windows, UNIT, end);
  }

  /**
   * Every record of one planned window, each once (a listing re-reads ties at a page's last
   * second; the later read is the newer version), with the plan's end offset.
   */
  static ReadResult read(ChargebeeTable table, ReadPartition partition, ChargebeeReader reader, Clock clock,
      OptionValues options, UnaryOperator<ObjectNode> reshape) {
    Map<String, ObjectNode> byId = new LinkedHashMap<>();
    ReadResult rest = read(table, partition, reader, clock, options, reshape,
        page -> page.forEach(record -> byId.put(record.path("id").asText(), record)));
    return rest.withRecords(List.copyOf(byId.values()));
  }

  /**
   * The records of one planned window, handed to {@code pages} a page at a time as they are read,
   * so a window's partition no longer holds its records until it returns them; a record read again
   * unchanged is not handed over again ({@link HandedOnce}).
   */
  static ReadResult read(ChargebeeTable table, ReadPartition partition, ChargebeeReader reader, Clock clock,
      OptionValues options, UnaryOperator<ObjectNode> reshape, Consumer<List<ObjectNode>> pages) {
    if (!ChargebeeTables.windowsByCreation(table)) {
      throw new UserException("Cannot read partition " + partition.id() + " of table '" + table.name()
          + "': the table is read sequentially, never in created_at windows");
    }
    CursorWindow window = CursorPartitions.window(partition);
    IncrementalListing listing = IncrementalListing.builder(table.name(), Cursors.field(CREATED_AT))
        .tableOptions(options)
        .clock(clock)
        .build();
    listing.readWindow(window, reader.createdBetween(table, options, ChargebeeTables.sortsOn(table, CREATED_AT), reshape),
        new HandedOnce(record -> record.path("id").asText()).before(pages));
    return new ReadResult(List.of(), Offset.fromJson(partition.endOffset()));
  }

  private static boolean firstBackfill(Offset start) {
    return start.watermark() == null && start.state().isEmpty();
  }

}
