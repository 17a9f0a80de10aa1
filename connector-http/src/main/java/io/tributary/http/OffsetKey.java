package io.tributary.http;

import io.tributary.api.Offset;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Every key the toolkit's listings write into an {@link Offset}'s state, in one place: a source
 * never names one. The keys are the stored format of users' offsets, so a name never changes and
 * a key is never reused for another meaning; a listing that needs a new position adds a key, and
 * reads an offset that lacks it (one written by an earlier build) as what that offset meant.
 *
 * <p>{@link #VERSION} counts those additions: it is the layout this build writes, and every
 * earlier layout it still reads. The offset's JSON envelope carries its own version ({@link
 * Offset#VERSION}).
 */
public enum OffsetKey {
  // IncrementalListing (ListingState): one listing of an incremental table's lists.
  /** The lower bound of the current query. */
  SINCE("since"),
  /** The provider's token for the next page of the current query, or of a snapshot listing. */
  NEXT("next"),
  /** When the listing started, by our clock: its closed upper bound. */
  STARTED_AT("started_at"),
  /** The highest cursor the listing has seen. */
  MAX_SEEN("max_seen"),
  /** Pages read in the current query, for a provider's page wall. */
  QUERY_PAGES("query_pages"),
  /** Which of a table's lists is being read: by a listing, or by a snapshot fan-out. */
  LIST("list"),
  /** The listing's lower bound, where every list's first query starts. */
  FROM("from"),
  /** The highest cursor of the current list, where a re-slice restarts it. */
  QUERY_MAX("query_max"),
  /** The highest cursor seen in a second that had ended when the listing started. */
  REACHED("reached"),
  /** Set once a list declared sorted served a page out of order. */
  UNSORTED("unsorted"),
  /** A child listing's parents in the lookback window, with the cursor their children were read at ({@link FannedParents}). */
  FANNED(Offset.MEMO_PREFIX + "fanned"),
  /**
   * A partitioned backfill's batch that ended before the rest of its range, long enough ago that
   * nothing at its end can still appear late: the next plan starts right after the watermark, with
   * no lookback ({@link CursorPartitions#exactEnd}).
   */
  BACKFILL(Offset.MEMO_PREFIX + "backfill"),

  // TieBlock: a block of records tied on one cursor, read pass after pass until two agree.
  /** The cursor the block is tied on. */
  TIE_TOP("tie_top"),
  /** The fingerprint of the pass being read. */
  TIE_PASS("tie_pass"),
  /** The fingerprint of the last complete pass. */
  TIE_LAST("tie_last"),

  // SnapshotListing and SnapshotFanOut: a pass over a whole list, or over every parent's children.
  /** Set when the pass is complete; the next call starts a new one. */
  DONE("done"),
  /** The parent list's token for its next page. */
  PARENTS_NEXT("parents_next"),
  /** How many parents of the current parent page are done. */
  PARENT("parent"),

  // ExportListing (ExportPosition): an incremental export's position.
  /** The export's own cursor. */
  CURSOR("cursor"),
  /** A time-based export's start, in epoch seconds. */
  START_TIME("start_time"),
  /** Ids already delivered in the start second of a time-based export. */
  EDGE_IDS("edge_ids"),
  /** The replay lever the position was taken under, so a changed one restarts there. */
  ORIGIN("origin"),

  // KeysetListing (KeysetPosition): a query listing resumed after the last (cursor, key) read;
  // also SINCE, STARTED_AT and MAX_SEEN above.
  /** The upper bound of a window narrowed after a provider timeout. */
  UNTIL("until"),
  /** The width of the current window, doubled for the next. */
  WINDOW_SECONDS("window_seconds"),
  /** The cursor of the last record read. */
  AFTER_TS("after_ts"),
  /** The key of the last record read, among those tied on its cursor. */
  AFTER_ID("after_id"),
  /** Set while a listing from a caught-up offset re-reads its lookback window. */
  PROBE("probe"),

  // JobExport (JobPosition): a backfill as one provider export job.
  /** Set to "bulk" while a job's results are being read. */
  MODE("mode"),
  /** The provider's job id. */
  JOB("job"),
  /** The provider's locator of the next results page. */
  LOCATOR("locator"),
  /** The exclusive upper bound the job selected. */
  JOB_UNTIL("bulk_until"),

  // DeletesOffset: deletes read from a listing and a log.
  /** The prefix ("soft.") of the nested listing's keys. */
  NESTED("soft"),
  /** The nested listing's watermark. */
  NESTED_WATERMARK("soft_wm"),
  /** Where the deletes log is read from next. */
  LOG_FROM("hard_from");

  /**
   * The layout of offset state this build writes; it reads every earlier one. 2 added {@link
   * #FANNED}, 3 {@link #BACKFILL}.
   */
  public static final int VERSION = 3;

  private static final Map<String, OffsetKey> BY_KEY =
      Arrays.stream(values()).collect(Collectors.toUnmodifiableMap(OffsetKey::key, Function.identity()));

  private final String key;

  OffsetKey(String key) {
    this.key = key;
  }

  /** The key as it is stored. */
  public String key() {
    return key;
  }

  /** This key's value in {@code offset}. */
  public Optional<String> in(Offset offset) {
    return offset.get(key);
  }

  /** The key stored as {@code key}, if the toolkit writes one. */
  public static Optional<OffsetKey> of(String key) {
    return Optional.ofNullable(BY_KEY.get(key));
  }

  @Override
  public String toString() {
    return key;
  }
}
