package io.tributary.spark.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.spark.testing.MemoryDataset;
import io.tributary.spark.testing.SparkWork;
import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The Spark and Delta work of a run, counted: jobs and commits per table run, printed for a first
 * run and a run that finds nothing changed (IngestionTest covers a run with changes). A table
 * run's Spark and Delta work is what the build and the demo spend their time on.
 */
class PipelineWorkTest {
  private static final String DATASET = "pipeline-work-test";
  private final SparkSession spark = Frames.spark();

  @AfterEach
  void tearDown() {
    MemoryDataset.drop(DATASET);
  }

  private IngestionReport ingest(Path warehouse) {
    return Ingestion.run(spark, PipelineSpec.load(PipelineSpecTest.resource("memory-spec.json")),
        MemoryData.connections(DATASET), IngestionOptions.at(warehouse).withMaxConcurrentTables(1));
  }

  @Test
  void aRunThatFindsNoChangeCommitsOnlyItsLogRows() {
    MemoryData.firstRun(DATASET);
    Path warehouse = Frames.tempDir("work");

    SparkWork first = SparkWork.start(spark, warehouse);
    IngestionReport firstReport = ingest(warehouse);
    SparkWork.Counted firstRun = first.stop();

    SparkWork second = SparkWork.start(spark, warehouse);
    IngestionReport secondReport = ingest(warehouse);
    SparkWork.Counted unchangedRun = second.stop();

    int tables = firstReport.tables().size();
    System.out.printf("PipelineWork first run (%d table runs): %s%n", tables, firstRun);
    System.out.printf("PipelineWork unchanged run (%d table runs): %s%n", tables, unchangedRun);
    assertThat(firstReport.status()).isEqualTo(TableStatus.OK);
    assertThat(secondReport.status()).isEqualTo(TableStatus.OK);
    assertThat(unchangedRun.commits()).as("an unchanged run commits its log rows and nothing else")
        .containsOnlyKeys("_tributary/ingestion_log");
    assertThat(secondReport.tables()).allSatisfy(t -> assertThat(t.inserted() + t.updated() + t.deleted()).isZero());
  }
}
