package io.tributary.examples.demo;

import io.tributary.simulator.DemoSource;
import io.tributary.spark.cli.IngestRun;
import io.tributary.spark.cli.LocalSpark;
import io.tributary.spark.cli.TributaryCli;
import io.tributary.spark.pipeline.IngestionReport;
import io.tributary.spark.pipeline.Lakehouse;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;

/**
 * {@code tributary demo}: starts the simulator of every source on the class path (examples registers a
 * {@link DemoSource} for each source), ingests all their tables into a local lakehouse,
 * changes data in the simulators (updates, inserts, deletes), ingests again incrementally, and
 * prints what each run changed per source, the slowest tables, and a short sample query with its
 * result. The sources ingest concurrently; each one's tables run in order.
 */
public final class Demo {
  public static final String DEFAULT_WAREHOUSE = "tributary-demo";
  /** Marks a directory the demo created, so a rerun may clear it and nothing else. */
  static final String MARKER = ".tributary-demo";
  static final String USAGE = """
      Usage: tributary demo [--warehouse DIR] [--source NAME ...] [--verbose]

      Starts every source's simulator on loopback (or only those named with --source),
      ingests all its tables into a local lakehouse (default ./%s), changes data in the
      simulators, ingests again incrementally, and prints what each run changed per
      source, the slowest tables, and a sample query with its result.
      """.formatted(DEFAULT_WAREHOUSE);

  private Demo() {}

