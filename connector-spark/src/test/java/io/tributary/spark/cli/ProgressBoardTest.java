package io.tributary.spark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.api.ReadMetrics;
import io.tributary.spark.pipeline.ProgressListener.LiveTable;
import io.tributary.spark.pipeline.TableProgress;
import io.tributary.spark.pipeline.TableReport;
import io.tributary.spark.pipeline.TableStatus;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The progress board on a fake terminal and on a plain stream, driven by a fake clock. */
class ProgressBoardTest {
  private static final Instant T0 = Instant.parse("2024-06-01T10:00:00Z");
  private static final Pattern CURSOR_UP = Pattern.compile("\u001b\\[(\\d+)A");

  private final FakeClock clock = new FakeClock(T0);
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final PrintStream stream = new PrintStream(bytes, true, StandardCharsets.UTF_8);

  @Nested
  class OnATerminal {
    private final ProgressBoard board = ProgressBoard.terminal(stream, clock, 100);

    @Test
    void redrawsOneLinePerRunningTableInPlace() {
      Live tickets = Live.of("tickets", 700);
      Live users = Live.of("users", 700);
      board.started(tickets.table());
      board.started(users.table());
      for (int second = 1; second <= 3; second++) {
        clock.advance(Duration.ofSeconds(1));
        tickets.spend(10 * second, 0, 0);
        users.spend(second, 0, 0);
        board.refresh();
      }

      List<String> screen = FakeTerminal.screen(output());
      assertThat(screen).containsExactly(
          "[tickets] ingesting into support.tickets",
          "[users] ingesting into support.users",
          "[tickets] 0 records, 30 requests, 600 calls/min of 700, 0 retries, 0.0 s throttled",
          "[users] 0 records, 3 requests, 60 calls/min of 700, 0 retries, 0.0 s throttled");
      assertThat(cursorUps(output())).as("each redraw goes back up over the two live lines").contains(2);
    }

    @Test
    void showsRequestsMovingInTheMiddleOfABatch() {
      Live tickets = Live.of("tickets", 700);
      board.started(tickets.table());
      clock.advance(Duration.ofSeconds(2));
      tickets.spend(7, 1, 1500);
      board.refresh();

      assertThat(lastLine()).isEqualTo("[tickets] 0 records, 7 requests, 210 calls/min of 700, 1 retries, 1.5 s throttled");

      tickets.commit(40);
      clock.advance(Duration.ofSeconds(1));
      board.refresh();
      assertThat(lastLine()).startsWith("[tickets] 40 records, 7 requests");
    }

    @Test
    void redrawsAtMostFourTimesASecond() {
      board.started(Live.of("tickets", 700).table());
      int before = cursorUps(output()).size();
      for (int i = 0; i < 20; i++) {
        clock.advance(Duration.ofMillis(50));
        board.refresh();
      }

      assertThat(cursorUps(output()).size() - before).as("redraws in one second").isBetween(1, 4);
    }

    @Test
    void collapsesAFinishedTableToOneFinalLineAboveTheRunningOnes() {
      Live tickets = Live.of("tickets", 700);
      Live users = Live.of("users", 700);
      board.started(tickets.table());
      board.started(users.table());
      clock.advance(Duration.ofSeconds(1));
      board.refresh();

      clock.advance(Duration.ofSeconds(9));
      board.finished(report("tickets", TableStatus.OK, 12, 120, Duration.ofSeconds(10), Optional.empty()));

      List<String> screen = FakeTerminal.screen(output());
      assertThat(screen).filteredOn(line -> line.startsWith("[tickets] ")).hasSize(2).last().asString()
          .startsWith("[tickets] done: 12 inserted, 0 updated, 0 deleted; 12 records, 120 requests, 720 calls/min of 700");
      assertThat(screen.get(screen.size() - 1)).startsWith("[users] 0 records");
    }

    @Test
    void leavesNothingDrawnOnceTheLastTableEndsSoTheSummaryFollowsTheFinalLines() {
      Live tickets = Live.of("tickets", 700);
      board.started(tickets.table());
      clock.advance(Duration.ofSeconds(1));
      board.refresh();
      board.finished(report("tickets", TableStatus.OK, 3, 4, Duration.ofSeconds(1), Optional.empty()));
      int written = bytes.size();
      clock.advance(Duration.ofSeconds(1));
      board.refresh();
      assertThat(bytes.size()).as("an idle board writes nothing").isEqualTo(written);

      stream.print("TABLE  STATUS\n");

      assertThat(FakeTerminal.screen(output())).containsExactly(
          "[tickets] ingesting into support.tickets",
          "[tickets] done: 3 inserted, 0 updated, 0 deleted; 3 records, 4 requests, 240 calls/min of 700, "
              + "0 retries, 0.0 s throttled in 1.0 s",
          "TABLE  STATUS");
    }

