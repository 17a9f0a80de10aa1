package io.tributary.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.api.Json;
import io.tributary.simulator.Fault;
import io.tributary.simulator.LoggedRequest;
import io.tributary.simulator.freshservice.FreshserviceSimulator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/**
 * SIGKILL lands on {@code tributary ingest} while it reads a partitioned backfill of Freshservice
 * tickets, and again once a rerun has committed that batch. The partitions of one batch commit
 * together or not at all, so after a last run the table equals the source, changed between the
 * runs, and the ingestion log counts the run killed after its commit as interrupted. The run killed
 * between partitions committed nothing; the one killed after its commit committed the whole batch
 * in one commit.
 *
 * <p>The first kill is placed, not timed: once partitions are being read, the simulator holds the
 * next request of one of them, the others finish (the spam list's partition, waiting for a free
 * executor thread, among them) and the batch cannot commit without the held one.
 */
class PartitionedKillTest {
  private static final Duration LATENCY = Duration.ofMillis(300);
  private static final Duration QUIET = Duration.ofSeconds(2);
  private static final Duration TIMEOUT = Duration.ofMinutes(3);
  private static final String TICKETS = "/api/v2/tickets";

  @Test
  void killsBetweenPartitionsAndAfterTheBatchCommitThenARerunLeaveTheTableEqualToTheSourceOnce() throws Exception {
    Path dir = Files.createTempDirectory("partitioned-kill");
    try (FreshserviceSimulator source = FreshserviceSimulator.start(FreshserviceSimulator.Config.defaults().tickets(300))) {
      source.server().latency(LATENCY);
      PartitionedIngest ingest = PartitionedIngest.of(dir, source, 600_000, "local[4]");

      Process first = ingest.start("killed-between-partitions");
      awaitPartitionReadsInFlight(source, first);
      source.server().faults().next(TICKETS, 1, Fault.slow(Duration.ofMinutes(1)));
      awaitTheOtherPartitionsRead(source, first);
      first.destroyForcibly();
      System.out.printf("partitioned-kill: killed after %d requests answered, one held%n", source.server().requests().size());
      assertThat(first.waitFor(1, TimeUnit.MINUTES)).as("the killed run ended").isTrue();
      assertThat(Files.readString(ingest.stderr("killed-between-partitions"))).as("the killed run's output")
          .doesNotContain("[tickets] batch ");
      SparkSession spark = ExamplesSpark.spark();
      if (ingest.tableExists()) {
        assertThat(insertedByRun(spark, ingest.table())).as("commits of the run killed between partitions").isEmpty();
      }

      // Stamped an hour after the seed, before the planned batch's end: the rerun's batch holds them.
      System.out.println("partitioned-kill: " + source.mutate());
      int listed = source.table("tickets").ids().size();
      Process second = ingest.start("killed-after-commit");
      assertThat(ChildTributary.awaitBatch(second, ingest.stderr("killed-after-commit"), "tickets", TIMEOUT))
          .as("the rerun committed the batch").isTrue();
      second.destroyForcibly();
      assertThat(second.waitFor(1, TimeUnit.MINUTES)).as("the second killed run ended").isTrue();

      // Stamped now, after the batch's end: the last run reads them past the partitioned batch.
      System.out.println("partitioned-kill: " + source.clock().changeAtWallClock(() -> source.mutate(Duration.ZERO)));
      ingest.runToCompletion("last");

      ingest.assertTicketsEqualTheSource(spark);
      List<Row> logged = spark.sql("SELECT run_id, status FROM " + ingest.ingestionLog()
          + " WHERE destination = 'freshservice.tickets' ORDER BY started_at").collectAsList();
      assertThat(logged).as("the ingestion log's rows").extracting(r -> r.getString(1))
          .containsExactly("interrupted", "ok");
      String interrupted = logged.get(0).getString(0);
      Map<String, List<Long>> insertedByRun = insertedByRun(spark, ingest.table());
      assertThat(insertedByRun).as("rows inserted by each run's commits").containsKey(interrupted);
      assertThat(insertedByRun.get(interrupted)).as("the interrupted run's commits: the whole batch in one")
          .containsExactly((long) listed);
      // The run killed between partitions has no row: it left no commit for a later run to count.
      assertThat(insertedByRun.keySet()).as("runs that committed").isSubsetOf(logged.stream().map(r -> r.getString(0)).toList());
    }
  }

  /** Waits until two reads of ticket windows are in flight at once: the partitions are being read. */
  private static void awaitPartitionReadsInFlight(FreshserviceSimulator source, Process child) throws Exception {
    Instant deadline = Instant.now().plus(TIMEOUT);
    while (Instant.now().isBefore(deadline)) {
      List<Instant> reads = source.requests(TICKETS).stream().filter(r -> r.param("filter").isEmpty())
          .map(LoggedRequest::at).sorted().toList();
      for (int i = 1; i < reads.size(); i++) {
        if (Duration.between(reads.get(i - 1), reads.get(i)).compareTo(LATENCY) < 0) {
          return;
        }
      }
      assertThat(child.waitFor(50, TimeUnit.MILLISECONDS)).as("the run ended before reading partitions").isFalse();
    }
    throw new AssertionError("No two partition reads were in flight at once within " + TIMEOUT);
  }

  /**
   * Waits until the held request has arrived, the spam list's partition has been read (it runs once
   * a window's partition has finished and freed its thread) and no request has come for {@link #QUIET}.
   */
  private static void awaitTheOtherPartitionsRead(FreshserviceSimulator source, Process child) throws Exception {
    Instant deadline = Instant.now().plus(TIMEOUT);
    int seen = -1;
    Instant changed = Instant.now();
    while (Instant.now().isBefore(deadline)) {
      List<LoggedRequest> log = source.server().requests();
      boolean spamRead = log.stream().anyMatch(r -> r.param("filter").filter("spam"::equals).isPresent());
      if (log.size() != seen) {
        seen = log.size();
        changed = Instant.now();
      } else if (spamRead && source.server().faults().pending() == 0
          && Duration.between(changed, Instant.now()).compareTo(QUIET) > 0) {
        return;
      }
      assertThat(child.waitFor(100, TimeUnit.MILLISECONDS)).as("the run ended with a partition held").isFalse();
    }
    throw new AssertionError("The partitions not held were not read within " + TIMEOUT);
  }

  /** Rows inserted by each Delta commit of the table, by the run that made it. */
  private static Map<String, List<Long>> insertedByRun(SparkSession spark, String table) {
    Map<String, List<Long>> inserted = new TreeMap<>();
    for (Row commit : spark.sql("DESCRIBE HISTORY " + table).where("userMetadata IS NOT NULL")
        .orderBy("version").select("userMetadata", "operationMetrics", "operation").collectAsList()) {
      String run = tag(commit.getString(0)).path("tributary_run_id").asText();
      Map<String, String> metrics = commit.getJavaMap(1);
      // A batch of new keys only is appended (WRITE: its rows are its output); others are merged.
      inserted.computeIfAbsent(run, r -> new ArrayList<>()).add(Long.parseLong(metrics.getOrDefault(
          commit.getString(2).equals("WRITE") ? "numOutputRows" : "numTargetRowsInserted", "0")));
    }
    return inserted;
  }

  private static JsonNode tag(String json) {
    try {
      return Json.MAPPER.readTree(json);
    } catch (IOException e) {
      throw new AssertionError("Cannot parse a commit's userMetadata: " + json, e);
    }
  }
}
