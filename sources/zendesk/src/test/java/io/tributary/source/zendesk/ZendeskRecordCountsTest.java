package io.tributary.source.zendesk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.api.Connector;
import io.tributary.api.ExternalException;
import io.tributary.api.OptionValues;
import io.tributary.api.RecordCount;
import io.tributary.api.RecordCounts;
import io.tributary.http.JsonResponse;
import io.tributary.simulator.zendesk.ZendeskFixtures;
import io.tributary.simulator.zendesk.ZendeskSimulator;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ZendeskRecordCountsTest {
  private static final OptionValues NO_OPTIONS = new ZendeskConnectorFactory().tableOptions().validate(Map.of());

  private static RecordCounts counts(Connector connector) {
    return (RecordCounts) connector;
  }

  @Test
  void countsTicketsUsersAndOrganizationsWithoutTheDeletedOnesInOneRequestEach() {
    try (ZendeskSimulator sim = ZendeskSimulator.start();
        Connector connector = new ZendeskConnectorFactory().create(sim.connectionOptions())) {
      sim.mutate();
      for (String table : List.of("tickets", "users", "organizations")) {
        String path = "/api/v2/" + table + "/count";

        RecordCount count = counts(connector).count(table, Optional.empty(), NO_OPTIONS).orElseThrow();

        assertThat(sim.deletedIds(table)).as(table).isNotEmpty();
        assertThat(count.records()).as(table).isEqualTo(sim.expectedKeys(table).size());
        assertThat(count.upTo()).as(table).isEmpty();
        assertThat(count.method()).as(table).startsWith("GET " + path + " (approximate");
        assertThat(sim.simulator().requests(path)).as(table).hasSize(1);
      }
    }
  }

  @Test
  void countsTheWholeTableWhateverTheWatermarkSinceZendeskCountsTakeNoTimeFilter() {
    try (ZendeskSimulator sim = ZendeskSimulator.start();
        Connector connector = new ZendeskConnectorFactory().create(sim.connectionOptions())) {
      Instant longAgo = Instant.parse("2000-01-01T00:00:00Z");

      RecordCount count = counts(connector).count("satisfaction_ratings", Optional.of(longAgo), NO_OPTIONS)
          .orElseThrow();

      assertThat(count.records()).isEqualTo(sim.expectedKeys("satisfaction_ratings").size()).isPositive();
      assertThat(count.upTo()).isEmpty();
      assertThat(sim.simulator().requests("/api/v2/satisfaction_ratings/count").get(0).query()).isEmpty();
    }
  }

  @Test
  void reportsTheCappedCountWhileZendeskRefreshesItThenTheCachedOneWithItsTime() {
    try (ZendeskSimulator sim = ZendeskSimulator.start(ZendeskSimulator.Config.defaults().countsCachedAbove(10));
        Connector connector = new ZendeskConnectorFactory().create(sim.connectionOptions())) {
      int tickets = sim.expectedKeys("tickets").size();
      Instant refreshed = sim.clock().instant();

      RecordCount refreshing = counts(connector).count("tickets", Optional.empty(), NO_OPTIONS).orElseThrow();
      sim.dataset().table("tickets").insert((id, random) -> ZendeskFixtures.template("tickets",
          "created_at", "updated_at", "generated_timestamp").put("status", "open"));
      RecordCount cached = counts(connector).count("tickets", Optional.empty(), NO_OPTIONS).orElseThrow();

      assertThat(refreshing.records()).isEqualTo(10);
      assertThat(refreshing.method()).isEqualTo("GET /api/v2/tickets/count (approximate: Zendesk is "
          + "refreshing it, and caps it at 100,000 meanwhile)");
      assertThat(cached.records()).isEqualTo(tickets);
      assertThat(cached.method()).isEqualTo("GET /api/v2/tickets/count (approximate: cached for a day "
          + "above 100,000; refreshed at " + refreshed + ")");
    }
  }

  @Test
  void leavesTablesWithoutACountEndpointUncountedWithoutARequest() {
    try (ZendeskSimulator sim = ZendeskSimulator.start();
        Connector connector = new ZendeskConnectorFactory().create(sim.connectionOptions())) {
      for (String table : List.of("ticket_comments", "ticket_metric_events", "groups", "macros")) {
        assertThat(counts(connector).count(table, Optional.empty(), NO_OPTIONS)).as(table).isEmpty();
      }
      assertThat(sim.simulator().requests()).isEmpty();
      assertThatThrownBy(() -> counts(connector).count("tickets_v2", Optional.empty(), NO_OPTIONS))
          .hasMessageContaining("tickets_v2");
    }
  }

  @Test
  void refusesACountAnswerWithoutAValueNamingTableAndEndpoint() {
    JsonResponse response = new JsonResponse(200, Map.of(), "https://acme.zendesk.com/api/v2/views/count",
        ZendeskFixtures.record("count_without_value"));

    assertThatThrownBy(() -> ZendeskCounts.read("views", "/api/v2/views/count", response))
        .isInstanceOf(ExternalException.class)
        .hasMessage("Cannot count table 'views': GET /api/v2/views/count answered without a whole "
            + "number in count.value");
  }
}
