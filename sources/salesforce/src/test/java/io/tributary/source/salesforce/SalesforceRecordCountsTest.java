package io.tributary.source.salesforce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.api.OptionValues;
import io.tributary.api.RecordCount;
import io.tributary.api.UserException;
import io.tributary.simulator.LoggedRequest;
import io.tributary.simulator.salesforce.SalesforceSimulator;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SalesforceRecordCountsTest {
  private static final int SEEDED = 250;
  private final SalesforceSimulator sim = SalesforceSimulator.start(3, SEEDED);

  @AfterEach
  void close() {
    sim.close();
  }

  private SalesforceConnector connector() {
    Map<String, String> raw = new HashMap<>(sim.connectionOptions());
    raw.put("refresh_token", sim.currentRefreshToken());
    return new SalesforceConnector(SalesforceOptions.connection().validate(raw), Clock.systemUTC());
  }

  private static OptionValues table() {
    return SalesforceOptions.table().validate(Map.of());
  }

  private List<LoggedRequest> counts() {
    return sim.simulator().requests("/services/data/{v}/query").stream()
        .filter(r -> r.query().getOrDefault("q", "").startsWith("SELECT COUNT()")).toList();
  }

  @Test
  void countsTheWholeObjectWithoutItsRecycledRecords() {
    long gone = sim.table("Account").pickIds(1).get(0);
    sim.table("Account").softDelete(gone);
    SalesforceConnector c = connector();

    RecordCount count = c.count("Account", Optional.empty(), table()).orElseThrow();

    assertThat(count.records()).isEqualTo(SEEDED - 1);
    assertThat(count.upTo()).isEmpty();
    assertThat(counts()).singleElement()
        .satisfies(r -> assertThat(r.query().get("q")).isEqualTo("SELECT COUNT() FROM Account"));
    assertThat(sim.simulator().requests("/services/data/{v}/queryAll")).isEmpty();
  }

  @Test
  void aWindowCountLeavesOutRecordsChangedAfterItsBound() {
    // Every seed is stamped at or before the simulator's now.
    Instant bound = sim.clock().instant();
    sim.clock().set(bound.plusSeconds(30));
    sim.table("Account").update(5, r -> r.put("Rating", "Hot"));
    sim.table("Account").insert((id, r) -> sim.standardRecord("Account", id, r));
    long gone = sim.table("Account").pickIds(2).stream().filter(id -> id != 5).findFirst().orElseThrow();
    sim.table("Account").softDelete(gone);
    SalesforceConnector c = connector();

    // A watermark with a fraction of a second is counted over its whole second, and says so.
    RecordCount window = c.count("Account", Optional.of(bound.plusMillis(700)), table()).orElseThrow();
    RecordCount whole = c.count("Account", Optional.empty(), table()).orElseThrow();

    assertThat(window.records()).as("seeds less the one updated and the one deleted since")
        .isEqualTo(SEEDED - 2);
    assertThat(window.upTo()).contains(bound);
    assertThat(whole.records()).as("seeds less the deleted one, plus the inserted one").isEqualTo(SEEDED);
    assertThat(counts()).hasSize(2);
    assertThat(counts().get(0).query().get("q")).startsWith("SELECT COUNT() FROM Account WHERE SystemModstamp <= ");
  }

  @Test
  void historyObjectsAreCountedOnTheirCreatedDate() {
    Instant bound = sim.clock().instant();

    RecordCount count = connector().count("AccountHistory", Optional.of(bound), table()).orElseThrow();

    assertThat(count.records()).isEqualTo(SEEDED);
    assertThat(counts().get(0).query().get("q")).contains("WHERE CreatedDate <= ");
  }

  @Test
  void aCountOfAnObjectWhoseCursorIsHiddenFailsNamingTheField() {
    sim.hideFields("Contact", "SystemModstamp");

    assertThatThrownBy(() -> connector().count("Contact", Optional.empty(), table()))
        .isInstanceOf(UserException.class)
        .hasMessageStartingWith("Cannot read Salesforce object 'Contact': the integration user cannot see "
            + "field 'SystemModstamp';");
    assertThat(counts()).isEmpty();
  }
}
