package io.tributary.source.chargebee;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.api.Connector;
import io.tributary.api.Offset;
import io.tributary.api.OptionValues;
import io.tributary.api.PartitionedReads;
import io.tributary.api.ReadPartition;
import io.tributary.api.ReadResult;
import io.tributary.api.UserException;
import io.tributary.http.CursorPartitions;
import io.tributary.simulator.LoggedRequest;
import io.tributary.simulator.chargebee.ChargebeeSimulator;
import io.tributary.simulator.chargebee.ProductCatalog;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The first backfill of an updated_at table planned as created_at windows: what each window holds,
 * what a replay of the batch holds, and what the next incremental read picks up.
 */
class ChargebeePartitionedBackfillTest {
  private final ChargebeeSimulator sim = ChargebeeSimulator.start(ProductCatalog.V2);
  private final Connector connector = ChargebeeTestReads.connector(sim);
  /** Small pages, so the simulator's twelve customers span enough pages to be split. */
  private final OptionValues options = ChargebeeTestReads.tableOptions(
      Map.of("per_page", "2", "max_partitions", "4", "lookback_seconds", "0"));

  @AfterEach
  void stop() {
    connector.close();
    sim.close();
  }

  @Test
  void aFirstBackfillInCreatedAtWindowsKeepsRecordsThatLackUpdatedAt() {
    List<String> legacyIds = sim.stripUpdatedAt("customers", 4).stream()
        .map(seq -> String.format("cus_%05d", seq)).toList();

    List<ReadPartition> plan = plan(Offset.START);
    Map<String, List<String>> byPartition = readEach(plan);

    assertThat(plan).as("the plan").hasSizeBetween(2, 4);
    List<String> union = byPartition.values().stream().flatMap(List::stream).toList();
    assertThat(union).as("every customer once, across the windows").doesNotHaveDuplicates()
        .containsExactlyInAnyOrderElementsOf(ids(sim.keys("customers")))
        .containsAll(legacyIds);
    List<LoggedRequest> requests = sim.server().requests("/api/v2/customers");
    assertThat(requests).as("requests of the plan and its windows").isNotEmpty().allSatisfy(r -> {
      assertThat(r.query()).containsKey("created_at[between]").containsEntry("sort_by[asc]", "created_at");
      assertThat(r.query().keySet()).noneMatch(k -> k.startsWith("updated_at"));
    });
  }

  @Test
  void aWindowHandsOnItsRecordsAPageAtATimeEachOnceAsItsWholeReadHoldsThem() {
    List<ReadPartition> plan = plan(Offset.START);
    for (ReadPartition partition : plan) {
      List<String> whole = ids(executor().readPartition("customers", partition, options));
      List<List<String>> pages = new ArrayList<>();
      int before = sim.server().requests("/api/v2/customers").size();
      List<Integer> requestsAtEachPage = new ArrayList<>();
      ReadResult rest = executor().readPartition("customers", partition, options, page -> {
        requestsAtEachPage.add(sim.server().requests("/api/v2/customers").size());
        pages.add(page.stream().map(r -> r.get("id").asText()).toList());
      });

      List<String> streamed = pages.stream().flatMap(List::stream).toList();
      assertThat(streamed).as("partition %s", partition.bounds()).doesNotHaveDuplicates()
          .containsExactlyInAnyOrderElementsOf(whole);
      assertThat(rest.records()).isEmpty();
      assertThat(rest.endOffset()).isEqualTo(Offset.fromJson(partition.endOffset()));
      assertThat(pages).allSatisfy(page -> assertThat(page).hasSizeLessThanOrEqualTo(2));
      if (requestsAtEachPage.size() > 1) {
        assertThat(requestsAtEachPage.get(0)).as("requests when the first page was handed on")
            .isLessThan(sim.server().requests("/api/v2/customers").size());
      }
      assertThat(requestsAtEachPage.get(0)).isGreaterThan(before);
    }
  }

  @Test
  void eachWindowHoldsTheRecordsCreatedInItAndEndsAtThePlansClosedSecond() {
    Instant planned = sim.clock().instant();
    List<ReadPartition> plan = plan(Offset.START);

    for (ReadPartition partition : plan) {
      Instant lo = Instant.parse(partition.bounds().get("lo"));
      Instant hi = Instant.parse(partition.bounds().get("hi"));
      ReadResult result = executor().readPartition("customers", partition, options);
      assertThat(result.records()).as("records of %s", partition.bounds()).allSatisfy(r -> {
        Instant created = Instant.ofEpochSecond(r.get("created_at").asLong());
        assertThat(created).isAfterOrEqualTo(lo).isBefore(hi);
      });
      // The last second that had ended when the plan was made.
      assertThat(result.endOffset()).isEqualTo(new Offset(planned.minusSeconds(1), Map.of()));
    }
  }

