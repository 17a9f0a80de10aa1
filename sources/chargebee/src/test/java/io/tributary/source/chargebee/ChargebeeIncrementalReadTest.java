package io.tributary.source.chargebee;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.api.Connector;
import io.tributary.api.Offset;
import io.tributary.api.OptionValues;
import io.tributary.api.ReadResult;
import io.tributary.simulator.LoggedRequest;
import io.tributary.simulator.chargebee.ChargebeeSimulator;
import io.tributary.simulator.chargebee.ProductCatalog;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ChargebeeIncrementalReadTest {
  private final ChargebeeSimulator sim = ChargebeeSimulator.start(ProductCatalog.V2);
  private final Connector connector = ChargebeeTestReads.connector(sim);
  // No lookback: the windows alone must keep every change.
  private final OptionValues smallPages =
      ChargebeeTestReads.tableOptions(Map.of("per_page", "2", "lookback_seconds", "0"));

  @AfterEach
  void stop() {
    connector.close();
    sim.close();
  }

  @Test
  void keepsEveryLatestVersionWhenRecordsChangeBetweenPageRequestsOfTheBackfill() {
    // After the first page: a record already read changes, then one not yet read does, later.
    sim.afterPage("customers", 1, () -> {
      touch(1, "changed-after-read");
      touch(9, "changed-before-read");
    });

    ChargebeeTestReads.Run run = ChargebeeTestReads.read(connector, "customers", Offset.START, smallPages);

    assertLatestVersionsEqualSimulator(run);
    assertThat(run.latestById().get("cus_00001").path("company").asText()).isEqualTo("changed-after-read");
  }

  @Test
  void keepsEveryLatestVersionWhenRecordsChangeBetweenPageRequestsOfAWindow() {
    Offset caughtUp = ChargebeeTestReads.read(connector, "customers", Offset.START, smallPages).end();
    sim.clock().advance(Duration.ofHours(1));
    touch(2, "first-change");
    touch(7, "second-change");
    sim.clock().advance(Duration.ofSeconds(1));
    sim.afterPage("customers", sim.server().requests("/api/v2/customers").size() + 1, () -> {
      touch(2, "changed-while-paging");
      touch(11, "changed-while-paging-too");
      // Time goes on while the listing pages: the second of the last change ends before the next one.
      sim.clock().advance(Duration.ofSeconds(1));
    });

    ChargebeeTestReads.Run run = ChargebeeTestReads.read(connector, "customers", caughtUp, smallPages);

    assertThat(run.latestById().keySet()).contains("cus_00002", "cus_00007", "cus_00011");
    assertThat(run.latestById().get("cus_00002").path("company").asText()).isEqualTo("changed-while-paging");
    assertThat(run.latestById().get("cus_00011").path("company").asText()).isEqualTo("changed-while-paging-too");
    assertThat(run.end().watermark()).isBeforeOrEqualTo(sim.clock().instant());
  }

  @Test
  void readsWindowsEndingAtTheLastSecondThatHadEndedWhenTheReadStartedSortedOnUpdatedAt() {
    Offset caughtUp = ChargebeeTestReads.read(connector, "customers", Offset.START, smallPages).end();
    sim.clock().advance(Duration.ofMinutes(10));
    touch(3, "later");
    sim.server().clearRequests();

    ChargebeeTestReads.read(connector, "customers", caughtUp, smallPages);

    LoggedRequest first = sim.server().requests("/api/v2/customers").get(0);
    long since = caughtUp.watermark().getEpochSecond();
    // The simulator's clock stands at the very start of a second: the one before is the last ended.
    long until = sim.clock().instant().getEpochSecond() - 1;
    assertThat(first.query()).containsEntry("updated_at[between]", "[" + since + "," + until + "]")
        .containsEntry("sort_by[asc]", "updated_at")
        .containsEntry("limit", "2")
        .doesNotContainKey("include_deleted");
  }

  @Test
  void deliversAChangeStampedWithinTheSecondThePreviousWindowedReadStartedIn() {
    Offset caughtUp = ChargebeeTestReads.read(connector, "customers", Offset.START, smallPages).end();
    sim.clock().advance(Duration.ofHours(1));
    touch(5, "first-version");
    Offset settled = ChargebeeTestReads.read(connector, "customers", caughtUp, smallPages).end();
    // Still within the second that read started in, so Chargebee stamps it with that second too.
    sim.update("customers", 5, r -> r.put("company", "second-version"));
    sim.clock().advance(Duration.ofSeconds(1));

    ReadResult next = connector.read("customers", settled, smallPages);

    assertDelivers(next, settled, "cus_00005", "second-version");
  }

  @Test
  void deliversAChangeStampedWithinTheSecondTheFirstBackfillStartedIn() {
    sim.clock().advance(Duration.ofHours(1));
    touch(6, "first-version");
    Offset backfilled = ChargebeeTestReads.read(connector, "customers", Offset.START, smallPages).end();
    sim.update("customers", 6, r -> r.put("company", "second-version"));
    sim.clock().advance(Duration.ofSeconds(1));

    ReadResult next = connector.read("customers", backfilled, smallPages);

    assertDelivers(next, backfilled, "cus_00006", "second-version");
  }

  @Test
  void firstBackfillReadsRecordsThatLackUpdatedAt() {
    List<Long> legacy = sim.stripUpdatedAt("customers", 3);
    List<String> legacyIds = legacy.stream().map(seq -> String.format("cus_%05d", seq)).toList();

    ChargebeeTestReads.Run backfill = ChargebeeTestReads.read(connector, "customers", Offset.START, smallPages);
    ChargebeeTestReads.Run filtered = ChargebeeTestReads.read(connector, "customers", Offset.START,
        ChargebeeTestReads.tableOptions(Map.of("per_page", "2", "start_date", "2000-01-01T00:00:00Z")));

    assertThat(backfill.latestById().keySet()).containsAll(legacyIds)
        .containsExactlyInAnyOrderElementsOf(ids(sim.keys("customers")));
    assertThat(legacyIds).allSatisfy(id ->
        assertThat(backfill.latestById().get(id).has("updated_at")).as("updated_at of %s", id).isFalse());
    // The simulator drops them under an updated_at filter, as Chargebee does: what the backfill avoids.
    assertThat(filtered.latestById().keySet()).doesNotContainAnyElementsOf(legacyIds);
  }

  @Test
  void gathersCustomFieldsIntoAMapUnlessDeclaredTyped() {
    OptionValues typed = ChargebeeTestReads.tableOptions(Map.of("custom_field_types", "cf_seats:long"));

    ObjectNode plain = ChargebeeTestReads.read(connector, "customers", Offset.START, smallPages).records().get(0);
    ObjectNode lifted = ChargebeeTestReads.read(connector, "customers", Offset.START, typed).records().get(0);

    assertThat(plain.has("cf_account_tier")).isFalse();
    assertThat(plain.path("custom_fields").path("cf_account_tier").asText()).isEqualTo("gold");
    assertThat(plain.path("custom_fields").path("cf_seats").asText()).isEqualTo("12");
    assertThat(lifted.path("cf_seats").asLong()).isEqualTo(12);
    assertThat(lifted.path("custom_fields").has("cf_seats")).isFalse();
    assertThat(connector.schema("customers", typed).apply("cf_seats").dataType().typeName()).isEqualTo("long");
  }

  private void touch(long seq, String company) {
    sim.clock().advance(Duration.ofSeconds(1));
    sim.update("customers", seq, r -> r.put("company", company));
  }

  /** The table is otherwise quiet: the change alone must move the offset, or no batch is planned. */
  private static void assertDelivers(ReadResult read, Offset start, String id, String company) {
    assertThat(read.caughtUp(start)).as("the read returned its start offset").isFalse();
    assertThat(read.records()).filteredOn(r -> r.get("id").asText().equals(id))
        .extracting(r -> r.get("company").asText()).contains(company);
  }

  private void assertLatestVersionsEqualSimulator(ChargebeeTestReads.Run run) {
    Map<String, String> expected = sim.data("customers").records().stream()
        .collect(Collectors.toMap(r -> r.get("id").asText(), r -> r.get("company").asText()));
    Map<String, String> actual = run.latestById().values().stream()
        .collect(Collectors.toMap(r -> r.get("id").asText(), r -> r.get("company").asText()));
    assertThat(actual).isEqualTo(expected);
  }

  private static List<String> ids(java.util.Set<List<String>> keys) {
    return keys.stream().map(k -> k.get(0)).toList();
  }
}
