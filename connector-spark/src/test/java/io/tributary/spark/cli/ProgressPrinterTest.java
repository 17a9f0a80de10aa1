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
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/** The listener the CLI installs: how it picks its mode, and its ticker polling between batches. */
class ProgressPrinterTest {
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final PrintStream stream = new PrintStream(bytes, true, StandardCharsets.UTF_8);

  @Test
  void printsPlainLinesToAStreamThatIsNotTheProcessStderr() {
    ProgressPrinter printer = new ProgressPrinter(stream);

    printer.tableStarted(live("items", new AtomicReference<>(ReadMetrics.ZERO)));
    printer.batchApplied(new TableProgress("items", "shop.items", 0, 3, 3, 3, 0, 0, 2, 0, 0));
    printer.tableFinished(report("items"));

    assertThat(output()).doesNotContain("\u001b").doesNotContain("\r")
        .contains("[items] ingesting into shop.items\n")
        .contains("[items] batch 0: 3 records (3 so far), 2 requests\n")
        .contains("[items] done: 3 inserted");
  }

  @Test
  void pollsRequestsBetweenBatchesAndStopsPollingWhenTheLastTableEnds() throws InterruptedException {
    AtomicReference<ReadMetrics> spent = new AtomicReference<>(ReadMetrics.ZERO);
    ProgressPrinter printer = new ProgressPrinter(
        ProgressBoard.plain(stream, Clock.systemUTC(), Duration.ofMillis(20)), Duration.ofMillis(5));

    printer.tableStarted(live("items", spent));
    spent.set(new ReadMetrics(17, 0, 0, 0, Map.of()));

    assertThat(eventually(() -> output().contains("[items] 0 records, 17 requests, ")))
        .as("a progress line without any batch: %s", output()).isTrue();
    printer.tableFinished(report("items"));
    assertThat(eventually(() -> !tickerRunning())).as("the ticker thread ends").isTrue();
    int written = bytes.size();
    spent.set(new ReadMetrics(18, 0, 0, 0, Map.of()));
    Thread.sleep(100);
    assertThat(bytes.size()).as("nothing printed after the table ended").isEqualTo(written);
  }

  @Test
  void keepsPollingAfterALiveFigureFailsToRead() {
    AtomicInteger calls = new AtomicInteger();
    ProgressPrinter printer = new ProgressPrinter(
        ProgressBoard.plain(stream, Clock.systemUTC(), Duration.ofMillis(20)), Duration.ofMillis(5));
    LiveTable flaky = new LiveTable("items", "shop.items", OptionalInt.empty(), OptionalLong.empty(), () -> {
      if (calls.incrementAndGet() <= 2) {
        throw new IllegalStateException("tally not ready");
      }
      return new ReadMetrics(5, 0, 0, 0, Map.of());
    }, () -> 0);

    printer.tableStarted(flaky);
    try {
      assertThat(eventually(() -> output().contains("[items] 0 records, 5 requests, "))).as(output()).isTrue();
    } finally {
      printer.tableFinished(report("items"));
    }
  }

  private static LiveTable live(String table, AtomicReference<ReadMetrics> spent) {
    return new LiveTable(table, "shop." + table, OptionalInt.of(100), OptionalLong.empty(), spent::get, () -> 0);
  }

  private static TableReport report(String table) {
    Instant now = Instant.now();
    return new TableReport("run-1", "conn", table, "shop." + table, TableStatus.OK, 3, 3, 0, 0, 2, 0, 0, 0,
        Optional.empty(), Optional.empty(), Optional.empty(), now.minusSeconds(1), now);
  }

  private static boolean tickerRunning() {
    return Thread.getAllStackTraces().keySet().stream()
        .anyMatch(t -> t.getName().equals("tributary-progress") && t.isAlive());
  }

  private static boolean eventually(BooleanSupplier condition) {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (System.nanoTime() < deadline) {
      if (condition.getAsBoolean()) {
        return true;
      }
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return condition.getAsBoolean();
  }

  private String output() {
    return bytes.toString(StandardCharsets.UTF_8);
  }
}