  @Test
  void theNextIncrementalReadDeliversWhatChangedOrWasCreatedDuringTheBackfill() {
    List<ReadPartition> plan = plan(Offset.START);
    sim.clock().advance(Duration.ofSeconds(1));
    sim.update("customers", 3, r -> r.put("company", "changed-during-backfill"));
    ObjectNode inserted = sim.insert("customers");
    sim.clock().advance(Duration.ofSeconds(1));

    Map<String, List<String>> byPartition = readEach(plan);
    Offset end = Offset.fromJson(plan.get(0).endOffset());
    ChargebeeTestReads.Run next = ChargebeeTestReads.read(connector, "customers", end, options);

    Set<String> landed = new TreeSet<>(next.latestById().keySet());
    byPartition.values().forEach(landed::addAll);
    assertThat(landed).as("the backfill and the next read").isEqualTo(new TreeSet<>(ids(sim.keys("customers"))));
    assertThat(next.latestById()).containsKeys("cus_00003", inserted.get("id").asText());
    assertThat(next.latestById().get("cus_00003").path("company").asText()).isEqualTo("changed-during-backfill");
  }

  @Test
  void aReplayPlannedUpToTheBatchsEndHoldsTheSameRecordsAndEndsThere() {
    List<ReadPartition> plan = plan(Offset.START);
    Offset end = Offset.fromJson(plan.get(0).endOffset());
    Set<String> first = new TreeSet<>();
    readEach(plan).values().forEach(first::addAll);
    // The batch is replayed later, after records were created.
    sim.clock().advance(Duration.ofHours(2));
    sim.insert("customers");
    sim.insert("customers");
    sim.clock().advance(Duration.ofHours(2));

    List<ReadPartition> replay = ((PartitionedReads) connector).planPartitions("customers", Offset.START, end, options);
    Set<String> again = new TreeSet<>();
    readEach(replay).values().forEach(again::addAll);

    assertThat(replay).as("the replay's plan").isNotEmpty()
        .allSatisfy(p -> assertThat(Offset.fromJson(p.endOffset())).isEqualTo(end));
    assertThat(again).as("the replay's records").isEqualTo(first);
  }

  @Test
  void tablesAndReadsThatCannotBeWindowedOnCreatedAtAreReadSequentially() {
    PartitionedReads planner = (PartitionedReads) connector;
    // created_at is optional on subscriptions; invoices filter on date; the rest have no created_at filter.
    for (String table : List.of("subscriptions", "invoices", "item_prices", "subscription_items", "contacts", "events")) {
      assertThat(planner.planPartitions(table, Offset.START, options)).as(table).isEmpty();
    }
    Offset caughtUp = new Offset(sim.clock().instant().minus(Duration.ofDays(30)), Map.of());
    assertThat(planner.planPartitions("customers", caughtUp, options)).as("a read from a watermark").isEmpty();
    OptionValues withStartDate = ChargebeeTestReads.tableOptions(
        Map.of("per_page", "2", "max_partitions", "4", "start_date", "2024-01-01T00:00:00Z"));
    assertThat(planner.planPartitions("customers", Offset.START, withStartDate)).as("with start_date").isEmpty();
    OptionValues one = ChargebeeTestReads.tableOptions(Map.of("per_page", "2", "max_partitions", "1"));
    assertThat(planner.planPartitions("customers", Offset.START, one)).as("max_partitions=1").isEmpty();

    ReadPartition customers = plan(Offset.START).get(0);
    assertThatThrownBy(() -> planner.readPartition("subscriptions", customers, options))
        .isInstanceOf(UserException.class)
        .hasMessage("Cannot read partition " + customers.id() + " of table 'subscriptions': the table is read "
            + "sequentially, never in created_at windows");
  }

  @Test
  void aPartitionReadElsewhereSpendsItsShareOfTheBudget() {
    ReadPartition here = plan(Offset.START).get(0);
    Map<String, String> bounds = new HashMap<>(here.bounds());
    bounds.put("planned_in", "another-process");
    ReadPartition shipped = new ReadPartition(here.id(), bounds, here.endOffset());

    assertThat(CursorPartitions.shares(here)).as("in the planning process").isEqualTo(1);
    assertThat(CursorPartitions.shares(shipped)).as("on an executor")
        .isEqualTo(Integer.parseInt(here.bounds().get("shares")));
    assertThat(Integer.parseInt(here.bounds().get("shares"))).isGreaterThan(1);
    assertThat(ids(executor().readPartition("customers", shipped, options)))
        .isEqualTo(ids(executor().readPartition("customers", here, options)));
  }

  private List<ReadPartition> plan(Offset start) {
    return ((PartitionedReads) connector).planPartitions("customers", start, options);
  }

  /** Each partition read in a connector of its own, as on an executor: the ids it returned. */
  private Map<String, List<String>> readEach(List<ReadPartition> plan) {
    Map<String, List<String>> byPartition = new HashMap<>();
    for (ReadPartition partition : plan) {
      byPartition.put(partition.id(), ids(executor().readPartition("customers", partition, options)));
    }
    return byPartition;
  }

  private PartitionedReads executor() {
    return (PartitionedReads) ChargebeeTestReads.connector(sim);
  }

  private static List<String> ids(ReadResult result) {
    return result.records().stream().map(r -> r.get("id").asText()).toList();
  }

  private static List<String> ids(Set<List<String>> keys) {
    List<String> ids = new ArrayList<>();
    keys.forEach(k -> ids.add(k.get(0)));
    return ids;
  }
}
