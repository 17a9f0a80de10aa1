package io.tributary.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.api.Json;
import io.tributary.api.UserException;
import io.tributary.examples.demo.sources.ChargebeeDemoSource;
import io.tributary.spark.pipeline.Connections;
import io.tributary.spark.pipeline.Ingestion;
import io.tributary.spark.pipeline.IngestionOptions;
import io.tributary.spark.pipeline.IngestionReport;
import io.tributary.spark.pipeline.PipelineSpec;
import io.tributary.spark.pipeline.TableStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TimeZone;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Chargebee through the pipeline into Delta, against its simulator (a Product Catalog 2.0 site),
 * in a JVM whose default zone is not UTC: records changed between page requests, records without
 * updated_at, flagged and event-derived deletes, child tables replaced and deleted with their
 * parents; after changes a second run leaves every table equal to the simulator. The tests build
 * on each other.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ChargebeeEndToEndTest {
  private static final List<String> TOP = List.of("customers", "subscriptions", "invoices",
      "credit_notes", "transactions", "coupons", "items", "item_prices", "events");
  private static final List<String> CHILDREN = List.of("subscription_items", "invoice_line_items",
      "invoice_taxes", "credit_note_line_items", "contacts");
  private static final TimeZone ORIGINAL_ZONE = TimeZone.getDefault();
  private static ChargebeeDemoSource source;
  private static Path warehouse;
  private static Connections connections;
  private static List<String> legacyCustomers;
  private static List<String> changedWhilePaging;

  @BeforeAll
  static void start() throws Exception {
    TimeZone.setDefault(TimeZone.getTimeZone("Asia/Kolkata"));
    source = new ChargebeeDemoSource();
    Map<String, String> options = source.start();
    Path dir = Files.createTempDirectory("chargebee-e2e");
    warehouse = dir.resolve("lakehouse");
    Path file = dir.resolve("connections.json");
    Files.writeString(file, Json.MAPPER.writeValueAsString(
        Map.of("chargebee_sim", Map.of("source", "chargebee", "options", options))));
    connections = Connections.load(file);
    legacyCustomers = source.stripUpdatedAt("customers", 3);
    changedWhilePaging = source.changeCustomersBetweenNextPages();
  }

  @AfterAll
  static void stop() {
    source.close();
    TimeZone.setDefault(ORIGINAL_ZONE);
  }

  private static String spec(List<String> tables) {
    String objects = tables.stream()
        .map(t -> "{\"table\":{\"source_table\":\"" + t + "\",\"destination_schema\":\"chargebee\","
            + "\"table_configuration\":{\"per_page\":\"5\"}}}")
        .collect(Collectors.joining(","));
    return "{\"connection_name\":\"chargebee_sim\",\"objects\":[" + objects + "]}";
  }

  private static IngestionReport run() {
    List<String> all = new java.util.ArrayList<>(TOP);
    all.addAll(CHILDREN);
    PipelineSpec spec = PipelineSpec.parse(spec(all), connections);
    IngestionReport report = Ingestion.run(spark(), spec, connections, IngestionOptions.at(warehouse));
    assertThat(report.failures()).as(report.failures().toString()).isEmpty();
    assertThat(report.tables()).allSatisfy(t -> assertThat(t.status()).isEqualTo(TableStatus.OK));
    return report;
  }

  private static SparkSession spark() {
    return ExamplesSpark.spark();
  }

  private static Set<String> keys(String table, String... columns) {
    return spark().table("chargebee." + table).selectExpr("concat_ws('/', " + String.join(", ", columns) + ")")
        .collectAsList().stream().map(r -> r.getString(0)).collect(Collectors.toCollection(TreeSet::new));
  }

  private static void assertEveryTableEqualsTheSimulator() {
    for (String table : TOP) {
      assertThat(keys(table, "id")).as(table).isEqualTo(source.liveIds(table));
    }
    assertThat(keys("subscription_items", "subscription_id", "item_price_id")).as("subscription_items")
        .isEqualTo(source.keys("subscription_items"));
    assertThat(keys("invoice_line_items", "invoice_id", "id")).as("invoice_line_items")
        .isEqualTo(source.keys("invoice_line_items"));
    assertThat(keys("invoice_taxes", "invoice_id", "position")).as("invoice_taxes")
        .isEqualTo(source.keys("invoice_taxes"));
    assertThat(keys("credit_note_line_items", "credit_note_id", "id")).as("credit_note_line_items")
        .isEqualTo(source.keys("credit_note_line_items"));
    assertThat(keys("contacts", "customer_id", "id")).as("contacts").isEqualTo(source.keys("contacts"));
    for (String table : List.of("customers", "subscriptions", "invoices")) {
      assertThat(versions(table)).as("updated_at of %s, in epoch seconds", table)
          .isEqualTo(source.updatedAt(table));
    }
  }

  /** {@code updated_at} as epoch seconds read from the Delta table, by id. */
  private static Map<String, Long> versions(String table) {
    Map<String, Long> versions = new TreeMap<>();
    for (Row row : spark().sql("SELECT id, updated_at FROM chargebee." + table
        + " WHERE updated_at IS NOT NULL").collectAsList()) {
      versions.put(row.getString(0), row.getTimestamp(1).toInstant().getEpochSecond());
    }
    return versions;
  }

  @Test
  @Order(1)
  void firstRunLandsEveryTableDespiteChangesBetweenPagesAndRecordsWithoutUpdatedAt() {
    run();

    assertEveryTableEqualsTheSimulator();
    assertThat(keys("customers", "id")).containsAll(legacyCustomers).containsAll(changedWhilePaging);
    assertThat(spark().sql("SELECT id FROM chargebee.customers WHERE updated_at IS NULL").collectAsList())
        .extracting(r -> r.getString(0)).containsExactlyInAnyOrderElementsOf(legacyCustomers);
    assertThat(spark().sql("SELECT company FROM chargebee.customers WHERE id IN ('"
        + String.join("','", changedWhilePaging) + "') ORDER BY id").collectAsList())
        .extracting(r -> r.getString(0)).containsExactly("changed while paging", "changed while paging too");
  }

  @Test
  @Order(2)
  void epochSecondsLandAsUtcInstantsAndMoneyAsMinorUnits() {
    Row invoice = spark().sql("SELECT unix_timestamp(date), date, total FROM chargebee.invoices "
        + "WHERE id = '00001'").first();

    assertThat(TimeZone.getDefault().getID()).isEqualTo("Asia/Kolkata");
    assertThat(invoice.getTimestamp(1).toInstant().getEpochSecond()).isEqualTo(invoice.getLong(0));
    assertThat(invoice.getLong(2)).isEqualTo(6930L);
    assertThat(spark().table("chargebee.invoices").schema().apply("total").getComment().get())
        .startsWith("Amount in the minor unit");
  }

  @Test
  @Order(3)
  void aTableOfTheOtherCatalogIsRefusedAtValidationNamingBothCatalogs() {
    assertThatThrownBy(() -> {
      PipelineSpec spec = PipelineSpec.parse(spec(List.of("plans")), connections);
      Ingestion.run(spark(), spec, connections, IngestionOptions.at(warehouse));
    }).isInstanceOf(UserException.class)
        .hasMessageContaining("Cannot use table 'plans': it exists only in Product Catalog 1.0 and "
            + "this Chargebee site uses Product Catalog 2.0");
  }

  @Test
  @Order(4)
  void secondRunAfterChangesEqualsTheSimulatorWithDeletesAndReplacedChildren() {
    Set<String> subscriptionsBefore = source.liveIds("subscriptions");
    Set<String> couponsBefore = source.liveIds("coupons");
    Set<String> itemsBefore = source.keys("subscription_items");
    source.mutate();
    Set<String> deletedSubscriptions = new TreeSet<>(subscriptionsBefore);
    deletedSubscriptions.removeAll(source.liveIds("subscriptions"));
    Set<String> deletedCoupons = new TreeSet<>(couponsBefore);
    deletedCoupons.removeAll(source.liveIds("coupons"));
    Set<String> droppedItems = new TreeSet<>(itemsBefore);
    droppedItems.removeAll(source.keys("subscription_items"));

    IngestionReport second = run();

    assertThat(deletedSubscriptions).hasSize(1);
    assertThat(deletedCoupons).hasSize(1);
    assertThat(droppedItems).hasSizeGreaterThanOrEqualTo(2);
    assertThat(second.table("subscriptions").deleted()).isGreaterThanOrEqualTo(1);
    assertThat(second.table("coupons").deleted()).isGreaterThanOrEqualTo(1);
    assertEveryTableEqualsTheSimulator();
    assertThat(keys("subscription_items", "subscription_id", "item_price_id"))
        .doesNotContainAnyElementsOf(droppedItems);
  }
}
