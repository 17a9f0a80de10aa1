package io.tributary.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.api.ConnectorFactory;
import io.tributary.api.Connector;
import io.tributary.api.Json;
import io.tributary.simulator.freshservice.FreshserviceSimulator;
import io.tributary.spark.pipeline.IngestionReport;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/**
 * P5: Tributary's end-to-end records/s against a baseline built the plain way, on the same
 * Freshservice tickets: the baseline pages through the same lists Tributary keeps records from
 * (the default list from the epoch, and the spam list), writes each page's records as JSON lines,
 * then runs {@code spark.read().schema(s).json(dir)} with the connector's own schema and writes a
 * Delta table; it is timed as a whole, as the ingest is. Both read {@link GeneratedTickets}, which
 * makes each page up as it is asked for, at no latency and no rate limit, so the figure is what
 * each does with the records, not how fast the API (or a simulator sorting 50,000 tickets for every
 * page) is.
 */
final class EndToEnd {
  private static final String SINCE = "1970-01-01T00:00:00Z";

  private EndToEnd() {}

  static Figure measure(SparkSession spark, Path dir, Sizes sizes, PrintStream out) {
    // Each way once on a few pages first, untimed, so that neither is timed loading and compiling
    // what the other already has (run alone, the baseline went second and found Delta's write warm).
    run(spark, dir.resolve("warm-up"), WARM_UP_TICKETS);
    Run run = run(spark, dir.resolve("timed"), sizes.endToEndTickets());
    double tributaryRate = run.ingested() / run.tributarySeconds();
    double baselineRate = run.fetched() / run.baselineSeconds();
    out.printf(Locale.ROOT, "  tributary %d records in %.1f s, baseline %d records in %.1f s%n", run.ingested(),
        run.tributarySeconds(), run.fetched(), run.baselineSeconds());
    return Figure.ratio("P5", "end-to-end records/s ÷ JSON files + spark.read.json + Delta", tributaryRate / baselineRate,
        ">= 1.0", v -> v >= 1.0, String.format(Locale.ROOT,
            "%,d tickets: Tributary %,d rows in %.1f s (%,.0f/s, %d requests); baseline %,d rows in %.1f s (%,.0f/s)",
            sizes.endToEndTickets(), run.ingested(), run.tributarySeconds(), tributaryRate, run.requests(),
            run.fetched(), run.baselineSeconds(), baselineRate));
  }

  /** Tickets each way ingests once, untimed, before the timed run. */
  static final int WARM_UP_TICKETS = 1_000;

  private record Run(long ingested, double tributarySeconds, long requests, long fetched, double baselineSeconds) {}

  /** Ingests {@code tickets} generated tickets with Tributary, then the baseline's way, each timed whole. */
  private static Run run(SparkSession spark, Path dir, int tickets) {
    try (GeneratedTickets sim = new GeneratedTickets(tickets)) {
      Map<String, String> options = Map.of("api_key", "generated", "domain", "bench", "base_url", sim.baseUrl(),
          "requests_per_minute", "600000");
      long t0 = System.nanoTime();
      IngestionReport report = Ingests.run(spark, dir.resolve("tributary"), "freshservice", options,
          List.of("tickets"), Map.of("per_page", "100"));
      long t1 = System.nanoTime();
      long ingested = spark.read().format("delta").load(dir.resolve("tributary/lakehouse/freshservice/tickets")
          .toString()).count();
      StructType schema;
      ConnectorFactory factory = ConnectorFactory.find("freshservice");
      try (Connector connector = factory.create(options)) {
        schema = connector.schema("tickets", factory.tableOptions().validate(Map.of()));
      }
      long t2 = System.nanoTime();
      Path json = dir.resolve("baseline/json");
      long fetched = fetch(sim.baseUrl(), json, "") + fetch(sim.baseUrl(), json, "spam");
      StructType jsonSchema = schema;
      SparkDefaults.run(spark, () -> spark.read().schema(jsonSchema).json(json.toString()).write().format("delta")
          .mode("overwrite").save(dir.resolve("baseline/delta").toString()));
      long t3 = System.nanoTime();
      return new Run(ingested, (t1 - t0) / 1e9, report.table("tickets").requests(), fetched, (t3 - t2) / 1e9);
    }
  }

  /** Pages through one tickets list into JSON-line files, one a page; returns the records written. */
  private static long fetch(String baseUrl, Path dir, String filter) {
    HttpClient client = HttpClient.newHttpClient();
    String auth = "Basic " + Base64.getEncoder().encodeToString((FreshserviceSimulator.API_KEY + ":X")
        .getBytes(StandardCharsets.UTF_8));
    long records = 0;
    try {
      Files.createDirectories(dir);
      for (int page = 1; ; page++) {
        String url = baseUrl + "/api/v2/tickets?per_page=100&page=" + page + "&updated_since=" + SINCE
            + (filter.isEmpty() ? "" : "&filter=" + filter);
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(url))
            .header("Authorization", auth).GET().build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
          throw new IllegalStateException("Cannot fetch the baseline's page " + url + ": HTTP " + response.statusCode());
        }
        JsonNode list = Json.MAPPER.readTree(response.body()).path("tickets");
        if (list.isEmpty()) {
          return records;
        }
        try (BufferedWriter out = Files.newBufferedWriter(dir.resolve((filter.isEmpty() ? "list" : filter) + "-"
            + page + ".json"), StandardCharsets.UTF_8)) {
          for (JsonNode ticket : list) {
            out.write(ticket.toString());
            out.write('\n');
            records++;
          }
        }
        if (response.headers().firstValue("Link").isEmpty()) {
          return records;
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot fetch the baseline's tickets into " + dir, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted fetching the baseline's tickets", e);
    }
  }
}