    @Test
    void cutsLiveLinesShorterThanTheTerminalSoNoneWraps() {
      ProgressBoard narrow = ProgressBoard.terminal(stream, clock, 40);
      narrow.started(Live.of("a_table_with_a_rather_long_name", 700).table());
      clock.advance(Duration.ofSeconds(1));
      narrow.refresh();

      assertThat(lastLine()).hasSizeLessThan(40).startsWith("[a_table_with_a_rather_long_name] 0 rec");
    }

    @Test
    void printsNoLinePerBatchAsTheLiveLineShowsIt() {
      Live tickets = Live.of("tickets", 700);
      board.started(tickets.table());
      board.batchApplied(batch("tickets", 3));

      assertThat(output()).doesNotContain("batch 3");
    }
  }

  @Nested
  class OnAPlainStream {
    private final ProgressBoard board = ProgressBoard.plain(stream, clock, Duration.ofSeconds(5));

    @Test
    void printsAProgressLinePerTableAtMostOncePerIntervalInAGreppableForm() {
      Live tickets = Live.of("tickets", 700);
      Live users = Live.of("users", 0);
      board.started(tickets.table());
      board.started(users.table());
      List<Instant> ticketLines = new ArrayList<>();
      for (int second = 1; second <= 30; second++) {
        clock.advance(Duration.ofSeconds(1));
        tickets.spend(2 * second, 0, 0);
        users.spend(second, 0, 0);
        int before = lines("[tickets] ").size();
        board.refresh();
        if (lines("[tickets] ").size() > before) {
          ticketLines.add(clock.instant());
        }
      }

      assertThat(ticketLines).hasSize(6);
      for (int i = 1; i < ticketLines.size(); i++) {
        assertThat(Duration.between(ticketLines.get(i - 1), ticketLines.get(i))).isGreaterThanOrEqualTo(Duration.ofSeconds(5));
      }
      assertThat(lines("[tickets] ")).last().asString()
          .matches("\\[tickets\\] 0 records, 60 requests, 120 calls/min of 700, 0 retries, 0\\.0 s throttled");
      assertThat(output()).doesNotContain("\u001b").doesNotContain("\r");
    }

    @Test
    void printsTheRateAloneWhenTheSourceDeclaresNoBudget() {
      Live events = new Live("events", OptionalInt.empty(), OptionalLong.empty());
      board.started(events.table());
      clock.advance(Duration.ofSeconds(6));
      events.spend(3, 0, 0);
      board.refresh();

      assertThat(lines("[events] ")).last().asString().contains(", 30 calls/min, 0 retries");
    }

    @Test
    void measuresTheRateOverTheLastMinute() {
      Live tickets = Live.of("tickets", 700);
      board.started(tickets.table());
      clock.advance(Duration.ofSeconds(10));
      tickets.spend(100, 0, 0);
      board.refresh();
      for (int i = 0; i < 14; i++) {
        clock.advance(Duration.ofSeconds(5));
        tickets.spend(100 + i, 0, 0);
        board.refresh();
      }

      List<String> progress = lines("[tickets] ").stream().filter(line -> line.contains(" records, ")).toList();
      assertThat(progress).first().asString().contains("100 requests, 600 calls/min");
      assertThat(progress).last().asString().contains("113 requests, 12 calls/min");
    }

    @Test
    void skipsTheProgressLineWhileNothingMoves() {
      Live tickets = Live.of("tickets", 700);
      board.started(tickets.table());
      tickets.spend(5, 0, 0);
      clock.advance(Duration.ofSeconds(5));
      board.refresh();
      for (int i = 0; i < 10; i++) {
        clock.advance(Duration.ofSeconds(5));
        board.refresh();
      }

      assertThat(lines("[tickets] ")).filteredOn(line -> line.contains(" records, ")).hasSize(1);
    }

    @Test
    void keepsALinePerCommittedBatch() {
      Live tickets = Live.of("tickets", 700);
      board.started(tickets.table());
      board.batchApplied(batch("tickets", 3));

      assertThat(lines("[tickets] ")).containsExactly(
          "[tickets] ingesting into support.tickets",
          "[tickets] batch 3: 2 records (6 so far), 9 requests, 1 retries, waited 0.3 s on rate limits");
    }

    @Test
    void endsEachTableWithItsOutcomeAndFiguresAndTheErrorLast() {
      board.started(Live.of("tickets", 700).table());
      board.finished(report("tickets", TableStatus.FAILED, 0, 6, Duration.ofSeconds(3),
          Optional.of("Cannot ingest table 'tickets' into support.tickets: 500 from the provider")));
      board.finished(report("users", TableStatus.PAUSED, 0, 0, Duration.ZERO,
          Optional.of("the run's time budget was spent")));

      assertThat(lines("[tickets] ")).last().asString().isEqualTo("[tickets] FAILED: 0 inserted, 0 updated, 0 deleted; "
          + "0 records, 6 requests, 120 calls/min of 700, 0 retries, 0.0 s throttled in 3.0 s; "
          + "Cannot ingest table 'tickets' into support.tickets: 500 from the provider");
      assertThat(lines("[users] ")).containsExactly("[users] PAUSED: 0 inserted, 0 updated, 0 deleted; 0 records, "
          + "0 requests, 0 calls/min, 0 retries, 0.0 s throttled in 0.0 s; the next run continues from here: "
          + "the run's time budget was spent");
    }

