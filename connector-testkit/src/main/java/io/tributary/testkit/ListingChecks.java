package io.tributary.testkit;

import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.api.CommonOptions;
import io.tributary.api.Connector;
import io.tributary.api.Offset;
import io.tributary.api.OptionValues;
import io.tributary.api.ReadResult;
import io.tributary.http.HttpSettings;
import io.tributary.simulator.Fault;
import io.tributary.simulator.Faults;
import io.tributary.simulator.LoggedRequest;
import io.tributary.simulator.SimClock;
import io.tributary.simulator.Simulator;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.junit.jupiter.api.Assumptions;

/**
 * The checks of how one table walks its listings: where its offsets stand, what it asks the
 * simulator for, and what it does when the source moves or fails under it. The checks that look at
 * what the simulator served need {@link ConnectorConformanceTest#simulator()}; without it they
 * abort, naming the table and the check.
 */
final class ListingChecks {
  /** Records the update check moves to the end of the listing, one after each of the first calls. */
  private static final int UPDATES = 3;

  /** A read and the requests the simulator logged while it ran; none without a simulator. */
  record Observed(ReadRun run, List<LoggedRequest> requests) {
    List<LoggedRequest> counted() {
      return requests.stream().filter(r -> r.served() != LoggedRequest.UNKNOWN).toList();
    }

    int served() {
      return counted().stream().mapToInt(LoggedRequest::served).sum();
    }
  }

  private final ConnectorConformanceTest test;
  private final String table;
  private final TableChecks checks;
  private final Supplier<OptionValues> midListing;
  /** One read with {@link ConnectorConformanceTest#midListingOptions}, in a connector of its own. */
  private final Supplier<Observed> straight;

  ListingChecks(ConnectorConformanceTest test, String table, TableChecks checks) {
    this.test = test;
    this.table = table;
    this.checks = checks;
    this.midListing = TableChecks.Memo.of(() -> test.validatedTableOptions(test.midListingOptions(table)));
    this.straight = TableChecks.Memo.of(() -> {
      Connector connector = test.open();
      // Other checks may have just changed the simulator's records, stamped with its clock's
      // second: a listing that begins in that second re-reads the table until the second ends, by
      // an amount that depends on where in the second it began, so a resumed read begun later would
      // not compare with it. The straight read begins once the simulator's second has ended.
      test.simulator().ifPresent(sim -> SimClock.awaitSecondEnded(sim.clock().instant()));
      return observe(() -> ReadRun.untilRepeat(table, "reading one page per call " + midListing.get(), Offset.START,
          test.maxCallsToFixedPoint() * 10, start -> connector.read(table, start, midListing.get())));
    });
  }

  /**
   * Resume happens mid-listing: with one small page per call, every offset of a straight read but
   * the last stands inside a listing. From each of up to {@link
   * ConnectorConformanceTest#maxResumePoints()} of them, after a JSON round trip, a read in a
   * fresh connector and one in the suite's connector (which has read other things since) must
   * deliver, with the records read before the offset, the straight read's keys; and must return at
   * most one page (per_page) more records than the straight read returned from there: a page may be
   * read again, a listing may not restart.
   */
  void resumeMidListing() {
    ReadRun full = straight.get().run();
    List<String> keyFields = checks.meta().primaryKeys();
    Set<List<String>> expected = full.keys(keyFields);
    int page = perPage(midListing.get()).orElse(0);
    for (int index : TableChecks.resumePoints(full.steps().size(), test.maxResumePoints())) {
      Offset from = Offset.fromJson(full.steps().get(index).start().toJson());
      int straightFromHere = full.records().size() - full.recordsBefore(index).size();
      resumeIn(test.open(), "a fresh connector", from, index, full, expected, straightFromHere, page);
      resumeIn(checks.connector(), "the suite's connector", from, index, full, expected, straightFromHere, page);
    }
  }

