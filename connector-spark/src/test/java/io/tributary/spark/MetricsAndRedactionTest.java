package io.tributary.spark;

import static io.tributary.spark.MemoryFixtures.SECRET;
import static io.tributary.spark.MemoryFixtures.read;
import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.spark.testing.MemoryDataset;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.execution.ExtendedMode$;
import org.apache.spark.sql.execution.SparkPlan;
import org.apache.spark.sql.execution.adaptive.AdaptiveSparkPlanExec;
import org.apache.spark.sql.execution.datasources.v2.BatchScanExec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import scala.jdk.javaapi.CollectionConverters;

class MetricsAndRedactionTest {
  private static final String DATASET = "metrics-redaction-test";
  private final SparkSession spark = SharedSpark.spark();
  private MemoryDataset data;

  @BeforeEach
  void setUp() {
    data = MemoryDataset.create(DATASET).clock(Instant.parse("2024-06-01T00:00:00Z"));
    MemoryFixtures.load(data, "tickets");
  }

  @AfterEach
  void tearDown() {
    MemoryDataset.drop(DATASET);
  }

  @Test
  void scanReportsRecordsRequestsRetriesThrottlingAndRescuedValues() {
    data.retryEveryPage();
    Dataset<Row> df = read(spark, DATASET, "tickets", "per_page", "2").load();

    df.collectAsList();

    // 3 records on 2 pages, then the call that finds the fixed point re-reads the lookback window
    // (1 page): 3 pages, each retried once (2 requests, 5 ms). Ticket 2 has two misfit values.
    assertThat(scanMetrics(df)).containsAllEntriesOf(Map.of(
        "records", 3L, "requests", 6L, "retries", 3L, "throttledMs", 15L, "rescuedValues", 2L));
  }

  @Test
  void secretIsAbsentFromExplainAndPlanStrings() {
    Dataset<Row> df = read(spark, DATASET, "tickets").load();

    String explain = df.queryExecution().explainString(ExtendedMode$.MODULE$);
    String plans = df.queryExecution().toString();

    assertThat(explain).contains("tributary.memory.tickets").doesNotContain(SECRET);
    assertThat(plans).doesNotContain(SECRET);
    assertThat(df.queryExecution().analyzed().toJSON()).doesNotContain(SECRET);
    assertThat(spark.conf().get("spark.sql.redaction.options.regex")).contains("api_key");
  }

  @Test
  void secretIsAbsentFromStreamingPlans() {
    Dataset<Row> df = MemoryFixtures.readStream(spark, DATASET, "tickets").load();

    assertThat(df.queryExecution().toString()).doesNotContain(SECRET);
    assertThat(df.queryExecution().explainString(ExtendedMode$.MODULE$)).doesNotContain(SECRET);
  }

  @Test
  void secretIsAbsentFromSqlTableDescriptions() {
    spark.sql("DROP TABLE IF EXISTS redacted_tickets");
    spark.sql("CREATE TABLE redacted_tickets USING tributary OPTIONS (source 'memory', tableName "
        + "'tickets', dataset '" + DATASET + "', api_key '" + SECRET + "')");

    String describe = spark.sql("DESCRIBE TABLE EXTENDED redacted_tickets").collectAsList().toString();
    String explain = spark.sql("SELECT * FROM redacted_tickets").queryExecution().explainString(ExtendedMode$.MODULE$);

    assertThat(describe).contains("api_key").doesNotContain(SECRET);
    assertThat(explain).doesNotContain(SECRET);
    spark.sql("DROP TABLE redacted_tickets");
  }

  private static Map<String, Long> scanMetrics(Dataset<Row> df) {
    SparkPlan plan = df.queryExecution().executedPlan();
    if (plan instanceof AdaptiveSparkPlanExec adaptive) {
      plan = adaptive.executedPlan();
    }
    List<SparkPlan> leaves = CollectionConverters.asJava(plan.collectLeaves());
    Map<String, Long> values = new HashMap<>();
    for (SparkPlan leaf : leaves) {
      if (leaf instanceof BatchScanExec scan) {
        CollectionConverters.asJava(scan.metrics()).forEach((name, metric) -> values.put(name, metric.value()));
      }
    }
    return values;
  }
}
