package io.tributary.spark.cli;

import io.tributary.api.TributaryException;
import io.tributary.api.UserException;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * The {@code tributary} command line: {@code ingest}, {@code status}, {@code sql}, {@code tables},
 * {@code read}, {@code check} and {@code reconcile}, parsed by picocli, which also generates each
 * command's help ({@code tributary ingest --help}, {@code tributary help ingest}) and a bash
 * completion script ({@code tributary completion}).
 *
 * <p>Stdout carries only results (JSON lines from {@code sql} and {@code read}, the table list of
 * {@code tables}); progress, summaries, logs and errors go to stderr, so scripts can pipe stdout.
 * Errors print as one clear message without a stack trace, unless {@code --verbose} is given.
 *
 * <p>Exit codes: {@value #OK} success; {@value #TABLE_FAILED} a table (or a query) failed, the
 * other tables' progress is kept; {@value #BAD_INPUT} a bad spec, bad options or a bad command
 * line, and nothing ran; {@value #PAUSED} a table paused on a provider quota or the time budget,
 * at a committed offset, and a rerun continues.
 */
public final class TributaryCli {
  public static final int OK = 0;
  public static final int TABLE_FAILED = 1;
  public static final int BAD_INPUT = 2;
  /**
   * A table stopped early on purpose, at a committed offset: a provider quota guard (such as
   * Salesforce's max_api_usage_percent) or the run's time budget. Rerun later to continue.
   */
  public static final int PAUSED = 3;

  static final String VERBOSE = "--verbose";

  private TributaryCli() {}

  public static void main(String[] args) {
    quietLogging();
    exit(run(args, System.out, System.err));
  }

  /**
   * Ends a {@code main} with {@code code}. Under {@code bin/tributary}, which sets {@code
   * tributary.home}, the JVM is Tributary's own and exits with the code. Otherwise the JVM belongs to
   * {@code spark-submit} or to a Databricks JAR task, which end the application themselves and
   * treat an exception from {@code main} as failure: success returns, any other code throws.
   */
  public static void exit(int code) {
    System.out.flush();
    System.err.flush();
    if (System.getProperty("tributary.home") != null) {
      System.exit(code);
    }
    if (code != OK) {
      throw new IllegalStateException("tributary failed with exit code " + code + " ("
          + (code == PAUSED ? "a table paused at a committed offset; run again to continue"
              : code == BAD_INPUT ? "bad input, nothing ran" : "a table failed") + "): see the messages above");
    }
  }

  /**
   * Sends Spark's logging to stderr at WARN, unless the user configured log4j2 themselves. Call
   * first thing in a {@code main}, before Spark starts.
   */
  public static void quietLogging() {
    CliLogging.quietUnlessConfigured();
  }

  /** Runs one command line and returns its exit code; never calls {@code System.exit}. */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    return run(args, out, err, List.of());
  }

  /**
   * Runs one command line with {@code extraCommands} besides the built-in ones, as the examples'
   * {@code demo} does. Each is a picocli {@code @Command} object, such as a {@code
   * Callable<Integer>} returning its exit code; its help is generated like the others'.
   */
  public static int run(String[] args, PrintStream out, PrintStream err, List<Object> extraCommands) {
    // Known before parsing, so that a command line that fails to parse is reported the same way.
    boolean verbose = List.of(args).contains(VERBOSE);
    CliStreams io = new CliStreams(out, err, verbose);
    try (AutoCloseable logging = CliLogging.during(err, verbose)) {
      CommandLine cli = commandLine(io, extraCommands);
      int code = cli.execute(args);
      cli.getOut().flush();
      cli.getErr().flush();
      out.flush();
      err.flush();
      return code;
    } catch (Exception e) {
      return report(e, verbose, err);
    }
  }

  /** The picocli command tree; its settings apply to every command added before they are set. */
  static CommandLine commandLine(CliStreams io, List<Object> extraCommands) {
    CommandLine cli = new CommandLine(new Root(io));
    cli.addSubcommand(new IngestCommand(io));
    cli.addSubcommand(new StatusCommand(io));
    cli.addSubcommand(new SqlCommand(io));
    cli.addSubcommand(new TablesCommand(io));
    cli.addSubcommand(new ReadCommand(io));
    cli.addSubcommand(new CheckCommand(io));
    cli.addSubcommand(new ReconcileCommand(io));
    extraCommands.forEach(cli::addSubcommand);
    cli.addSubcommand(new CommandLine.HelpCommand());
    cli.addSubcommand("completion", completion());
    cli.setOut(writer(io.out()));
    cli.setErr(writer(io.err()));
    cli.setParameterExceptionHandler((e, args) -> report(UsageException.from(e), io.verbose(), io.err()));
    cli.setExecutionExceptionHandler((e, line, parsed) -> report(e, io.verbose(), io.err()));
    return cli;
  }

  /** Picocli's completion script generator, named and helped like the other commands. */
  private static CommandLine completion() {
    CommandLine completion = new CommandLine(new AutoComplete.GenerateCompletion());
    CommandSpec spec = completion.getCommandSpec();
    spec.name("completion").mixinStandardHelpOptions(false);
    spec.addMixin("help", CommandSpec.forAnnotatedObject(new CliOptions.Help()));
    spec.usageMessage().description("Print a bash completion script for tributary's commands and options.",
        "Load it in the current shell with:  source <(tributary completion)");
    return completion;
  }

  private static PrintWriter writer(PrintStream stream) {
    return new PrintWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8), true);
  }

  /** {@code tributary} itself: prints the usage to stderr and exits 2 when no command is given. */
  @Command(name = "tributary", synopsisSubcommandLabel = "COMMAND",
      description = "Ingest SaaS sources into Delta tables, and query them.",
      footer = {"", "Run 'tributary COMMAND --help' (or 'tributary help COMMAND') for a command's options.",
          "Stdout carries only results; progress, summaries, logs and errors go to stderr."},
      exitCodeListHeading = "%nExit codes:%n",
      exitCodeList = {
          "0:success",
          "1:a table (or a query) failed; the other tables' progress is kept",
          "2:a bad spec, bad options or a bad command line; nothing ran",
          "3:a table paused at a committed offset (a provider quota or the time budget); rerun later"})
  static final class Root implements Callable<Integer> {
    @Option(names = VERBOSE, scope = ScopeType.INHERIT,
        description = "Print stack traces with errors, and Spark's and Delta's log lines in full.")
    boolean verbose;

    @Mixin CliOptions.Help help;

    @Spec CommandSpec spec;

    private final CliStreams io;

    Root(CliStreams io) {
      this.io = io;
    }

    @Override
    public Integer call() {
      spec.commandLine().usage(io.err());
      return BAD_INPUT;
    }
  }

  /** Prints {@code e} as the CLI does and returns the exit code it implies. */
  public static int report(Throwable e, boolean verbose, PrintStream err) {
    int code = exitCode(e);
    String message = message(e);
    err.println("error: " + message);
    if (e instanceof UsageException usage) {
      err.println("Run 'tributary " + (usage.command() == null ? "" : usage.command() + " ") + "--help' for usage.");
    }
    if (verbose) {
      e.printStackTrace(err);
    } else if (code != BAD_INPUT && rootTributaryException(e) == null) {
      err.println("(run with --verbose for the stack trace)");
    }
    err.flush();
    return code;
  }

  /** A usage error or a user error (nothing ran): 2; anything else: 1. */
  static int exitCode(Throwable e) {
    if (e instanceof UsageException || rootTributaryException(e) instanceof UserException) {
      return BAD_INPUT;
    }
    return TABLE_FAILED;
  }

  /**
   * The message to show: a Tributary exception's own message wherever it sits in the cause chain
   * (Spark wraps executor failures several times), otherwise the outermost one's class and first
   * line.
   */
  static String message(Throwable e) {
    Throwable tributary = rootTributaryException(e);
    if (tributary != null) {
      return tributary.getMessage();
    }
    if (e instanceof UsageException) {
      return e.getMessage();
    }
    String name = e.getClass().getSimpleName();
    return e.getMessage() == null ? name : name + ": " + firstLine(e.getMessage());
  }

  /** The first line of a message; Spark appends plans and context on the following lines. */
  static String firstLine(String text) {
    String stripped = text == null ? "" : text.strip();
    int newline = stripped.indexOf('\n');
    return newline > 0 ? stripped.substring(0, newline).strip() : stripped;
  }

  private static Throwable rootTributaryException(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof TributaryException) {
        return t;
      }
    }
    return null;
  }
}