  private void resumeIn(Connector connector, String which, Offset from, int index, ReadRun full,
      Set<List<String>> expected, int straightFromHere, int page) {
    List<String> keyFields = checks.meta().primaryKeys();
    ReadRun resumed = ReadRun.untilRepeat(table, "resuming from " + from + " in " + which, from,
        test.maxCallsToFixedPoint() * 10, start -> connector.read(table, start, midListing.get()));
    Set<List<String>> union = new LinkedHashSet<>(ReadRun.keysOf(full.recordsBefore(index), keyFields));
    union.addAll(resumed.keys(keyFields));
    TableChecks.compareKeys(table, expected, union,
        "records read before offset " + from + " plus a read resumed from it in " + which);
    if (resumed.records().size() > straightFromHere + page) {
      fail("Cannot accept table '" + table + "' (" + Checks.RESUME + "): a read resumed from offset " + from
          + " in " + which + " returned " + resumed.records().size() + " records where the straight read returned "
          + straightFromHere + " from there, more than one page (" + page + ") read again: does the offset hold "
          + "the position inside the listing, or does the read start the listing over?");
    }
  }

  /**
   * per_page is sent and honoured: during the straight read with per_page=k, no answer of the
   * simulator listed more than k records. Only answers whose records the simulator could count
   * ({@link LoggedRequest#served()}) are judged.
   */
  void perPageHonoured() {
    OptionValues options = midListing.get();
    int k = perPage(options).orElseGet(() -> abort(Checks.PER_PAGE, test.factory().name()
        + " names its page size option otherwise than " + CommonOptions.PER_PAGE));
    simulator(Checks.PER_PAGE);
    if (!test.pagesByPerPage(table)) {
      abort(Checks.PER_PAGE, test.getClass().getSimpleName() + " declares that the API does not page it");
    }
    Observed observed = straight.get();
    List<LoggedRequest> counted = observed.counted();
    if (counted.isEmpty()) {
      abort(Checks.PER_PAGE, "the simulator counted the records of none of the " + observed.requests().size()
          + " answers of a read with " + options);
    }
    List<LoggedRequest> oversized = counted.stream().filter(r -> r.served() > k).toList();
    if (!oversized.isEmpty()) {
      fail("Cannot accept table '" + table + "' (" + Checks.PER_PAGE + "): with " + CommonOptions.PER_PAGE + "=" + k
          + " the simulator listed more than " + k + " records in " + oversized.size() + " of " + counted.size()
          + " answers; first: " + describe(oversized.get(0)));
    }
    int most = counted.stream().mapToInt(LoggedRequest::served).max().orElse(0);
    if (most < k && observed.run().records().size() <= k) {
      abort(Checks.PER_PAGE, "a read returned " + observed.run().records().size() + " records, no more than "
          + CommonOptions.PER_PAGE + "=" + k + "; seed more to tell whether it is honoured");
    }
  }

