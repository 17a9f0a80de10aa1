package io.tributary.benchmarks;

import io.tributary.api.Connector;
import io.tributary.api.ConnectorFactory;
import io.tributary.api.Offset;
import io.tributary.api.OptionValues;
import io.tributary.api.ReadResult;
import io.tributary.spark.cli.LocalSpark;
import io.tributary.spark.cli.TributaryCli;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * P6's child JVM: ingests Freshservice tickets from {@code base_url} into a fresh lakehouse (mode
 * {@code ingest}), or only reads them through the connector (mode {@code read}, the smoke test's),
 * then prints the records it read, collecting the whole heap every {@link #SAMPLE_MILLIS} ms. The
 * parent measures its heap from the GC log.
 *
 * <pre>HeapProbe BASE_URL DIR ingest|read</pre>
 */
public final class HeapProbe {
  /** How often the probe collects the whole heap, so that the GC log samples what is live. */
  static final long SAMPLE_MILLIS = 1_000;

  private HeapProbe() {}

  public static void main(String[] args) {
    TributaryCli.quietLogging();
    Thread sampler = new Thread(() -> {
      while (true) {
        try {
          Thread.sleep(SAMPLE_MILLIS);
        } catch (InterruptedException e) {
          return;
        }
        System.gc();
      }
    }, "heap-sampler");
    sampler.setDaemon(true);
    sampler.start();
    Path dir = Path.of(args[1]);
    Map<String, String> options = Map.of("api_key", "generated", "domain", "bench", "base_url", args[0],
        "requests_per_minute", "600000");
    long records;
    if (args[2].equals("ingest")) {
      records = Ingests.run(LocalSpark.session(dir.resolve("spark")), dir, "freshservice", options,
          List.of("tickets"), Map.of("per_page", "100")).table("tickets").records();
    } else {
      records = read(options);
    }
    System.out.println("records " + records);
    System.exit(0);
  }

  private static long read(Map<String, String> options) {
    ConnectorFactory factory = ConnectorFactory.find("freshservice");
    OptionValues tableOptions = factory.tableOptions().validate(Map.of("per_page", "100"));
    long records = 0;
    try (Connector connector = factory.create(options)) {
      Offset current = Offset.START;
      java.time.Instant began = java.time.Instant.now();
      while (true) {
        ReadResult result = connector.read("tickets", current, tableOptions);
        records += result.records().size();
        if (result.caughtUp(current) || result.listedSince(began)) {
          return records;
        }
        current = result.endOffset();
      }
    }
  }
}
