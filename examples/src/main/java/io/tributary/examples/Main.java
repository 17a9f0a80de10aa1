package io.tributary.examples;

import io.tributary.examples.demo.Demo;
import io.tributary.examples.docs.ConnectorDocs;
import io.tributary.spark.cli.TributaryCli;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The entry point of the distributable jar and of {@code bin/tributary}: {@code demo} and {@code
 * docs} live here, next to every connector and simulator; the other commands are {@link
 * TributaryCli}'s. All of them are parsed, and their help generated, by the same command line.
 */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    TributaryCli.quietLogging();
    TributaryCli.exit(run(args, System.out, System.err));
  }

  public static int run(String[] args, PrintStream out, PrintStream err) {
    boolean verbose = List.of(args).contains("--verbose");
    return TributaryCli.run(args, out, err, List.of(new DemoCommand(out, err, verbose), new DocsCommand(out, err)));
  }

  @Command(name = "demo", sortOptions = false,
      description = {"Start every source's simulator, ingest, change data, ingest again.",
          "Starts the simulators on loopback (or only those named with --source), ingests all their tables into"
              + " a local lakehouse, changes data in the simulators, ingests again incrementally, and prints what"
              + " changed per source and run with its time, the slowest tables, and one short joined query with"
              + " its answer."})
  static final class DemoCommand implements Callable<Integer> {
    @Option(names = "--warehouse", paramLabel = "DIR", defaultValue = Demo.DEFAULT_WAREHOUSE,
        description = "The demo's lakehouse directory, cleared first if an earlier demo made it"
            + " (default: ./${DEFAULT-VALUE}).")
    Path warehouse;

    @Option(names = "--source", paramLabel = "NAME", description = "Run only this source's demo; repeat for each.")
    List<String> sources = new ArrayList<>();

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    private final PrintStream out;
    private final PrintStream err;
    private final boolean verbose;

    DemoCommand(PrintStream out, PrintStream err, boolean verbose) {
      this.out = out;
      this.err = err;
      this.verbose = verbose;
    }

    @Override
    public Integer call() {
      List<String> args = new ArrayList<>(List.of("--warehouse", warehouse.toString()));
      sources.forEach(source -> args.addAll(List.of("--source", source)));
      if (verbose) {
        args.add("--verbose");
      }
      return Demo.main(args, out, err);
    }
  }

  @Command(name = "docs", description = "Check (or --write) the generated blocks of docs/connectors/*.md.")
  static final class DocsCommand implements Callable<Integer> {
    @Option(names = "--write", description = "Regenerate the blocks instead of checking them.")
    boolean write;

    @Option(names = "--check", description = "Check that the blocks match the code (the default).")
    boolean check;

    @Option(names = "--dir", paramLabel = "DIR", description = "The connector pages' directory (default: docs/connectors).")
    Path dir;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    private final PrintStream out;
    private final PrintStream err;

    DocsCommand(PrintStream out, PrintStream err) {
      this.out = out;
      this.err = err;
    }

    @Override
    public Integer call() {
      List<String> args = new ArrayList<>(List.of(write ? "--write" : "--check"));
      if (dir != null) {
        args.addAll(List.of("--dir", dir.toString()));
      }
      return ConnectorDocs.run(args, out, err);
    }
  }
}
