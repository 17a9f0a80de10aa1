package io.tributary.source.salesforce;

import static io.tributary.source.salesforce.SalesforceRuns.awaitNextSecond;
import static io.tributary.source.salesforce.SalesforceRuns.drain;
import static io.tributary.source.salesforce.SalesforceRuns.idsOf;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.api.Offset;
import io.tributary.api.OptionValues;
import io.tributary.api.ReadPartition;
import io.tributary.api.ReadResult;
import io.tributary.http.Cursors;
import io.tributary.simulator.LoggedRequest;
import io.tributary.simulator.salesforce.SalesforceSimulator;
import io.tributary.source.salesforce.SalesforceRuns.Run;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A backfill of a SOQL-queried object planned as SystemModstamp ranges, each read on its own. */
class SalesforcePartitionedReadsTest {
  /** 250 records an object: two pages of 200, so a backfill splits. */
  private final SalesforceSimulator sim = SalesforceSimulator.start(7, 250);
  private final OptionValues options = SalesforceOptions.table().validate(Map.of(
      "bulk_threshold", "0", "lookback_seconds", "0", "batch_size", "200", "max_partitions", "4"));

  @AfterEach
  void close() {
    sim.close();
  }

  private SalesforceConnector connector() {
    return SalesforceRuns.connector(sim);
  }

  @Test
  void aBackfillInSystemModstampRangesHoldsEveryLiveRecordOnceEachInItsRange() {
    String softDeleted = SalesforceSimulator.idOf("Account", 17);
    sim.table("Account").softDelete(17);
    List<ReadPartition> plan = connector().planPartitions("Account", Offset.START, options);

    List<String> union = new ArrayList<>();
    for (ReadPartition partition : plan) {
      ReadResult result = connector().readPartition("Account", partition, options);
      Instant lo = Instant.parse(partition.bounds().get("lo"));
      Instant hi = Instant.parse(partition.bounds().get("hi"));
      assertThat(result.records()).as("records of %s", partition.bounds()).allSatisfy(r ->
          assertThat(Cursors.parse(r.get("SystemModstamp")).orElseThrow()).isAfterOrEqualTo(lo).isBefore(hi));
      assertThat(result.endOffset()).isEqualTo(Offset.fromJson(plan.get(0).endOffset()));
      result.records().forEach(r -> union.add(r.get("Id").asText()));
    }

    assertThat(plan).as("the plan").hasSizeBetween(2, 4);
    assertThat(union).doesNotHaveDuplicates().doesNotContain(softDeleted)
        .containsExactlyInAnyOrderElementsOf(idsOf(sim.liveKeys("Account")));
    List<LoggedRequest> queries = sim.simulator().requests("/services/data/{v}/queryAll");
    assertThat(queries).allSatisfy(r -> assertThat(r.query().get("q")).contains("SystemModstamp < "));
  }

  @Test
  void theNextIncrementalReadDeliversWhatChangedWhileTheRangesWereRead() {
    SalesforceConnector driver = connector();
    List<ReadPartition> plan = driver.planPartitions("Account", Offset.START, options);
    sim.catchUp();
    sim.table("Account").update(5, r -> r.put("Rating", "Hot"));
    ObjectNode inserted = sim.table("Account").insert((id, r) -> sim.standardRecord("Account", id, r));
    awaitNextSecond();

    Set<String> landed = new TreeSet<>();
    for (ReadPartition partition : plan) {
      connector().readPartition("Account", partition, options).records().forEach(r -> landed.add(r.get("Id").asText()));
    }
    Run next = drain((o, n) -> driver.read("Account", o, options), Offset.fromJson(plan.get(0).endOffset()));
    landed.addAll(next.ids());

    assertThat(next.ids()).contains(SalesforceSimulator.idOf("Account", 5), inserted.path("Id").asText());
    assertThat(landed).isEqualTo(new TreeSet<>(idsOf(sim.liveKeys("Account"))));
  }

  @Test
  void aReplayPlannedUpToTheBatchsEndHoldsTheSameRecordsAndEndsThere() {
    List<ReadPartition> plan = connector().planPartitions("Account", Offset.START, options);
    Offset end = Offset.fromJson(plan.get(0).endOffset());
    Set<String> first = readAll("Account", plan);
    sim.catchUp();
    sim.table("Account").insert((id, r) -> sim.standardRecord("Account", id, r));
    awaitNextSecond();

    List<ReadPartition> replay = connector().planPartitions("Account", Offset.START, end, options);

    assertThat(replay).isNotEmpty().allSatisfy(p -> assertThat(Offset.fromJson(p.endOffset())).isEqualTo(end));
    assertThat(readAll("Account", replay)).isEqualTo(first);
  }

  @Test
  void aRangeSalesforceTimesOutOnIsReadAsHalves() {
    List<ReadPartition> plan = connector().planPartitions("Case", Offset.START, options);
    sim.timeoutAbove("Case", 40);

    Set<String> union = readAll("Case", plan);

    assertThat(union).isEqualTo(idsOf(sim.liveKeys("Case")));
    assertThat(sim.simulator().requests("/services/data/{v}/queryAll").stream().filter(r -> r.status() == 400))
        .isNotEmpty();
  }

  @Test
  void bulkBackfillsShortRangesAndObjectsWithoutSystemModstampAreReadSerially() {
    SalesforceConnector c = connector();
    OptionValues bulk = SalesforceOptions.table().validate(Map.of("bulk_threshold", "100", "max_partitions", "4"));
    assertThat(c.planPartitions("Account", Offset.START, bulk)).as("through Bulk API").isEmpty();
    Offset recent = new Offset(Instant.now().minus(Duration.ofMinutes(10)), Map.of());
    assertThat(c.planPartitions("Account", recent, options)).as("ten minutes from a watermark").isEmpty();
    assertThat(c.planPartitions("AccountHistory", Offset.START, options)).as("a history object").isEmpty();
    OptionValues one = SalesforceOptions.table().validate(Map.of("bulk_threshold", "0", "max_partitions", "1"));
    assertThat(c.planPartitions("Account", Offset.START, one)).as("max_partitions=1").isEmpty();
    sim.timeoutAbove("Account", 40);
    assertThat(c.planPartitions("Account", Offset.START, options)).as("a probe that times out").isEmpty();
  }

  private Set<String> readAll(String object, List<ReadPartition> plan) {
    Set<String> ids = new TreeSet<>();
    for (ReadPartition partition : plan) {
      List<String> read = connector().readPartition(object, partition, options).records().stream()
          .map(r -> r.get("Id").asText()).toList();
      assertThat(read).doesNotHaveDuplicates().noneMatch(ids::contains);
      ids.addAll(read);
    }
    return ids;
  }
}
