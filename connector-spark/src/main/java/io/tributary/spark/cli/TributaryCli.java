package io.tributary.spark.cli;

import io.tributary.api.TributaryException;
import io.tributary.api.UserException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code tributary} command line: {@code ingest}, {@code sql}, {@code tables} and {@code read}.
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

  static final String USAGE = """
      Usage: tributary [--verbose] COMMAND [OPTIONS]

      Commands:
        ingest   Ingest the tables of a pipeline_spec into Delta tables
        sql      Query the ingested tables; prints JSON lines
        tables   List a connector's tables (no credentials needed)
        read     Preview a table's records as JSON lines
        reconcile  Count each table of a pipeline_spec at its source and in Delta

      Run 'tributary COMMAND --help' for a command's options.
      --verbose prints stack traces with errors.
      """;

  private TributaryCli() {}

  public static void main(String[] args) {
    quietLogging();
    int code = run(args, System.out, System.err);
    System.out.flush();
    System.exit(code);
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
    List<String> rest = new ArrayList<>(List.of(args));
    boolean verbose = rest.remove("--verbose");
    boolean help = rest.remove("--help") | rest.remove("-h");
    String command = rest.isEmpty() ? null : rest.remove(0);
    try {
      if (command == null || command.equals("help")) {
        (help || command != null ? out : err).print(USAGE);
        return help || command != null ? OK : BAD_INPUT;
      }
      if (help) {
        out.print(usage(command));
        return OK;
      }
      return switch (command) {
        case "ingest" -> IngestCommand.run(rest, err);
        case "sql" -> SqlCommand.run(rest, out);
        case "tables" -> TablesCommand.run(rest, out);
        case "read" -> ReadCommand.run(rest, out);
        case "reconcile" -> ReconcileCommand.run(rest, out, err);
        default -> throw new UsageException(null, "Unknown command '" + command + "'");
      };
    } catch (Exception | LinkageError e) {
      return report(e, verbose, err);
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

  private static String usage(String command) {
    return switch (command) {
      case "ingest" -> IngestCommand.USAGE;
      case "sql" -> SqlCommand.USAGE;
      case "tables" -> TablesCommand.USAGE;
      case "read" -> ReadCommand.USAGE;
      case "reconcile" -> ReconcileCommand.USAGE;
      default -> USAGE;
    };
  }
}
