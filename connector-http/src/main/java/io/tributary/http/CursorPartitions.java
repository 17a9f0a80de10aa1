package io.tributary.http;

import io.tributary.api.CommonOptions;
import io.tributary.api.Offset;
import io.tributary.api.OptionValues;
import io.tributary.api.ReadPartition;
import io.tributary.api.UserException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * What every plan of a backfill in {@link CursorWindow}s shares, whoever plans it: where the plan
 * ends, the bounds a partition carries to an executor, and the share of the connection's budget
 * its read may spend.
 */
public final class CursorPartitions {
  private static final String LO = "lo";
  private static final String HI = "hi";
  private static final String SHARES = "shares";
  private static final String PLANNED_IN = "planned_in";
  /** The state of an {@link #exactEnd}: the next plan starts right after its watermark. */
  private static final Map<String, String> EXACT = Map.of(OffsetKey.BACKFILL.key(), "exact");
  /**
   * This process, as the partitions it plans name it. A partition read in the process that planned
   * it (Spark's local mode) needs no share: the process's limiter of the connection already holds
   * every thread of it to the whole budget.
   */
  private static final String PROCESS = UUID.randomUUID().toString();

  private CursorPartitions() {}

  /**
   * The exclusive upper bound of a plan's windows: on a replay ({@code end} given) the unit after
   * {@code end}'s watermark, or empty when {@code end} stands inside a listing (it is then read
   * again serially); otherwise the unit after the last one that had ended now ({@link
   * Cursors#closedBound}). The plan's end offset is this bound minus one unit.
   */
  public static Optional<Instant> upperBound(Optional<Offset> end, Clock clock, Duration unit) {
    if (end.isEmpty()) {
      return Optional.of(Cursors.closedBound(clock.instant(), unit).plus(unit));
    }
    if (!end.get().atListingBoundary() || end.get().watermark() == null) {
      return Optional.empty();
    }
    return Optional.of(end.get().watermark().plus(unit));
  }

  /**
   * {@code planner} bounded to {@code max_pages_per_batch} pages in all for a new plan, as a serial
   * batch is, so that a backfill larger than that is planned a batch at a time ({@link
   * WindowPlanner#pagesPerPlan}), each batch's windows together about that many pages; a replay's
   * ({@code end} given) unbounded, since it plans the batch's whole range again, up to its stored
   * end. For partitions read whole: a batch then holds what a serial one does.
   */
  public static WindowPlanner bounded(WindowPlanner planner, Optional<Offset> end, OptionValues options) {
    return end.isPresent() || !options.has(CommonOptions.MAX_PAGES_PER_BATCH) ? planner
        : planner.pagesPerPlan(options.integer(CommonOptions.MAX_PAGES_PER_BATCH));
  }

  /**
   * As {@link #bounded}, but each window about {@code max_pages_per_batch} pages ({@link
   * WindowPlanner#pagesPerWindow}), as one read call of a serial read is: for partitions that hand
   * on their records a page at a time, whose memory does not grow with their windows. A batch then
   * reads up to {@code max_partitions} times as many pages as a serial one, in as many requests
   * in flight, and a backfill takes that many times fewer batches, each with its fixed cost.
   */
  public static WindowPlanner boundedPerWindow(WindowPlanner planner, Optional<Offset> end, OptionValues options) {
    return end.isPresent() || !options.has(CommonOptions.MAX_PAGES_PER_BATCH) ? planner
        : planner.pagesPerWindow(options.integer(CommonOptions.MAX_PAGES_PER_BATCH));
  }

  /**
   * The end offset of a plan whose windows end at {@code planned}: the unit before it. When the
   * plan stops short of the range's end {@code hi} at a point at least {@code lookback} before
   * {@code now}, nothing at its end can still appear late, so the offset says so ({@link
   * OffsetKey#BACKFILL}) and the next plan starts at {@code planned} instead of the lookback before
   * it ({@link #from}).
   */
  public static Offset exactEnd(Instant planned, Instant hi, Duration unit, Instant now, Duration lookback) {
    Offset end = new Offset(planned.minus(unit), Map.of());
    return planned.isBefore(hi) && !planned.isAfter(now.minus(lookback))
        ? new Offset(end.watermark(), EXACT) : end;
  }

  /**
   * Where a plan from {@code start} begins: right after its watermark for an {@link #exactEnd}; the
   * watermark minus {@code lookback}, or {@code floor} if later, otherwise; {@code floor} for a
   * first read. Empty when {@code start} stands inside a listing: it is read on serially.
   */
  public static Optional<Instant> from(Offset start, Instant floor, Duration lookback, Duration unit) {
    if (start.watermark() == null) {
      return start.state().isEmpty() ? Optional.of(floor) : Optional.empty();
    }
    if (start.state().isEmpty()) {
      Instant back = start.watermark().minus(lookback);
      return Optional.of(back.isAfter(floor) ? back : floor);
    }
    if (start.state().equals(EXACT)) {
      return Optional.of(start.watermark().plus(unit));
    }
    return Optional.empty();
  }

  /**
   * The partitions of {@code table} that read {@code windows}, named {@code table/0, table/1...},
   * each one of as many shares, ending the batch at the last window's upper bound minus one unit:
   * the last closed unit of the plan, or of the prefix of its range a bounded planner planned. None
   * when there are fewer than two windows and this is not a replay ({@code end} empty): the table is
   * then read serially.
   */
  public static List<ReadPartition> of(String table, List<CursorWindow> windows, Duration unit, Optional<Offset> end) {
    if (windows.size() < 2 && end.isEmpty()) {
      return List.of();
    }
    String endOffset = new Offset(windows.get(windows.size() - 1).hi().minus(unit), Map.of()).toJson();
    List<ReadPartition> plan = new ArrayList<>();
    for (int i = 0; i < windows.size(); i++) {
      plan.add(partition(table + "/" + i, windows.get(i), windows.size(), endOffset, Map.of()));
    }
    return plan;
  }

  /**
   * A partition that reads {@code window}, one of {@code shares} read at once, ending its plan at
   * {@code endOffset}; {@code more} are bounds of the connector's own.
   */
  public static ReadPartition partition(String id, CursorWindow window, int shares, String endOffset,
      Map<String, String> more) {
    Map<String, String> bounds = new HashMap<>(more);
    bounds.put(LO, window.lo().toString());
    bounds.put(HI, window.hi().toString());
    bounds.put(SHARES, String.valueOf(shares));
    bounds.put(PLANNED_IN, PROCESS);
    return new ReadPartition(id, bounds, endOffset);
  }

  /** The window {@code partition} reads. */
  public static CursorWindow window(ReadPartition partition) {
    return new CursorWindow(Instant.parse(bound(partition, LO)), Instant.parse(bound(partition, HI)));
  }

  /**
   * The share of the connection's budget {@code partition} may spend: one over this many. One (the
   * process's own limiter, shared by its threads) in the process that planned it; elsewhere (an
   * executor) one over the partitions of its plan, which may all run at once on different machines.
   * Read it with {@link RestClient#sharing}.
   */
  public static int shares(ReadPartition partition) {
    return PROCESS.equals(partition.bounds().get(PLANNED_IN)) ? 1 : Integer.parseInt(bound(partition, SHARES));
  }

  /**
   * The bound {@code key} of {@code partition}.
   *
   * @throws UserException when the partition has none: another version planned it
   */
  public static String bound(ReadPartition partition, String key) {
    String value = partition.bounds().get(key);
    if (value == null) {
      throw new UserException("Cannot read partition " + partition.id() + ": it has no bound '" + key
          + "'; it was not planned by this version of the toolkit");
    }
    return value;
  }
}
