package io.tributary.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.simulator.LoggedRequest;
import io.tributary.simulator.freshservice.FreshserviceSimulator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code tributary ingest} of Freshservice tickets, planned as windows of updated_at and read by a
 * local Spark of four executor threads in a child JVM, against a simulator that answers each
 * request after a latency and logs when it arrived. The partitions of the one table are read at
 * the same time, yet all of the run's requests together hold the connection's budget in every
 * minute, and the table equals the source.
 *
 * <p>The budget is low and the tickets many enough that the requests span more than a minute, so
 * that the budget binds: four executor threads each holding a whole budget of their own would
 * spend up to four times it.
 */
class PartitionedIngestUnderBudgetTest {
  private static final int BUDGET = 40;
  /** At 10 a page, about 50 requests in all: more than the budget allows in a minute, by a margin. */
  private static final int TICKETS = 360;
  private static final Duration MINUTE = Duration.ofMinutes(1);
  /**
   * Longer than the limiter's spacing under the budget (60 s / 38 refills), so that requests
   * spending the whole budget overlap in flight past the first burst too, which only reads of two or
   * more partitions at once can do: one read's requests never overlap. (More in flight at once
   * would need a latency of several spacings, and a test minutes long.)
   */
  private static final Duration LATENCY = Duration.ofSeconds(2);

  @Test
  void partitionsOfOneTableAreReadAtOnceAndTheRunHoldsTheBudgetInEveryMinute() throws Exception {
    Path dir = Files.createTempDirectory("partitioned-budget");
    try (FreshserviceSimulator source = FreshserviceSimulator.start(FreshserviceSimulator.Config.defaults().tickets(TICKETS))) {
      source.server().latency(LATENCY);
      PartitionedIngest ingest = PartitionedIngest.of(dir, source, BUDGET, "local[4]");

      ingest.runToCompletion("run");

      List<LoggedRequest> log = source.server().requests().stream()
          .sorted(Comparator.comparing(LoggedRequest::at)).toList();
      Duration span = Duration.between(log.get(0).at(), log.get(log.size() - 1).at());
      int busiestMinute = busiestMinute(log);
      int inFlight = mostPartitionReadsInFlight(log);
      System.out.printf("partitioned-budget: %d requests over %d s, at most %d in a minute of %d, "
          + "at most %d partition reads in flight at once%n", log.size(), span.toSeconds(), busiestMinute, BUDGET, inFlight);
      assertThat(span).as("the requests' span, for the budget to bind").isGreaterThan(MINUTE);
      assertThat(busiestMinute).as("requests in the busiest 60 s window").isLessThanOrEqualTo(BUDGET);
      assertThat(inFlight).as("partition reads in flight at one moment").isGreaterThanOrEqualTo(2);
      ingest.assertTicketsEqualTheSource(ExamplesSpark.spark());
    }
  }

  /** The most requests that arrived within 60 s of one another: each window starts at an arrival. */
  static int busiestMinute(List<LoggedRequest> sorted) {
    int most = 0;
    int end = 0;
    for (int start = 0; start < sorted.size(); start++) {
      Instant limit = sorted.get(start).at().plus(MINUTE);
      while (end < sorted.size() && sorted.get(end).at().isBefore(limit)) {
        end++;
      }
      most = Math.max(most, end - start);
    }
    return most;
  }

  /**
   * The most reads of ticket windows in flight at one moment. A read is in flight at least from
   * its arrival until the simulator answers it, a {@link #LATENCY} later; one thread waits for each
   * answer before its next request, and each partition is read by one thread (a task reads its
   * partitions side by side), so reads in flight together are of different partitions.
   */
  private static int mostPartitionReadsInFlight(List<LoggedRequest> sorted) {
    List<Instant> reads = sorted.stream().filter(r -> r.path().equals("/api/v2/tickets") && r.param("filter").isEmpty())
        .map(LoggedRequest::at).toList();
    int most = 0;
    for (int i = 0; i < reads.size(); i++) {
      Instant at = reads.get(i);
      int inFlight = 0;
      for (int j = 0; j <= i; j++) {
        if (reads.get(j).plus(LATENCY).isAfter(at)) {
          inFlight++;
        }
      }
      most = Math.max(most, inFlight);
    }
    return most;
  }
}
