package io.tributary.spark.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

class IngestionLogTest {
  private static final Instant AT = Instant.parse("2024-06-01T00:00:00Z");

  @Test
  void rowsOfTablesFinishingTogetherAreAllCommittedAndShareCommits() throws Exception {
    Location log = Location.of(Frames.tempDir("ingestion-log").resolve("log").toString(), "the ingestion log");
    int tables = 8;
    CompletableFuture.allOf(appendTogether(log, tables, Optional.of(7L)).toArray(CompletableFuture[]::new)).get();

    List<Row> rows = Frames.spark().read().format("delta").load(log.uri())
        .select("source_table", "records", "table_version").orderBy("source_table").collectAsList();
    List<String> written = rows.stream().map(r -> r.getString(0) + "|" + r.getLong(1) + "|" + r.getLong(2)).toList();
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < tables; i++) {
      expected.add("table" + i + "|" + i + "|7");
    }
    assertThat(written).containsExactlyElementsOf(expected);
    long commits = Frames.spark().sql("DESCRIBE HISTORY delta.`" + log.uri() + "`").count();
    // Seven tables arrive while the first one's row is being committed: they go in together.
    assertThat(commits).as("commits for %s rows appended at once", tables).isLessThan(tables);

    // A row appended alone later is committed too, in a commit of its own.
    IngestionLog.append(Frames.spark(), log, report("late", 99), Optional.empty());
    assertThat(Frames.spark().read().format("delta").load(log.uri()).filter("source_table = 'late'").count())
        .isEqualTo(1);
    assertThat(Frames.spark().sql("DESCRIBE HISTORY delta.`" + log.uri() + "`").count()).isEqualTo(commits + 1);
  }

  @Test
  void everyTableWhoseRowsACommitHeldFailsWithThatCommit() throws Exception {
    // A log whose run_id column is a number takes no row: every append fails on the schema, none
    // returns as if its row were logged.
    Location log = Location.of(Frames.tempDir("ingestion-log-bad").resolve("log").toString(), "the ingestion log");
    Frames.spark().range(1).selectExpr("CAST(id AS INT) AS run_id").write().format("delta").save(log.uri());
    for (CompletableFuture<Void> append : appendTogether(log, 4, Optional.empty())) {
      assertThat(append).failsWithin(java.time.Duration.ofMinutes(2)).withThrowableThat()
          .havingRootCause().withMessageContaining("incompatible data types");
    }
    assertThat(Frames.spark().read().format("delta").load(log.uri()).count()).as("rows in the log").isEqualTo(1);
  }

  @Test
  void rowsQueuedWithinTheLingerShareOneCommitAndAFlushCommitsThemAtOnce() throws Exception {
    Location log = Location.of(Frames.tempDir("ingestion-log-linger").resolve("log").toString(), "the ingestion log");
    IngestionLog.append(Frames.spark(), log, report("first", 1), Optional.empty());
    long before = Frames.spark().sql("DESCRIBE HISTORY delta.`" + log.uri() + "`").count();

    // Three tables finishing one after another, as a run's do: no commit until the linger is over
    // or the run flushes.
    List<CompletableFuture<Void>> queued = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      queued.add(IngestionLog.queue(Frames.spark(), log, report("queued" + i, i), Optional.empty()));
    }
    assertThat(queued).as("rows committed before the linger is over").noneMatch(CompletableFuture::isDone);
    long flushedAt = System.nanoTime();
    IngestionLog.flush(log);
    assertThat(queued).allMatch(q -> q.isDone() && !q.isCompletedExceptionally());
    assertThat(System.nanoTime() - flushedAt).as("a flush does not wait for the linger")
        .isLessThan(IngestionLog.LINGER.toNanos());
    assertThat(Frames.spark().sql("DESCRIBE HISTORY delta.`" + log.uri() + "`").count())
        .as("commits for three rows queued together").isEqualTo(before + 1);

    // A row nobody flushes is committed once the linger is over.
    CompletableFuture<Void> alone = IngestionLog.queue(Frames.spark(), log, report("alone", 9), Optional.empty());
    alone.get(IngestionLog.LINGER.toSeconds() + 60, java.util.concurrent.TimeUnit.SECONDS);
    assertThat(Frames.spark().read().format("delta").load(log.uri()).filter("source_table = 'alone'").count())
        .isEqualTo(1);
  }

  /** Appends the rows of {@code tables} tables to {@code log} from as many threads, released at once. */
  private static List<CompletableFuture<Void>> appendTogether(Location log, int tables, Optional<Long> version) {
    CyclicBarrier together = new CyclicBarrier(tables);
    ExecutorService threads = Executors.newFixedThreadPool(tables);
    List<CompletableFuture<Void>> appends = new ArrayList<>();
    for (int i = 0; i < tables; i++) {
      TableReport report = report("table" + i, i);
      appends.add(CompletableFuture.runAsync(() -> {
        await(together);
        IngestionLog.append(Frames.spark(), log, report, version);
      }, threads));
    }
    threads.shutdown();
    return appends;
  }

  private static TableReport report(String table, long records) {
    return new TableReport("run-1", "conn", table, "default." + table, TableStatus.OK, records, records, 0, 0, 1, 0,
        0, 0, Optional.empty(), Optional.of("{}"), Optional.empty(), AT, AT.plusSeconds(1));
  }

  private static void await(CyclicBarrier barrier) {
    try {
      barrier.await();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
