package io.tributary.spark.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

class LakehouseTest {
  private final SparkSession spark = Frames.spark();

  @Test
  void registersEveryDeltaTableOfTheWarehouseAsSchemaDotTableAndRepointsStaleNames() {
    Path first = Frames.tempDir("lake-a");
    Path second = Frames.tempDir("lake-b");
    spark.sql("SELECT 1 AS id").write().format("delta").save(first.resolve("crm/accounts").toString());
    spark.sql("SELECT 2 AS id").write().format("delta").save(second.resolve("crm/accounts").toString());
    spark.sql("SELECT 1 AS not_delta").write().format("parquet").save(second.resolve("crm/plain").toString());

    assertThat(new Lakehouse(first).registerAll(spark)).containsExactly("crm.accounts");
    assertThat(spark.sql("SELECT id FROM crm.accounts").first().getInt(0)).isEqualTo(1);

    assertThat(new Lakehouse(second).registerAll(spark)).containsExactly("crm.accounts");
    assertThat(spark.sql("SELECT id FROM crm.accounts").first().getInt(0)).isEqualTo(2);
  }

  @Test
  void repointsANameWhoseRegisteredLocationWasDeleted() throws Exception {
    Path gone = Frames.tempDir("lake-gone");
    Path kept = Frames.tempDir("lake-kept");
    spark.sql("SELECT 1 AS id").write().format("delta").save(gone.resolve("ops/runs").toString());
    spark.sql("SELECT 2 AS id").write().format("delta").save(kept.resolve("ops/runs").toString());
    new Lakehouse(gone).registerAll(spark);
    try (var paths = java.nio.file.Files.walk(gone)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }

    new Lakehouse(kept).registerAll(spark);

    assertThat(spark.sql("SELECT id FROM ops.runs").first().getInt(0)).isEqualTo(2);
  }

  @Test
  void keepsTributaryStateUnderTheWarehouse() {
    Lakehouse lakehouse = new Lakehouse(Path.of("/data/lake"));
    TableSpec spec = new TableSpec(0, "tickets", Optional.empty(), "support", "tickets", Map.of(),
        ScdType.SCD_TYPE_1, List.of(), Optional.empty(), List.of(), List.of());

    assertThat(lakehouse.tablePath("support", "tickets").uri()).isEqualTo("file:/data/lake/support/tickets");
    assertThat(lakehouse.checkpoint(spec).uri()).isEqualTo("file:/data/lake/_tributary/checkpoints/support/tickets");
    assertThat(lakehouse.ingestionLogPath().uri()).isEqualTo("file:/data/lake/_tributary/ingestion_log");
  }

  @Test
  void aCheckpointKeepsItsTransactionAppId() {
    Location checkpoint = Location.of(Frames.tempDir("ckpt").resolve("t").toString(), "checkpoint");

    String id = Lakehouse.appId(checkpoint);

    assertThat(id).startsWith("tributary-");
    assertThat(Lakehouse.appId(checkpoint)).isEqualTo(id);
    assertThat(Lakehouse.appId(Location.of(Frames.tempDir("ckpt2").toString(), "checkpoint"))).isNotEqualTo(id);
  }
}
