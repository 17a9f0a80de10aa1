package io.tributary.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.api.CommonOptions;
import io.tributary.api.ExternalException;
import io.tributary.api.Offset;
import io.tributary.api.OptionValues;
import io.tributary.api.ReadResult;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Predicate;

/**
 * The tie-safe, resumable incremental read of a table whose provider runs queries: {@code cursor >=
 * since}, ordered by (cursor, key), with a condition to resume after a (cursor, key), such as
 * Salesforce's SOQL over {@code queryAll}.
 *
 * <p>Pages of one query follow the provider's next link, but the offset never stores one (query
 * locators expire): it stores the last (cursor, key) delivered, and the next call resumes with
 * {@code (cursor = ts AND key > id) OR cursor > ts}, which loses no tie and repeats nothing.
 *
 * <p>A provider timeout ({@link Builder#narrowOn}) halves the window: the query gets an upper bound
 * halfway between its lower bound and its current upper bound (the listing's start when it has
 * none). Once a window is read, the next one starts where it ended with twice the width, until it
 * reaches the listing's start.
 *
 * <p>One call reads at most {@code max_pages_per_batch} pages, except that a listing from a
 * caught-up offset goes on while it only re-reads the lookback window, so that it can tell nothing
 * is new and return its start offset.
 *
 * <p>The watermark moves only when the whole listing is read, and only over closed seconds: to the
 * highest cursor seen at or before {@link Cursors#closedBound} of the listing's start; it never
 * moves backwards. Cursors have whole seconds, so a record can still be stamped with the second the
 * listing started in after the listing has read past that second; a watermark on that second would
 * let the next listing re-read the record without moving, return its start offset, and leave the
 * change waiting for an unrelated one. Left just before it, the next listing moves onto that second
 * and delivers the record.
 *
 * <pre>
 * KeysetListing listing = KeysetListing.builder("Account", "SystemModstamp", "Id")
 *     .tableOptions(tableOptions)
 *     .narrowOn(QueryTimeout.class, (since, timeout) -> new ExternalException(...))
 *     .build();
 * return listing.read(start, new KeysetListing.Query() {
 *   public Page first(KeysetListing.Range range) { return client.query(soql(range)); }
 *   public Page next(String link) { return client.next(link); }
 * });
 * </pre>
 */
public final class KeysetListing {
  /** Bounds a re-read of the lookback window, in case something pages forever. */
  static final int MAX_PROBE_PAGES = 10_000;

  /** The last record delivered: the next query starts after it. */
  public record After(Instant cursor, String key) {
    public After {
      Objects.requireNonNull(cursor, "cursor");
      Objects.requireNonNull(key, "key");
    }
  }

  /**
   * One query: {@code since <= cursor}, {@code cursor < until} when there is an upper bound, and
   * {@code (cursor = after.cursor AND key > after.key) OR cursor > after.cursor} when resuming,
   * ordered by cursor then key.
   */
  public record Range(Instant since, Optional<Instant> until, Optional<After> after) {
    public Range {
      Objects.requireNonNull(since, "since");
      Objects.requireNonNull(until, "until");
      Objects.requireNonNull(after, "after");
    }
  }

  /** How the source asks its provider for pages. */
  public interface Query {
    /** The first page of the query for {@code range}. */
    Page first(Range range);

    /** The page a previous page's {@link Page#next()} points to. */
    Page next(String link);
  }

  private final String table;
  private final String cursorField;
  private final String keyField;
  private final int maxPagesPerBatch;
  private final Duration lookback;
  private final Optional<Instant> startDate;
  private final Predicate<ObjectNode> keep;
  private final Predicate<RuntimeException> isTimeout;
  private final BiFunction<Instant, RuntimeException, RuntimeException> tooSlow;
  private final Clock clock;

  private KeysetListing(Builder b) {
    this.table = b.table;
    this.cursorField = b.cursorField;
    this.keyField = b.keyField;
    this.maxPagesPerBatch = b.maxPagesPerBatch;
    this.lookback = b.lookback;
    this.startDate = b.startDate;
    this.keep = b.keep;
    this.isTimeout = b.isTimeout;
    this.tooSlow = b.tooSlow;
    this.clock = b.clock;
  }