  /**
   * The incremental filter is sent: after a full read to its fixed point (the table's options with
   * the per_page of {@link ConnectorConformanceTest#smallPageOptions} and lookback_seconds=0), a read
   * from that end offset, with no change in the source, may be served at most
   * the records whose cursor lies at or after the end watermark (or the highest cursor read, when
   * lower) less the lookback, plus one page of slack; a connector that lists everything again and
   * filters on its side is served a full listing.
   */
  void incrementalFilterSent() {
    simulator(Checks.INCREMENTAL_FILTER);
    java.util.Map<String, String> raw = new java.util.LinkedHashMap<>(test.tableOptions(table));
    // Small pages, so a full listing costs many pages and the page of slack stays small.
    String small = test.smallPageOptions(table).get(CommonOptions.PER_PAGE);
    if (small != null) {
      raw.put(CommonOptions.PER_PAGE, small);
    }
    raw.put(CommonOptions.LOOKBACK_SECONDS, "0");
    OptionValues options = test.validatedTableOptions(raw);
    Connector connector = test.open();
    Observed full = observe(() -> ReadRun.toFixedPoint(table, "reading", Offset.START, test.maxCallsToFixedPoint(),
        start -> connector.read(table, start, options)));
    Offset end = Offset.fromJson(full.run().steps().get(full.run().steps().size() - 1).result().endOffset().toJson());
    Observed again = observe(() -> ReadRun.toFixedPoint(table, "reading again from the end offset " + end, end,
        test.maxCallsToFixedPoint(), start -> connector.read(table, start, options)));
    if (full.counted().isEmpty()) {
      abort(Checks.INCREMENTAL_FILTER, "the simulator counted the records of none of the "
          + full.requests().size() + " answers of a full read");
    }
    String cursor = checks.meta().cursorField().orElseThrow();
    Optional<Instant> highest = full.run().records().stream().map(r -> instant(r.get(cursor)))
        .flatMap(Optional::stream).max(Instant::compareTo);
    if (highest.isEmpty()) {
      abort(Checks.INCREMENTAL_FILTER, "no value of cursor '" + cursor + "' of a full read is a timestamp");
    }
    Instant from = end.watermarkIfSet().filter(w -> w.isBefore(highest.get())).orElse(highest.get());
    // lookback_seconds is 0.
    Instant since = from;
    long window = full.run().records().stream().map(r -> instant(r.get(cursor)))
        .filter(t -> t.isPresent() && !t.get().isBefore(since)).count();
    int page = perPage(options).orElse(0);
    long allowed = window + page;
    if (full.served() <= allowed) {
      abort(Checks.INCREMENTAL_FILTER, "a full listing was served " + full.served() + " records, no more than the "
          + allowed + " a read from the end offset may be; seed more records");
    }
    if (again.served() > allowed) {
      fail("Cannot accept table '" + table + "' (" + Checks.INCREMENTAL_FILTER + "): a read from the end offset "
          + end + ", with no change in the source, was served " + again.served() + " records in "
          + again.requests().size() + " requests, where the full read was served " + full.served() + " in "
          + full.requests().size() + "; at most " + allowed + " may come back (the " + window + " records whose "
          + cursor + " is at or after " + since + ", and one page of " + page + "): is the incremental filter "
          + "sent? First request: " + (again.requests().isEmpty() ? "none" : describe(again.requests().get(0))));
    }
  }

