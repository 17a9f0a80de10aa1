package io.tributary.spark.cli;

import io.tributary.spark.pipeline.ProgressListener.LiveTable;
import io.tributary.spark.pipeline.TableProgress;
import io.tributary.spark.pipeline.TableReport;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * Draws the progress of running tables on a stream, in one of two ways.
 *
 * <ul>
 *   <li>On a terminal, one line per running table, redrawn in place (at most every {@link
 *       #REDRAW}) with ANSI cursor moves; a table that ends collapses to its final line, which
 *       stays above the live ones.
 *   <li>Elsewhere (CI logs, files), plain lines that grep well: each committed batch as before,
 *       a progress line per table at most every {@code interval} and only when its figures moved,
 *       and a final line per table.
 * </ul>
 *
 * <p>Time comes from the given clock, so tests drive {@link #refresh} with a fake one. Thread-safe:
 * the pipeline's threads and the printer's ticker call in concurrently.
 */
final class ProgressBoard {
  /** The shortest time between two redraws on a terminal: a few a second reads as live. */
  static final Duration REDRAW = Duration.ofMillis(250);
  static final Duration PLAIN_INTERVAL = Duration.ofSeconds(5);
  /** How often plain progress is sampled for the rate; its lines are spaced by the interval. */
  private static final Duration PLAIN_SAMPLE = Duration.ofSeconds(1);

  private static final String UP = "\u001b[%dA";
  private static final String CLEAR_BELOW = "\u001b[J";

  private final PrintStream out;
  private final Clock clock;
  private final boolean terminal;
  private final int width;
  private final Duration interval;
  private final Map<String, ProgressTable> running = new LinkedHashMap<>();
  private final Map<String, OptionalInt> budgets = new LinkedHashMap<>();
  /** Live lines on screen below the cursor's line start, which the next redraw replaces. */
  private int drawn;
  private Instant lastDraw = Instant.MIN;

  private ProgressBoard(PrintStream out, Clock clock, boolean terminal, int width, Duration interval) {
    this.out = out;
    this.clock = clock;
    this.terminal = terminal;
    this.width = width;
    this.interval = interval;
  }

  /** Redraws in place; live lines are cut to {@code width} columns so that none wraps. */
  static ProgressBoard terminal(PrintStream out, Clock clock, int width) {
    return new ProgressBoard(out, clock, true, Math.max(width, 20), REDRAW);
  }

  /** Appends plain lines, a table's progress line at most once per {@code interval}. */
  static ProgressBoard plain(PrintStream out, Clock clock, Duration interval) {
    return new ProgressBoard(out, clock, false, Integer.MAX_VALUE, interval);
  }

  /** How often {@link #refresh} is worth calling. */
  Duration tick() {
    return terminal ? REDRAW : PLAIN_SAMPLE;
  }

  synchronized void started(LiveTable table) {
    Instant now = clock.instant();
    running.put(table.sourceTable(), new ProgressTable(table, now));
    budgets.put(table.sourceTable(), table.requestsPerMinute());
    show(List.of(tag(table.sourceTable()) + "ingesting into " + table.destination()), now);
  }

  synchronized void batchApplied(TableProgress p) {
    if (terminal) {
      return; // the live line shows it
    }
    show(List.of(tag(p.sourceTable()) + "batch " + p.batch() + ": " + p.records() + " records ("
        + p.totalRecords() + " so far), " + p.requests() + " requests"
        + (p.retries() > 0 ? ", " + p.retries() + " retries" : "")
        + (p.throttledMs() > 0 ? ", waited " + ProgressPrinter.seconds(p.throttledMs()) + " on rate limits" : "")),
        clock.instant());
  }

  synchronized void finished(TableReport report) {
    running.remove(report.sourceTable());
    OptionalInt budget = budgets.getOrDefault(report.sourceTable(), OptionalInt.empty());
    show(List.of(tag(report.sourceTable()) + ProgressTable.finalLine(report, budget)), clock.instant());
  }

  /** A line that is no table's progress; printed above the live lines. */
  synchronized void note(String line) {
    show(List.of(line), clock.instant());
  }

  /** Samples every running table; on a terminal redraws them, elsewhere prints the lines that are due. */
  synchronized void refresh() {
    Instant now = clock.instant();
    if (terminal) {
      if ((drawn > 0 || !running.isEmpty()) && Duration.between(lastDraw, now).compareTo(REDRAW) >= 0) {
        show(List.of(), now);
      }
      return;
    }
    for (ProgressTable table : running.values()) {
      String figures = table.sample(now);
      if (table.due(now, interval)) {
        table.printed(now);
        out.println(tag(table.sourceTable()) + figures);
      }
    }
    out.flush();
  }

  synchronized boolean idle() {
    return running.isEmpty();
  }

  /**
   * Prints {@code lines} for good; on a terminal, in place of the live lines, which are then drawn
   * again below them, so that one write moves the whole picture.
   */
  private void show(List<String> lines, Instant now) {
    if (!terminal) {
      lines.forEach(out::println);
      out.flush();
      return;
    }
    StringBuilder frame = new StringBuilder();
    if (drawn > 0) {
      frame.append('\r').append(String.format(UP, drawn));
    }
    frame.append(CLEAR_BELOW);
    lines.forEach(line -> frame.append(line).append('\n'));
    List<String> live = new ArrayList<>();
    for (ProgressTable table : running.values()) {
      live.add(cut(tag(table.sourceTable()) + table.sample(now)));
    }
    live.forEach(line -> frame.append(line).append('\n'));
    drawn = live.size();
    lastDraw = now;
    out.print(frame);
    out.flush();
  }

  private String cut(String line) {
    // A line as wide as the screen may wrap, and the next redraw would then go up too few lines.
    return line.length() < width ? line : line.substring(0, width - 1);
  }

  private static String tag(String sourceTable) {
    return "[" + sourceTable + "] ";
  }
}