  /**
   * A listing of {@code table} ordered by the records' top-level fields {@code cursorField}, an
   * instant, then {@code keyField}, unique among records.
   */
  public static Builder builder(String table, String cursorField, String keyField) {
    return new Builder(table, cursorField, keyField);
  }

  /**
   * Where a listing from {@code watermark} starts: {@code lookback} before it, never before the
   * start date; a first listing starts at the start date, or the epoch without one.
   */
  public Instant firstSince(Optional<Instant> watermark) {
    Instant floor = startDate.orElse(Instant.EPOCH);
    Instant since = watermark.map(w -> w.minus(lookback)).orElse(floor);
    return since.isBefore(floor) ? floor : since;
  }

  /**
   * Reads the next pages after {@code start}.
   *
   * @param start {@link Offset#START} or an offset this listing returned
   * @throws ExternalException when a record has no cursor
   */
  public ReadResult read(Offset start, Query query) {
    return TableContext.reading(table, () -> readInContext(start, query));
  }

  private ReadResult readInContext(Offset start, Query query) {
    Optional<Instant> watermark = start.watermarkIfSet();
    Instant now = clock.instant();
    Optional<KeysetPosition> resumed = KeysetPosition.resume(start);
    KeysetPosition position = resumed.orElseGet(() -> KeysetPosition.begin(
        firstSince(watermark), now.truncatedTo(ChronoUnit.SECONDS), watermark.isPresent()));
    // The offset keeps whole seconds; a listing begun in this call knows its start exactly.
    Read read = new Read(watermark, position, resumed.isPresent() ? position.startedAt() : now);
    while (true) {
      Optional<Page> first = first(read, query);
      if (first.isEmpty()) {
        continue;
      }
      if (!readQuery(read, first.get(), query)) {
        return read.partial();
      }
      if (read.position.until().isEmpty()) {
        return read.complete();
      }
      read.position = read.position.nextWindow();
      if (read.mustStop()) {
        return read.partial();
      }
    }
  }

  /** The query's first page; empty when the provider timed out and the window was narrowed. */
  private Optional<Page> first(Read read, Query query) {
    try {
      return Optional.of(query.first(read.position.range()));
    } catch (RuntimeException e) {
      if (!isTimeout.test(e)) {
        throw e;
      }
      read.position = narrowed(read.position, e);
      return Optional.empty();
    }
  }

  /** Reads the query from {@code first} on; false when the call must stop before its last page. */
  private boolean readQuery(Read read, Page first, Query query) {
    for (Page page = first; ; page = query.next(page.next().get())) {
      read.take(page.records());
      if (page.next().isEmpty()) {
        return true;
      }
      if (read.mustStop()) {
        return false;
      }
    }
  }

  private KeysetPosition narrowed(KeysetPosition p, RuntimeException timeout) {
    Instant upper = p.until().orElse(p.startedAt().plusSeconds(1));
    long half = Duration.between(p.since(), upper).getSeconds() / 2;
    if (half < 1) {
      throw tooSlow.apply(p.since(), timeout);
    }
    return p.narrowed(p.since().plusSeconds(half), half);
  }

  @Override
  public String toString() {
    return "KeysetListing[" + table + " by " + cursorField + ", " + keyField + ", " + maxPagesPerBatch
        + " pages per batch, lookback " + lookback + "]";
  }

  /** What one read call has gathered. */
  private final class Read {
    final Optional<Instant> watermark;
    /** The last whole second that had ended when the listing started. */
    final Instant closed;
    final List<ObjectNode> records = new ArrayList<>();
    KeysetPosition position;
    /** When the listing began, as exactly as known. */
    final Instant began;
    int pages;

    Read(Optional<Instant> watermark, KeysetPosition position, Instant began) {
      this.watermark = watermark;
      this.position = position;
      this.began = began;
      this.closed = Cursors.closedBound(position.startedAt());
    }

