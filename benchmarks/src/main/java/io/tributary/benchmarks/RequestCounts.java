package io.tributary.benchmarks;

import io.tributary.api.Connector;
import io.tributary.api.ConnectorFactory;
import io.tributary.api.IngestionType;
import io.tributary.api.Offset;
import io.tributary.api.OptionValues;
import io.tributary.api.ReadResult;
import io.tributary.api.UserException;
import io.tributary.simulator.LoggedRequest;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * P1 and P2: every table of every source read through its connector to the end (the loop the
 * conformance kit runs: {@code read} until a call returns its start offset, then {@code
 * readDeletes} the same way for {@code cdc_with_deletes}), the simulator's log counting requests;
 * then, with nothing changed, every incremental table read again from where it ended.
 */
final class RequestCounts {
  /** A read that has not caught up after this many calls is broken; the harness says so. */
  private static final int MAX_CALLS = 100_000;

  /**
   * P1's line for one table.
   *
   * @param requests the requests for pages of the table's lists, which the minimum is the least of
   * @param other the requests that read no list: an OAuth token, a describe, a {@code COUNT()}
   */
  record Backfill(String source, String table, IngestionType type, int requests, int other, long minimum,
      long records, int lists) {
    double ratio() {
      return minimum == 0 ? Double.NaN : (double) requests / minimum;
    }
  }

  /** P2's line for one incremental table: requests of a no-change run against its lists (a child's as one). */
  record NoChange(String source, String table, int requests, int lists) {
    double perList() {
      return (double) requests / lists;
    }
  }

  record Result(List<Backfill> backfills, List<NoChange> noChanges) {}

  private RequestCounts() {}

  static Result measure(int scale, boolean verbose, PrintStream log) {
    List<Backfill> backfills = new ArrayList<>();
    List<NoChange> noChanges = new ArrayList<>();
    for (String source : SourceRig.SOURCES) {
      try (SourceRig rig = SourceRig.start(source, scale)) {
        measure(rig, backfills, noChanges, verbose, log);
      }
    }
    return new Result(backfills, noChanges);
  }

  private static void measure(SourceRig rig, List<Backfill> backfills, List<NoChange> noChanges, boolean verbose,
      PrintStream log) {
    ConnectorFactory factory = ConnectorFactory.find(rig.source());
    try (Connector connector = factory.create(rig.connectionOptions())) {
      Map<String, Offset[]> ends = new LinkedHashMap<>();
      Map<String, Set<String>> shapes = new LinkedHashMap<>();
      for (String table : connector.listTables()) {
        OptionValues options = factory.tableOptions().validate(rig.pages().tableOptions(table));
        if (!onThisAccount(connector, table, options)) {
          continue;
        }
        IngestionType type = connector.metadata(table, options).ingestionType();
        rig.server().clearRequests();
        Offset[] end = readToEnd(connector, table, type, options, new Offset[] {Offset.START, Offset.START});
        List<LoggedRequest> requests = rig.server().requests();
        List<Lists.ListCost> lists = Lists.of(requests, rig.pages());
        long minimum = lists.stream().mapToLong(Lists.ListCost::minimum).sum();
        long records = lists.stream().mapToLong(Lists.ListCost::records).sum();
        int listRequests = lists.stream().mapToInt(Lists.ListCost::requests).sum();
        backfills.add(new Backfill(rig.source(), table, type, listRequests, requests.size() - listRequests, minimum,
            records, lists.size()));
        Set<String> tableShapes = new LinkedHashSet<>();
        lists.stream().filter(Lists.ListCost::counted).forEach(l -> tableShapes.add(Lists.shape(l.key())));
        shapes.put(table, tableShapes);
        ends.put(table, end);
        if (verbose) {
          log.printf(Locale.ROOT, "P1 %s.%s: %d requests (%d of lists), minimum %d%n", rig.source(), table,
              requests.size(), listRequests, minimum);
          lists.stream().limit(12).forEach(l -> log.printf(Locale.ROOT, "    %-90s %4d req %6d rec min %d%n",
              l.key(), l.requests(), l.records(), l.minimum()));
        }
      }
      for (String table : ends.keySet()) {
        OptionValues options = factory.tableOptions().validate(rig.pages().tableOptions(table));
        IngestionType type = connector.metadata(table, options).ingestionType();
        if (type == IngestionType.SNAPSHOT) {
          continue;
        }
        rig.server().clearRequests();
        readToEnd(connector, table, type, options, ends.get(table));
        List<LoggedRequest> requests = rig.server().requests();
        noChanges.add(new NoChange(rig.source(), table, requests.size(), Math.max(1, shapes.get(table).size())));
        if (verbose) {
          log.printf(Locale.ROOT, "P2 %s.%s: %d requests for lists %s%n", rig.source(), table, requests.size(),
              shapes.get(table));
          requests.stream().limit(8).forEach(r -> log.println("    " + r.path() + " " + r.query()));
        }
      }
    }
  }

  /**
   * Whether the simulated account has {@code table}: Chargebee lists the tables of both product
   * catalogs and refuses those of the other one, naming the catalog.
   */
  private static boolean onThisAccount(Connector connector, String table, OptionValues options) {
    try {
      connector.metadata(table, options);
      return true;
    } catch (UserException e) {
      if (e.getMessage().contains("Product Catalog")) {
        return false;
      }
      throw e;
    }
  }

  /**
   * Reads {@code table} from {@code from} (records, deletes) to its fixed point, as one {@code
   * Trigger.AvailableNow} run reads both feeds of a table; returns the end offsets.
   */
  private static Offset[] readToEnd(Connector connector, String table, IngestionType type, OptionValues options,
      Offset[] from) {
    java.time.Instant began = java.time.Instant.now();
    Offset start = type == IngestionType.SNAPSHOT ? Offset.START : from[0];
    Offset records = toFixedPoint(table, start, began, o -> connector.read(table, o, options));
    Offset deletes = from[1];
    if (type == IngestionType.CDC_WITH_DELETES) {
      deletes = toFixedPoint(table, from[1], began, o -> connector.readDeletes(table, o, options));
    }
    return new Offset[] {records, deletes};
  }

  private interface Reader {
    ReadResult read(Offset start);
  }

  /**
   * Reads from {@code start} as {@code Trigger.AvailableNow} does: until a call returns its start
   * offset or finishes a listing of the whole table begun after the run {@code began}.
   */
  private static Offset toFixedPoint(String table, Offset start, java.time.Instant began, Reader reader) {
    Offset current = start;
    for (int call = 0; call < MAX_CALLS; call++) {
      ReadResult result = reader.read(current);
      if (result.caughtUp(current)) {
        return current;
      }
      current = result.endOffset();
      if (result.listedSince(began)) {
        return current;
      }
    }
    throw new IllegalStateException("Cannot read table '" + table + "' to its end within " + MAX_CALLS + " calls");
  }
}
