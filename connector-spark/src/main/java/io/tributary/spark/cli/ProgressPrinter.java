package io.tributary.spark.cli;

import io.tributary.spark.pipeline.ProgressListener;
import io.tributary.spark.pipeline.TableProgress;
import io.tributary.spark.pipeline.TableReport;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Prints each table's progress to stderr while it runs: records so far, requests (one per page,
 * plus retries) and their rate against the connection's budget, retries, and time spent waiting
 * on rate limits, so a long backfill shows it is moving and why it may be slow. Requests move
 * between batches too: a ticker thread polls the running tables' live figures. On a terminal the
 * lines are redrawn in place; elsewhere they are plain lines (see {@link ProgressBoard}).
 */
final class ProgressPrinter implements ProgressListener {
  private final ProgressBoard board;
  private final Duration tick;
  private ScheduledExecutorService ticker;

  /**
   * Redraws in place when {@code err} is the process's stderr and that is a terminal; prints plain
   * lines otherwise (a file, a pipe, a test's buffer, the demo's prefixed streams).
   */
  ProgressPrinter(PrintStream err) {
    this(err == System.err && stderrIsTerminal()
        ? ProgressBoard.terminal(err, Clock.systemUTC(), terminalWidth())
        : ProgressBoard.plain(err, Clock.systemUTC(), ProgressBoard.PLAIN_INTERVAL));
  }

  private ProgressPrinter(ProgressBoard board) {
    this(board, board.tick());
  }

  /** Refreshes {@code board} every {@code tick} while a table runs. */
  ProgressPrinter(ProgressBoard board, Duration tick) {
    this.board = board;
    this.tick = tick;
  }

  @Override
  public synchronized void tableStarted(LiveTable table) {
    quietly(() -> board.started(table));
    if (ticker == null) {
      ticker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "tributary-progress");
        thread.setDaemon(true);
        return thread;
      });
      ticker.scheduleWithFixedDelay(() -> quietly(board::refresh), tick.toMillis(), tick.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  @Override
  public void batchApplied(TableProgress p) {
    quietly(() -> board.batchApplied(p));
  }

  /** The ticker stops with the last running table, and starts again with the next one. */
  @Override
  public synchronized void tableFinished(TableReport r) {
    quietly(() -> board.finished(r));
    if (ticker != null && board.idle()) {
      ticker.shutdownNow();
      ticker = null;
    }
  }

  @Override
  public void interruptedRunCounted(TableReport r) {
    quietly(() -> board.note("[" + r.sourceTable() + "] run " + r.runId() + " was interrupted; logged what it committed: "
        + r.inserted() + " inserted, " + r.updated() + " updated, " + r.deleted() + " deleted"));
  }

  /**
   * Progress must never stop a run, nor the ticker (a scheduled task that throws is never run
   * again): a live figure that fails to read is skipped, and the next refresh tries again.
   */
  private static void quietly(Runnable drawing) {
    try {
      drawing.run();
    } catch (RuntimeException e) {
      // Skipped on purpose, see above.
    }
  }

  /**
   * Whether file descriptor 2 is a terminal. {@code System.console()} answers for stdin and stdout
   * only, so where Linux's {@code /proc} tells what stderr is, that answer wins; {@code TERM=dumb}
   * cannot move the cursor.
   */
  static boolean stderrIsTerminal() {
    if ("dumb".equals(System.getenv("TERM"))) {
      return false;
    }
    Path fd = Path.of("/proc/self/fd/2");
    try {
      if (Files.isSymbolicLink(fd)) {
        String target = Files.readSymbolicLink(fd).toString();
        return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
      }
    } catch (IOException | SecurityException e) {
      // Fall back to the console below.
    }
    return System.console() != null;
  }

  /** The terminal's width as the shell exports it, or 80. */
  static int terminalWidth() {
    try {
      String columns = System.getenv("COLUMNS");
      return columns == null ? 80 : Integer.parseInt(columns.trim());
    } catch (NumberFormatException e) {
      return 80;
    }
  }

  static String seconds(long millis) {
    return String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
  }
}
