package io.tributary.benchmarks;

import io.tributary.simulator.LoggedRequest;
import io.tributary.simulator.freshservice.FreshserviceSimulator;
import io.tributary.spark.pipeline.IngestionReport;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/**
 * P3: backfills through a real ingest against a Freshservice simulator that answers every request
 * after a fixed latency and enforces the plan's 700 requests a minute (429 beyond it), with the
 * connection's {@code requests_per_minute: 700}. A budget of 700/min means {@code requests ÷ (700/60)}
 * seconds at the least; the figure is the ingest's wall time over that. Two cases: the tickets
 * table alone, and requested_items, a child table that fans out to one request per service request
 * (every third ticket is one).
 */
final class PacedBackfill {
  static final int BUDGET_PER_MINUTE = 700;
  /** Tickets ingested once, untimed, before the timed cases. */
  static final int WARM_UP_TICKETS = 1_000;

  private PacedBackfill() {}

  static List<Figure> measure(SparkSession spark, Path dir, Sizes sizes, PrintStream out) {
    // Untimed, a small ingest first, as P5 has: the session's first Delta table and stream load and
    // compile what every later ingest finds ready (4.6 s before a cold run's first request), which
    // is the JVM's start, not the backfill's.
    try (FreshserviceSimulator warm = FreshserviceSimulator.start(
        FreshserviceSimulator.Config.defaults().tickets(WARM_UP_TICKETS))) {
      Ingests.run(spark, dir.resolve("warm-up"), "freshservice", warm.connectionOptions(), List.of("tickets"),
          Map.of("per_page", "100"));
    }
    List<Figure> figures = new ArrayList<>();
    figures.add(one(spark, dir.resolve("tickets"), "P3 tickets", "tickets", sizes.pacedTickets(), sizes, out));
    figures.add(one(spark, dir.resolve("fan-out"), "P3 fan-out", "requested_items", sizes.pacedParents() * 3, sizes,
        out));
    return figures;
  }

  private static Figure one(SparkSession spark, Path dir, String id, String table, int tickets, Sizes sizes,
      PrintStream out) {
    FreshserviceSimulator.Config config = FreshserviceSimulator.Config.defaults().tickets(tickets).plan(BUDGET_PER_MINUTE);
    try (FreshserviceSimulator sim = FreshserviceSimulator.start(config)) {
      sim.server().latency(Duration.ofMillis(sizes.latencyMs()));
      Map<String, String> options = new LinkedHashMap<>(sim.connectionOptions());
      options.put("requests_per_minute", String.valueOf(BUDGET_PER_MINUTE));
      long parents = sim.table("tickets").allRecords().stream()
          .filter(t -> t.path("type").asText().equals("Service Request")).count();
      long started = System.nanoTime();
      IngestionReport report = Ingests.run(spark, dir, "freshservice", options, List.of(table),
          Map.of("per_page", "100"));
      double wall = (System.nanoTime() - started) / 1e9;
      List<LoggedRequest> log = sim.server().requests();
      long throttled = log.stream().filter(r -> r.status() == 429).count();
      double floor = log.size() / (BUDGET_PER_MINUTE / 60.0);
      double ratio = wall / floor;
      String what = table.equals("tickets") ? tickets + " tickets" : parents + " parents (service requests)";
      out.printf(Locale.ROOT, "  %s: %s, %d requests in %.1f s (budget floor %.1f s), %d answered 429%n", id, what,
          log.size(), wall, floor, throttled);
      return Figure.ratio(id, "backfill wall ÷ (requests ÷ budget), " + table, ratio, "<= 1.10, no 429 storm",
          v -> v <= 1.10 && throttled == 0, String.format(Locale.ROOT,
              "%s, %d records; %d requests in %.1f s, floor %.1f s at %d/min, %d ms latency; %d answered 429",
              what, report.table(table).records(), log.size(), wall, floor, BUDGET_PER_MINUTE, sizes.latencyMs(),
              throttled));
    }
  }
}
