package io.tributary.benchmarks;

import io.tributary.spark.cli.LocalSpark;
import io.tributary.spark.cli.TributaryCli;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.spark.sql.SparkSession;

/**
 * The benchmark harness: measures the figures of docs/benchmarks.md (P1 to P7) in one run, each a
 * ratio against a baseline measured in the same run, prints them as a table and, with {@code
 * --write-docs}, writes them into the page. See benchmarks/README.md.
 *
 * <pre>
 * Bench [--only P1,P4] [--quick] [--write-docs] [--docs FILE] [--work DIR] [--verbose]
 * </pre>
 */
public final class Bench {
  static final List<String> FIGURES = List.of("P1", "P2", "P3", "P4", "P5", "P6", "P7");
  static final String USAGE = """
      Usage: Bench [--only P1,P4] [--quick] [--write-docs] [--docs FILE] [--work DIR] [--verbose]
        --only        the figures to measure (default: all of %s)
        --quick       smaller workloads, for a look in a few minutes (the page's figures come from a full run)
        --write-docs  replace the figures section of the docs page with this run's table
        --docs        the docs page (default: docs/benchmarks.md)
        --work        scratch directory for lakehouses and logs (default: a new temporary directory)
        --verbose     also print each list P1 counted and the requests of P2
      """.formatted(FIGURES);

  private Bench() {}

  public static void main(String[] args) {
    TributaryCli.quietLogging();
    System.exit(run(Arrays.asList(args), System.out, System.err));
  }

  /** Runs the harness as the command line does; returns the exit code (0 also when targets are missed). */
  static int run(List<String> args, PrintStream out, PrintStream err) {
    Set<String> only = new LinkedHashSet<>(FIGURES);
    Sizes sizes = Sizes.full();
    boolean writeDocs = false;
    boolean verbose = false;
    Path docs = Path.of("docs", "benchmarks.md");
    Path work = null;
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      switch (arg) {
        case "--only" -> {
          if (i + 1 >= args.size()) {
            err.println("error: Missing value for --only; valid figures: " + FIGURES);
            return 2;
          }
          only = new LinkedHashSet<>();
          for (String id : args.get(++i).split(",")) {
            String figure = id.trim().toUpperCase(Locale.ROOT);
            if (!FIGURES.contains(figure)) {
              err.println("error: Invalid value " + id + " for --only: valid figures are " + FIGURES);
              return 2;
            }
            only.add(figure);
          }
        }
        case "--quick" -> sizes = Sizes.quick();
        case "--tiny" -> sizes = Sizes.tiny();
        case "--write-docs" -> writeDocs = true;
        case "--verbose" -> verbose = true;
        case "--docs" -> docs = Path.of(args.get(++i));
        case "--work" -> work = Path.of(args.get(++i));
        case "--help", "-h" -> {
          out.print(USAGE);
          return 0;
        }
        default -> {
          err.println("error: Unknown argument '" + arg + "'");
          err.print(USAGE);
          return 2;
        }
      }
    }
    Path dir = work != null ? work : temporaryDirectory();
    String command = "Bench " + String.join(" ", args);
    Report report = measure(sizes, only, dir, verbose, out);
    out.println();
    out.print(report.table());
    if (writeDocs) {
      DocsPage.write(docs, report, command, LocalDate.now(ZoneOffset.UTC));
      out.println("Wrote the figures into " + docs);
    }
    return 0;
  }

  /**
   * Measures the figures in {@code only} at {@code sizes}, in order; progress goes to {@code out},
   * and the table so far to {@code work}/figures.md after each figure, so a run cut short leaves
   * what it measured.
   */
  static Report measure(Sizes sizes, Set<String> only, Path work, boolean verbose, PrintStream out) {
    RequestCounts.Result[] counts = {null};
    List<Figure> figures = new ArrayList<>() {
      @Override
      public boolean add(Figure figure) {
        super.add(figure);
        out.println("  => " + figure.id() + " " + figure.shown() + " (target " + figure.target() + ")");
        saveSoFar(work, new Report(sizes.name(), this, counts[0]));
        return true;
      }
    };
    Lazy spark = new Lazy(work);
    if (only.contains("P1") || only.contains("P2")) {
      out.println("P1/P2: every table of every source, full backfill then a no-change run");
      attempt("P1/P2", out, () -> {
        counts[0] = RequestCounts.measure(sizes.scale(), verbose, out);
        if (only.contains("P1")) {
          figures.add(Report.p1(counts[0]));
        }
        if (only.contains("P2")) {
          figures.add(Report.p2(counts[0]));
        }
      });
    }
    if (only.contains("P3")) {
      out.println("P3: paced backfills, " + sizes.latencyMs() + " ms latency, 700 requests/min");
      attempt("P3", out, () -> PacedBackfill.measure(spark.session(), work.resolve("p3"), sizes, out)
          .forEach(figures::add));
    }
    if (only.contains("P4")) {
      out.println("P4: row converter against Spark's JSON reader");
      attempt("P4", out, () -> figures.add(ConverterThroughput.measure(spark.session(), work.resolve("p4"), sizes,
          out)));
    }
    if (only.contains("P5")) {
      out.println("P5: end to end against JSON files + spark.read.json + Delta");
      attempt("P5", out, () -> figures.add(EndToEnd.measure(spark.session(), work.resolve("p5"), sizes, out)));
    }
    if (only.contains("P6")) {
      out.println("P6: peak heap after GC, " + sizes.heapLarge() + " against " + sizes.heapSmall() + " records");
      attempt("P6", out, () -> figures.add(HeapGrowth.measure(work.resolve("p6"), sizes, out)));
    }
    if (only.contains("P7")) {
      out.println("P7: tributary demo");
      attempt("P7", out, () -> figures.add(DemoTime.measure(sizes.childIngests() ? null : spark.session(),
          work.resolve("p7"), out)));
    }
    return new Report(sizes.name(), figures, counts[0]);
  }

  /**
   * Runs one figure's measurement; a figure that fails is left out of the table (the smoke test
   * then fails on it) and the run goes on to the next, so one broken figure does not cost the others.
   */
  private static void attempt(String figure, PrintStream out, Runnable measurement) {
    try {
      measurement.run();
    } catch (RuntimeException e) {
      out.println("  => " + figure + " FAILED: " + e);
    }
  }

  private static void saveSoFar(Path work, Report report) {
    try {
      Files.createDirectories(work);
      Files.writeString(work.resolve("figures.md"), report.table());
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write the figures so far into " + work, e);
    }
  }

  private static Path temporaryDirectory() {
    try {
      return Files.createTempDirectory("tributary-bench");
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create a scratch directory", e);
    }
  }

  /** One SparkSession for the run, started only when a figure needs it. */
  private static final class Lazy {
    private final Path work;
    private SparkSession session;

    Lazy(Path work) {
      this.work = work;
    }

    SparkSession session() {
      if (session == null) {
        session = LocalSpark.session(work.resolve("spark"));
      }
      return session;
    }
  }
}