  /** Runs the demo as the command line does; returns the exit code. */
  public static int main(List<String> args, PrintStream out, PrintStream err) {
    boolean verbose = args.contains("--verbose");
    Path warehouse = Path.of(DEFAULT_WAREHOUSE);
    List<String> only = new ArrayList<>();
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if (arg.equals("--help") || arg.equals("-h")) {
        out.print(USAGE);
        return TributaryCli.OK;
      } else if (arg.equals("--warehouse") && i + 1 < args.size()) {
        warehouse = Path.of(args.get(++i));
      } else if (arg.startsWith("--warehouse=")) {
        warehouse = Path.of(arg.substring("--warehouse=".length()));
      } else if (arg.equals("--source") && i + 1 < args.size()) {
        only.add(args.get(++i));
      } else if (!arg.equals("--verbose")) {
        err.println("error: Unknown argument '" + arg + "' for 'demo'; valid: --warehouse DIR, --source NAME, --verbose");
        return TributaryCli.BAD_INPUT;
      }
    }
    List<DemoSource> sources = discover();
    List<String> available = sources.stream().map(DemoSource::source).toList();
    for (String name : only) {
      if (!available.contains(name)) {
        err.println("error: Cannot run the demo of source '" + name + "': it has no simulator on the class path;"
            + " available: " + (available.isEmpty() ? "none" : String.join(", ", available)));
        return TributaryCli.BAD_INPUT;
      }
    }
    return execute(only.isEmpty() ? sources : sources.stream().filter(s -> only.contains(s.source())).toList(),
        warehouse, verbose, out, err);
  }

  /** Runs the demo with {@code sources}, closing them at the end; returns the exit code. */
  static int execute(List<DemoSource> sources, Path warehouse, boolean verbose, PrintStream out, PrintStream err) {
    try {
      if (sources.isEmpty()) {
        err.println("error: Cannot run the demo: no source simulator (DemoSource) is on the class path;"
            + " build the sources with: mvn -B -DskipTests install");
        return TributaryCli.BAD_INPUT;
      }
      Path dir = prepare(warehouse.toAbsolutePath().normalize());
      DemoRun run = run(LocalSpark.session(dir), dir, sources, out, err);
      return run.failed() ? TributaryCli.TABLE_FAILED : TributaryCli.OK;
    } catch (RuntimeException e) {
      return TributaryCli.report(e, verbose, err);
    } finally {
      sources.forEach(DemoSource::close);
    }
  }

  /** Every registered DemoSource, by source name. */
  public static List<DemoSource> discover() {
    return ServiceLoader.load(DemoSource.class).stream()
        .map(ServiceLoader.Provider::get)
        .sorted(Comparator.comparing(DemoSource::source))
        .toList();
  }

  /**
   * Runs the demo against already discovered (not yet started) sources, into an empty or
   * demo-owned directory. The caller closes the sources; until then the simulators keep serving,
   * so a test can compare the lakehouse with what the sources hold now.
   */
  public static DemoRun run(SparkSession spark, Path warehouse, List<DemoSource> sources, PrintStream out, PrintStream err) {
    long started = System.nanoTime();
    out.println("Tributary demo: " + sources.size() + " source(s), lakehouse " + warehouse);
    Map<String, Map<String, String>> options = new LinkedHashMap<>();
    for (DemoSource source : sources) {
      options.put(source.source(), source.start());
      out.println("  started the " + source.source() + " simulator (" + source.tables().size() + " tables)");
    }
    Path inputs = warehouse.resolve(DemoFiles.DIRECTORY);
    Path connections = DemoFiles.writeConnections(inputs, options);
    List<String> names = sources.stream().map(DemoSource::source).toList();
    List<IngestRun> ingests = new ArrayList<>();
    for (DemoSource source : sources) {
      Path spec = DemoFiles.writeSpec(inputs, source.source(), source.tables());
      ingests.add(IngestRun.prepare(spec, Optional.of(connections), warehouse));
    }

    out.println();
    out.println("Run 1: initial load");
    List<IngestionReport> first = ingestAll(spark, names, ingests, err);

    out.println();
    out.println("Changing data in the simulators");
    List<String> mutations = new ArrayList<>();
    for (DemoSource source : sources) {
      String summary = source.mutate();
      mutations.add(summary);
      out.println("  " + source.source() + ": " + summary);
    }

    // A connector's watermark never passes the moment its listing started, so changes stamped in
    // the current second would only be picked up by the run after next. Let the clock move on.
    settle();

    out.println();
    out.println("Run 2: incremental");
    List<IngestionReport> second = ingestAll(spark, names, ingests, err);

    List<DemoRun.SourceRun> runs = new ArrayList<>();
    for (int i = 0; i < sources.size(); i++) {
      DemoSource source = sources.get(i);
      runs.add(new DemoRun.SourceRun(source.source(), options.get(source.source()), source.tables(),
          first.get(i), mutations.get(i), second.get(i)));
    }
    DemoRun run = new DemoRun(warehouse, runs);
    out.println();
    out.println("What each run changed");
    out.print(DemoSummary.changes(run));
    out.println();
    out.println("Slowest tables");
    out.print(DemoSummary.slowestTables(run));

    new Lakehouse(warehouse).registerAll(spark);
    SampleQuery query = SampleQuery.over(DemoSummary.ingested(run));
    out.println();
    out.println("Sample query: " + query.title());
    out.print(DemoSummary.indented(query));
    out.println();
    out.print(DemoSummary.queryResult(spark.sql(query.sql())));
    out.println();
    out.printf("Done in %.1f s. Query the lakehouse yourself:%n", (System.nanoTime() - started) / 1e9);
    out.println("  bin/tributary sql --warehouse " + warehouse + " \"" + query.oneLine() + "\"");
    out.flush();
    return run;
  }

  /**
   * Ingests every source at once, each on its own thread and the shared session: most of a run is
   * spent waiting on a simulator's rate limit, which is per source. Progress lines carry the
   * source's name; the reports come back in the order of {@code ingests}.
   */
  private static List<IngestionReport> ingestAll(
      SparkSession spark, List<String> names, List<IngestRun> ingests, PrintStream err) {
    ExecutorService pool = Executors.newFixedThreadPool(ingests.size(), new ThreadFactory() {
      private int n;

      @Override
      public synchronized Thread newThread(Runnable task) {
        Thread thread = new Thread(task, "tributary-demo-ingest-" + n++);
        thread.setDaemon(true);
        return thread;
      }
    });
    try {
      List<Future<IngestionReport>> running = new ArrayList<>();
      for (int i = 0; i < ingests.size(); i++) {
        IngestRun ingest = ingests.get(i);
        String prefix = "[" + names.get(i) + "] ";
        running.add(pool.submit(() -> {
          SparkSession.setActiveSession(spark);
          try (PrintStream progress = PrefixedLines.to(err, prefix)) {
            return ingest.execute(spark, progress);
          }
        }));
      }
      List<IngestionReport> reports = new ArrayList<>();
      for (Future<IngestionReport> report : running) {
        reports.add(await(report));
      }
      return reports;
    } finally {
      pool.shutdownNow();
    }
  }

  private static IngestionReport await(Future<IngestionReport> report) {
    try {
      return report.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while the demo was ingesting", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      if (e.getCause() instanceof Error error) {
        throw error;
      }
      throw new IllegalStateException(e.getCause());
    }
  }

  /**
   * Creates the lakehouse directory, or clears one a previous demo made. Refuses any other
   * non-empty directory: the demo must never delete a user's data.
   */
  static Path prepare(Path dir) {
    try {
      if (Files.isDirectory(dir) && !isEmpty(dir)) {
        if (!Files.exists(dir.resolve(MARKER))) {
          throw new io.tributary.api.UserException("Cannot run the demo in " + dir
              + ": the directory is not empty and was not made by the demo; pass --warehouse NEW_DIR");
        }
        try (Stream<Path> paths = Files.walk(dir)) {
          for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
            Files.delete(path);
          }
        }
      }
      Files.createDirectories(dir);
      Files.writeString(dir.resolve(MARKER), "Created by tributary demo; the next demo run replaces this directory.\n");
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot prepare the demo lakehouse " + dir, e);
    }
  }

  private static boolean isEmpty(Path dir) throws IOException {
    try (Stream<Path> entries = Files.list(dir)) {
      return entries.findAny().isEmpty();
    }
  }

  private static void settle() {
    try {
      Thread.sleep(2_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