  /**
   * The same keys come back when the simulator answers the read's first requests with a 429
   * (without Retry-After), a 503 and a connection reset, one after the other, with short waits
   * between attempts; all three faults must strike.
   */
  void sameKeysThroughFaults() {
    Simulator sim = simulator(Checks.FAULTS);
    Set<List<String>> expected = checks.full().keys(checks.meta().primaryKeys());
    Faults faults = sim.faults();
    faults.clear();
    faults.next(Faults.ANY_PATH, 1, Fault.status(429)).next(Faults.ANY_PATH, 1, Fault.status(503))
        .next(Faults.ANY_PATH, 1, Fault.connectionReset());
    ReadRun run;
    int unused;
    try {
      // Short waits between attempts, but not the fault matrix's 250 ms read timeout: no fault here
      // hangs, and a loaded machine answers slower than that.
      try (HttpSettings.TuningScope tuning = HttpSettings.tuneForTests(b -> b
              .timeouts(Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30))
              .retries(FaultMatrix.ATTEMPTS, Duration.ofSeconds(30))
              .backoff(Duration.ofMillis(10), Duration.ofMillis(40)));
          Connector connector = test.factory().create(test.connectionOptions())) {
        run = ReadRun.toFixedPoint(table, "reading through faults", Offset.START, test.maxCallsToFixedPoint(),
            start -> connector.read(table, start, checks.options()));
      }
      unused = faults.pending();
    } catch (RuntimeException e) {
      throw new AssertionError("Cannot read table '" + table + "' through a 429, a 503 and a connection reset: "
          + e.getMessage(), e);
    } finally {
      faults.clear();
    }
    TableChecks.compareKeys(table, expected, run.keys(checks.meta().primaryKeys()),
        "a read through a 429, a 503 and a connection reset");
    if (unused > 0) {
      fail("Cannot judge table '" + table + "' (" + Checks.FAULTS + "): " + unused + " of the 3 faults never struck");
    }
  }

  /**
   * A record updated between two page requests of one listing is not lost: reading one small page
   * per call, after each of the first calls that return records the source updates the first of
   * them through {@link ConnectorConformanceTest#updateBetweenPages}, which moves it to the end of
   * the cursor-ascending listing, so every record after it moves up one place. A read that asks for
   * the next page number of the same query skips the record that slid onto the page it read. The
   * read must still deliver every expected key.
   */
  void updateBetweenPagesLosesNothing() {
    Consumer<ObjectNode> update = test.updateBetweenPages(table).orElseGet(() -> abort(Checks.UPDATED_BETWEEN_PAGES,
        test.getClass().getSimpleName() + " declares no updateBetweenPages for it"));
    Connector connector = test.open();
    List<String> keyFields = checks.meta().primaryKeys();
    List<List<String>> updated = new ArrayList<>();
    List<ObjectNode> records = new ArrayList<>();
    // As ReadRun.untilRepeat, but an offset seen before an update may lead elsewhere after it.
    Set<Offset> seen = new java.util.HashSet<>(Set.of(Offset.START));
    Offset current = Offset.START;
    int calls = 0;
    while (true) {
      if (++calls > test.maxCallsToFixedPoint() * 10) {
        fail("Cannot reach a fixed point reading table '" + table + "' while records " + updated
            + " were updated, within " + (calls - 1) + " calls; the last offset was " + current);
      }
      ReadResult result = connector.read(table, current, midListing.get());
      records.addAll(result.records());
      if (updated.size() < UPDATES && !result.records().isEmpty() && !result.caughtUp(current)) {
        ObjectNode first = result.records().get(0);
        update.accept(first.deepCopy());
        updated.add(ReadRun.keyOf(first, keyFields));
        seen.clear();
      }
      if (!seen.add(result.endOffset())) {
        break;
      }
      current = result.endOffset();
    }
    if (updated.isEmpty()) {
      abort(Checks.UPDATED_BETWEEN_PAGES, "no call but the last returned records");
    }
    TableChecks.compareKeys(table, checks.truth(), ReadRun.keysOf(records, keyFields),
        "a read with one page per call, records " + updated + " updated between two of its pages");
  }

  private Observed observe(Supplier<ReadRun> read) {
    Optional<Simulator> sim = test.simulator();
    int before = sim.map(s -> s.requests().size()).orElse(0);
    ReadRun run = read.get();
    List<LoggedRequest> requests = sim.map(s -> {
      List<LoggedRequest> all = s.requests();
      return List.copyOf(all.subList(Math.min(before, all.size()), all.size()));
    }).orElse(List.of());
    return new Observed(run, requests);
  }

  private Simulator simulator(String check) {
    return test.simulator().orElseGet(() -> abort(check, test.getClass().getSimpleName() + " declares no simulator()"));
  }

  private <T> T abort(String check, String why) {
    return Assumptions.abort("Cannot check table '" + table + "' (" + check + "): " + why);
  }

  /** The page size the options ask for; none for a source whose page size option has another name. */
  private static Optional<Integer> perPage(OptionValues options) {
    return Optional.ofNullable(options.asMap().get(CommonOptions.PER_PAGE)).map(v -> Integer.parseInt(v.trim()));
  }

  private static String describe(LoggedRequest request) {
    return request.method() + " " + request.path() + (request.query().isEmpty() ? "" : "?" + request.query())
        + " listed " + request.served() + " records";
  }

  /** An ISO-8601 text or epoch seconds (milliseconds past 1e11) as an instant. */
  static Optional<Instant> instant(JsonNode value) {
    if (value == null || value.isNull()) {
      return Optional.empty();
    }
    if (value.isNumber()) {
      long n = value.asLong();
      return Optional.of(n > 100_000_000_000L ? Instant.ofEpochMilli(n) : Instant.ofEpochSecond(n));
    }
    // Salesforce writes the offset without a colon: 2024-06-01T00:00:00.000+0000.
    String text = value.asText().replaceFirst("([+-]\\d{2})(\\d{2})$", "$1:$2");
    try {
      return Optional.of(OffsetDateTime.parse(text).toInstant());
    } catch (DateTimeParseException notOffset) {
      try {
        return Optional.of(Instant.parse(text));
      } catch (DateTimeParseException notInstant) {
        try {
          return Optional.of(Instant.ofEpochSecond(Long.parseLong(text.trim())));
        } catch (NumberFormatException notEpoch) {
          return Optional.empty();
        }
      }
    }
  }
}
