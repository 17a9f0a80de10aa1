package io.tributary.spark;

import static io.tributary.spark.MemoryFixtures.read;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.spark.testing.MemoryDataset;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class BatchReadTest {
  private static final String DATASET = "batch-read-test";
  private final SparkSession spark = SharedSpark.spark();
  private MemoryDataset data;

  @BeforeEach
  void setUp() {
    data = MemoryDataset.create(DATASET).clock(Instant.parse("2024-06-01T00:00:00Z"));
  }

  @AfterEach
  void tearDown() {
    MemoryDataset.drop(DATASET);
  }

  @Test
  void snapshotReadFollowsEveryPageToTheFixedPoint() {
    IntStream.rangeClosed(1, 7).forEach(i -> data.put("items", "{\"id\":" + i + ",\"name\":\"item" + i + "\"}"));

    // Collected without orderBy: a sort samples its input first, which would read the table twice.
    List<Row> rows = read(spark, DATASET, "items", "per_page", "2", "max_pages_per_batch", "1")
        .load().collectAsList();

    assertThat(rows).extracting(r -> r.getLong(0)).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L);
    assertThat(data.readCalls("items")).as("4 pages of records, then the call that finds the fixed point").isEqualTo(5);
  }

  @Test
  void schemaIsTheConnectorsPlusRescuedData() {
    Dataset<Row> df = read(spark, DATASET, "contacts").load();

    assertThat(df.schema().fieldNames()).containsExactly("id", "name", "email", "updated_at", "_rescued_data");
    assertThat(read(spark, DATASET, "contacts", "read", "changes").load().schema().fieldNames())
        .containsExactly("id", "name", "email", "updated_at", "_rescued_data", "_change_type");
  }

  @Test
  void recordsConvertWithNestedTypesAndRescuedValues() {
    MemoryFixtures.load(data, "tickets");

    List<Row> rows = read(spark, DATASET, "tickets").load()
        .selectExpr("id", "amount", "requester.id", "tags", "custom_fields['tier']",
            "unix_micros(updated_at)", "unix_micros(created_at)", "_rescued_data")
        .orderBy("id").collectAsList();

    assertThat(rows.get(0).toString()).isEqualTo(
        "[1,12.50,77,ArraySeq(urgent),gold,1710065730000000,1709283600000000,null]");
    assertThat(rows.get(1).toString()).isEqualTo(
        "[2,null,null,null,null,1710061200000000,null,{\"amount\":1000000000000,\"sla\":\"gold\"}]");
    assertThat(rows.get(2).toString()).isEqualTo(
        "[3,0.50,null,ArraySeq(),null,1710144000000000,1709283600000000,null]");
  }

  @Test
  void strictModeFailsTheReadNamingTableFieldAndKey() {
    MemoryFixtures.load(data, "tickets");

    assertThatThrownBy(() -> read(spark, DATASET, "tickets", "strict", "true").load().collectAsList())
        .hasStackTraceContaining("Cannot convert record with key id=2 of table 'tickets': field "
            + "'amount': value 1000000000000 does not fit type decimal(12,2).");
  }

  @Test
  void deletesReadReturnsKeysOfDeletedRecords() {
    data.put("tickets", "{\"id\":5,\"subject\":\"x\",\"updated_at\":\"2024-01-01T00:00:00Z\"}");
    data.delete("tickets", Instant.parse("2024-01-02T00:00:00Z"), 5);

    List<Row> rows = read(spark, DATASET, "tickets", "read", "deletes").load()
        .selectExpr("id", "subject", "cast(updated_at as string)").collectAsList();

    assertThat(rows).extracting(Row::toString).containsExactly("[5,null,2024-01-02 00:00:00]");
  }

  @Test
  void deletesReadOfATableWithoutDeletesIsRefused() {
    assertThatThrownBy(() -> read(spark, DATASET, "contacts", "read", "deletes").load())
        .hasMessage("Cannot read deletes of table 'contacts': its ingestion type is cdc; only "
            + "cdc_with_deletes tables report deletes");
  }

  @Test
  void changesReadCarriesUpsertsDeletesAndParentRefreshes() {
    data.put("tickets", "{\"id\":1,\"updated_at\":\"2024-01-01T00:00:00Z\"}");
    data.put("tickets", "{\"id\":2,\"updated_at\":\"2024-01-01T00:00:00Z\"}");
    data.put("tickets", "{\"id\":3,\"updated_at\":\"2024-01-01T00:00:00Z\"}");
    data.delete("tickets", Instant.parse("2024-01-03T00:00:00Z"), 3);
    data.put("conversations", "{\"ticket_id\":1,\"id\":10,\"body\":\"hi\",\"updated_at\":\"2024-01-01T00:00:00Z\"}");

    List<String> tickets = read(spark, DATASET, "tickets", "read", "changes").load()
        .selectExpr("id", "_change_type").orderBy("_change_type", "id").collectAsList()
        .stream().map(Row::toString).toList();
    List<String> conversations = read(spark, DATASET, "conversations", "read", "changes").load()
        .selectExpr("ticket_id", "id", "body", "_change_type").orderBy("_change_type", "ticket_id").collectAsList()
        .stream().map(Row::toString).toList();

    assertThat(tickets).containsExactly("[3,delete]", "[1,upsert]", "[2,upsert]");
    assertThat(conversations).containsExactly(
        "[1,null,null,parent_refresh]", "[2,null,null,parent_refresh]", "[1,10,hi,upsert]");
  }

  @Test
  void partitionedReadsRunAsParallelTasks() {
    IntStream.rangeClosed(1, 30).forEach(i ->
        data.put("events", "{\"id\":" + i + ",\"type\":\"t\",\"created_at\":\"2024-01-01T00:00:00Z\"}"));

    Dataset<Row> df = read(spark, DATASET, "events", "partitions", "3").load();
    List<Long> ids = df.selectExpr("id").collectAsList().stream().map(r -> r.getLong(0)).sorted().toList();

    assertThat(ids).containsExactlyElementsOf(IntStream.rangeClosed(1, 30).mapToObj(i -> (long) i).toList());
    assertThat(data.partitionReads("events")).isEqualTo(3);
    assertThat(df.rdd().getNumPartitions()).isEqualTo(3);
  }

  @Test
  void unknownOptionFailsWithTheClosestName() {
    assertThatThrownBy(() -> read(spark, DATASET, "tickets", "max_page_per_batch", "3").load())
        .hasMessageStartingWith("Unknown option 'max_page_per_batch'; did you mean 'max_pages_per_batch'?");
  }

  @Test
  void sqlTableUsingTributaryReadsTheConnector() {
    data.put("contacts", "{\"id\":9,\"name\":\"Ana\",\"updated_at\":\"2024-01-01T00:00:00Z\"}");

    spark.sql("DROP TABLE IF EXISTS sql_contacts");
    spark.sql("CREATE TABLE sql_contacts USING tributary OPTIONS (source 'memory', tableName "
        + "'contacts', dataset '" + DATASET + "', api_key '" + MemoryFixtures.SECRET + "')");

    assertThat(spark.sql("SELECT id, name FROM sql_contacts").collectAsList())
        .extracting(Row::toString).containsExactly("[9,Ana]");
    spark.sql("DROP TABLE sql_contacts");
  }
}