    @Test
    void showsPercentAndTimeLeftWhereATotalIsKnown() {
      Live tickets = new Live("tickets", OptionalInt.of(700), OptionalLong.of(1000));
      board.started(tickets.table());
      clock.advance(Duration.ofSeconds(30));
      tickets.commit(250);
      board.refresh();

      assertThat(lines("[tickets] ")).last().asString().endsWith(" throttled, 25% of 1000, 1m30s left");
    }
  }

  private String output() {
    return bytes.toString(StandardCharsets.UTF_8);
  }

  private String lastLine() {
    List<String> screen = FakeTerminal.screen(output());
    return screen.get(screen.size() - 1);
  }

  private List<String> lines(String prefix) {
    return output().lines().filter(line -> line.startsWith(prefix)).toList();
  }

  private static List<Integer> cursorUps(String output) {
    List<Integer> ups = new ArrayList<>();
    Matcher m = CURSOR_UP.matcher(output);
    while (m.find()) {
      ups.add(Integer.parseInt(m.group(1)));
    }
    return ups;
  }

  private static TableProgress batch(String table, long batch) {
    return new TableProgress(table, "support." + table, batch, 2, 6, 2, 0, 0, 9, 1, 300);
  }

  private TableReport report(String table, TableStatus status, long records, long requests, Duration took,
      Optional<String> error) {
    Instant finished = clock.instant();
    return new TableReport("run-1", "conn", table, "support." + table, status, records, records, 0, 0, requests, 0, 0,
        0, Optional.empty(), Optional.empty(), error, finished.minus(took), finished);
  }

  /** A running table whose figures the test moves. */
  record Live(String name, OptionalInt budget, OptionalLong expected, AtomicReference<ReadMetrics> spent,
      AtomicLong records) {
    Live(String name, OptionalInt budget, OptionalLong expected) {
      this(name, budget, expected, new AtomicReference<>(ReadMetrics.ZERO), new AtomicLong());
    }

    static Live of(String name, int budget) {
      return new Live(name, budget > 0 ? OptionalInt.of(budget) : OptionalInt.empty(), OptionalLong.empty());
    }

    LiveTable table() {
      return new LiveTable(name, "support." + name, budget, expected, spent::get, records::get);
    }

    void spend(long requests, long retries, long throttledMs) {
      spent.set(new ReadMetrics(requests, retries, throttledMs, 0, Map.of()));
    }

    void commit(long total) {
      records.set(total);
    }
  }

  static final class FakeClock extends Clock {
    private Instant now;

    FakeClock(Instant start) {
      this.now = start;
    }

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }
  }

  /**
   * What a terminal shows after the output: text overwrites cells at the cursor; carriage return,
   * newline, cursor up ({@code ESC[nA}), erase below ({@code ESC[J}) and erase line ({@code ESC[K})
   * move or clear. Any other escape sequence fails the test.
   */
  static final class FakeTerminal {
    static List<String> screen(String output) {
      List<StringBuilder> rows = new ArrayList<>();
      rows.add(new StringBuilder());
      int row = 0;
      int column = 0;
      for (int i = 0; i < output.length(); i++) {
        char c = output.charAt(i);
        if (c == '\u001b') {
          int end = i + 2;
          while (end < output.length() && !Character.isLetter(output.charAt(end))) {
            end++;
          }
          String argument = output.substring(i + 2, end);
          char command = output.charAt(end);
          switch (command) {
            case 'A' -> row = Math.max(0, row - Integer.parseInt(argument));
            case 'J' -> {
              rows.get(row).setLength(Math.min(column, rows.get(row).length()));
              while (rows.size() > row + 1) {
                rows.remove(rows.size() - 1);
              }
            }
            case 'K' -> rows.get(row).setLength(Math.min(column, rows.get(row).length()));
            default -> throw new AssertionError("unexpected escape sequence ESC[" + argument + command);
          }
          i = end;
        } else if (c == '\r') {
          column = 0;
        } else if (c == '\n') {
          row++;
          column = 0;
          if (row == rows.size()) {
            rows.add(new StringBuilder());
          }
        } else {
          StringBuilder line = rows.get(row);
          while (line.length() < column) {
            line.append(' ');
          }
          if (column < line.length()) {
            line.setCharAt(column, c);
          } else {
            line.append(c);
          }
          column++;
        }
      }
      List<String> screen = new ArrayList<>(rows.stream().map(StringBuilder::toString).toList());
      while (!screen.isEmpty() && screen.get(screen.size() - 1).isEmpty()) {
        screen.remove(screen.size() - 1);
      }
      return screen;
    }
  }
}
