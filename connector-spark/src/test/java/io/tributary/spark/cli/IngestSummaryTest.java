package io.tributary.spark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.spark.pipeline.IngestionReport;
import io.tributary.spark.pipeline.TableReport;
import io.tributary.spark.pipeline.TableStatus;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The summary an ingest prints on stderr: per table, wall time and records a second too. */
class IngestSummaryTest {
  private static final Instant START = Instant.parse("2026-12-06T03:58:12Z");

  @Test
  void showsEachTablesWallTimeAndRecordsASecond() {
    IngestionReport report = new IngestionReport("run-1", "crm", START, START.plusSeconds(130), List.of(
        table("tickets", 250, 2_000),
        table("contacts", 0, 0)));

    String text = IngestSummary.render(report);

    assertThat(text).startsWith("Run run-1 (connection crm), 2 min 10 s\n");
    assertThat(text).containsPattern("(?m)^TABLE +DESTINATION +STATUS +INSERTED +UPDATED +DELETED +RECORDS +TIME"
        + " +RECORDS/S +REQUESTS +RETRIES +THROTTLED +SOURCE COUNT$");
    assertThat(text).containsPattern("(?m)^tickets +crm\\.tickets +ok +250 +0 +0 +250 +2\\.0 s +125 +3 +0 +0\\.0 s +-$");
    assertThat(text).containsPattern("(?m)^contacts +crm\\.contacts +ok +0 +0 +0 +0 +0\\.0 s +- +3 +0 +0\\.0 s +-$");
  }

  private static TableReport table(String name, long records, long wallMs) {
    return new TableReport("run-1", "crm", name, "crm." + name, TableStatus.OK, records, records, 0, 0, 3, 0, 0, 0,
        Optional.empty(), Optional.empty(), Optional.empty(), START, START.plusMillis(wallMs));
  }
}