    void take(List<ObjectNode> page) {
      pages++;
      for (ObjectNode record : page) {
        Instant cursor = Cursors.parse(record.get(cursorField)).orElseThrow(() -> new ExternalException(
            "Cannot read table '" + table + "': a record has no " + cursorField, 0, null, false));
        position = position.past(cursor, record.path(keyField).asText(), closed);
        if (keep.test(record)) {
          records.add(record);
        }
      }
    }

    /**
     * A listing from a caught-up offset keeps going while it only re-reads the lookback window;
     * otherwise a call stops at max_pages_per_batch. Records of the still-open second are not new
     * in this sense: they cannot move the watermark yet.
     */
    boolean mustStop() {
      boolean probing = position.probe() && watermark.isPresent()
          && position.maxSeen().map(seen -> !seen.isAfter(watermark.get())).orElse(true);
      return pages >= (probing ? MAX_PROBE_PAGES : maxPagesPerBatch);
    }

    ReadResult partial() {
      return new ReadResult(records, position.toOffset(watermark.orElse(null)));
    }

    ReadResult complete() {
      return new ReadResult(records, Offset.at(completedWatermark().orElse(null))).withListedAt(began);
    }

    private Optional<Instant> completedWatermark() {
      if (position.maxSeen().isEmpty()) {
        return watermark;
      }
      // Offsets written before the closed-second rule may hold a max_seen past the bound.
      Instant seen = position.maxSeen().get();
      Instant next = seen.isBefore(closed) ? seen : closed;
      return watermark.isPresent() && next.isBefore(watermark.get()) ? watermark : Optional.of(next);
    }
  }

  /** Declares a {@link KeysetListing}; defaults: 50 pages per batch, 300 s lookback, every record kept. */
  public static final class Builder {
    private final String table;
    private final String cursorField;
    private final String keyField;
    private int maxPagesPerBatch = 50;
    private Duration lookback = Duration.ofSeconds(300);
    private Optional<Instant> startDate = Optional.empty();
    private Predicate<ObjectNode> keep = record -> true;
    private Predicate<RuntimeException> isTimeout = e -> false;
    private BiFunction<Instant, RuntimeException, RuntimeException> tooSlow = (since, e) -> e;
    private Clock clock = Clock.systemUTC();

    private Builder(String table, String cursorField, String keyField) {
      this.table = Objects.requireNonNull(table, "table");
      this.cursorField = Objects.requireNonNull(cursorField, "cursorField");
      this.keyField = Objects.requireNonNull(keyField, "keyField");
    }

    /** Takes {@code max_pages_per_batch}, {@code lookback_seconds} and {@code start_date} from the table options. */
    public Builder tableOptions(OptionValues options) {
      maxPagesPerBatch = Listings.intOption(options, CommonOptions.MAX_PAGES_PER_BATCH, maxPagesPerBatch);
      lookback = Duration.ofSeconds(
          Listings.intOption(options, CommonOptions.LOOKBACK_SECONDS, (int) lookback.toSeconds()));
      startDate = options.instant(CommonOptions.START_DATE);
      return this;
    }

    /** Which records a call returns; the others still move the position (Salesforce's recycled rows). */
    public Builder keep(Predicate<ObjectNode> value) {
      keep = Objects.requireNonNull(value, "keep");
      return this;
    }

    /**
     * The exception a query's first page throws when the provider gave up on it as too slow: the
     * listing narrows the window and asks again. When even a one-second window times out, the
     * read fails with what {@code tooSlow} makes of the window's start and the timeout.
     */
    public <E extends RuntimeException> Builder narrowOn(Class<E> timeout,
        BiFunction<Instant, E, ? extends RuntimeException> tooSlow) {
      Objects.requireNonNull(timeout, "timeout");
      Objects.requireNonNull(tooSlow, "tooSlow");
      this.isTimeout = timeout::isInstance;
      this.tooSlow = (since, e) -> tooSlow.apply(since, timeout.cast(e));
      return this;
    }

    /** The clock that stamps {@code started_at}; tests pass a fixed one. */
    public Builder clock(Clock value) {
      clock = Objects.requireNonNull(value, "clock");
      return this;
    }

    public KeysetListing build() {
      return new KeysetListing(this);
    }
  }
}
