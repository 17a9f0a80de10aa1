package io.tributary.source.zendesk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.api.Connector;
import io.tributary.api.Offset;
import io.tributary.api.ReadResult;
import io.tributary.api.UserException;
import io.tributary.http.RateLimiter;
import io.tributary.simulator.DataTable;
import io.tributary.simulator.LoggedRequest;
import io.tributary.simulator.SimClock;
import io.tributary.simulator.zendesk.ZendeskSimulator;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ZendeskConnectorTest {
  private static final String TICKETS_EXPORT = "/api/v2/incremental/tickets/cursor.json";

  private static Connector connect(ZendeskSimulator sim, Map<String, String> extra) {
    Map<String, String> options = new HashMap<>(sim.connectionOptions());
    options.putAll(extra);
    return new ZendeskConnectorFactory().create(options);
  }

  private static Set<Long> ids(Set<List<String>> keys) {
    return keys.stream().map(k -> Long.parseLong(k.get(0))).collect(Collectors.toCollection(TreeSet::new));
  }

  @Test
  void cursorExportReadsPastAnEmptyPageUntilEndOfStream() {
    try (ZendeskSimulator sim = ZendeskSimulator.start(ZendeskSimulator.Config.defaults().withEmptyPageBeforeEnd());
        Connector connector = connect(sim, Map.of())) {
      ZendeskReads reads = ZendeskReads.toFixedPoint(connector, "tickets", Offset.START, Map.of("per_page", "15"), false);

      assertThat(new TreeSet<>(reads.ids())).isEqualTo(ids(sim.expectedKeys("tickets")));
      List<LoggedRequest> requests = sim.simulator().requests(TICKETS_EXPORT);
      assertThat(requests.get(0).param("start_time")).isPresent();
      assertThat(requests.subList(1, requests.size())).allSatisfy(r -> assertThat(r.param("cursor")).isPresent());
      // 40 tickets at 15 a page: 3 pages, then the empty page the simulator inserts before the end.
      assertThat(requests.size()).isGreaterThanOrEqualTo(4);
      assertThat(reads.last().get("cursor")).isPresent();
    }
  }

  @Test
  void neverSendsAStartTimeZendeskRejectsAsTooRecent() {
    SimClock clock = SimClock.at(Instant.parse("2024-06-01T12:00:00Z"));
    try (ZendeskSimulator sim = ZendeskSimulator.start(ZendeskSimulator.Config.defaults().clock(clock));
        Connector connector = new ZendeskConnector(new ZendeskConnectorFactory().connectionOptions()
            .validate(sim.connectionOptions()), clock, RateLimiter::perMinute)) {
      String recent = clock.instant().minusSeconds(5).toString();
      for (String table : List.of("tickets", "users", "organizations", "ticket_comments", "ticket_metric_events")) {
        ZendeskReads.toFixedPoint(connector, table, Offset.START, Map.of("start_date", recent), false);
        ZendeskReads all = ZendeskReads.toFixedPoint(connector, table, Offset.START, Map.of(), false);
        clock.advance(Duration.ofSeconds(30));
        ZendeskReads.toFixedPoint(connector, table, all.last(), Map.of(), false);
      }
      long latest = clock.instant().minusSeconds(60).getEpochSecond();
      assertThat(sim.simulator().requests()).allSatisfy(r -> {
        assertThat(r.status()).as("%s %s", r.path(), r.query()).isEqualTo(200);
        r.param("start_time").ifPresent(t -> assertThat(Long.parseLong(t)).isLessThanOrEqualTo(latest));
      });
    }
  }

  @Test
  void deliversAnOrganizationChangedWithinTheSecondThePreviousReadStartedIn() {
    // A clock the test steps, ahead of the wall clock; exports as Zendesk served them before it
    // began withholding the last minute, so a read can reach into the second it starts in.
    SimClock clock = SimClock.at(Instant.now().plus(Duration.ofHours(1)));
    try (ZendeskSimulator sim = ZendeskSimulator.start(
            ZendeskSimulator.Config.defaults().clock(clock).servingUpToTheRequest());
        Connector connector = new ZendeskConnector(new ZendeskConnectorFactory().connectionOptions()
            .validate(sim.connectionOptions()), clock, RateLimiter::perMinute)) {
      Offset caughtUp = ZendeskReads.toFixedPoint(connector, "organizations", Offset.START, Map.of(), false).last();
      clock.advance(Duration.ofMinutes(5));
      DataTable organizations = sim.dataset().table("organizations");
      long id = organizations.pickIds(1).get(0);
      organizations.update(id, o -> o.put("notes", "first version"));
      clock.advance(Duration.ofMillis(300));
      Offset settled = ZendeskReads.toFixedPoint(connector, "organizations", caughtUp, Map.of(), false).last();
      // Still within the second that read started in, so Zendesk stamps this change with it too.
      clock.advance(Duration.ofMillis(300));
      organizations.update(id, o -> o.put("notes", "second version"));
      // Past the minute a start_time has to lie back; nothing else changes.
      clock.advance(Duration.ofSeconds(70));

      ReadResult next = connector.read("organizations", settled,
          new ZendeskConnectorFactory().tableOptions().validate(Map.of()));

      assertThat(next.caughtUp(settled)).as("the read returned its start offset").isFalse();
      assertThat(next.records()).filteredOn(r -> r.get("id").asLong() == id)
          .extracting(r -> r.get("notes").asText()).contains("second version");
    }
  }

  @Test
  void keepsExportCallsUnderTheExportBudgetWhileOtherTablesRunFreely() {
    try (ZendeskSimulator sim = ZendeskSimulator.start(
            ZendeskSimulator.Config.defaults().exportLimit(10, Duration.ofMinutes(1)));
        Connector connector = connect(sim, Map.of("export_requests_per_minute", "10"))) {
      ZendeskReads.toFixedPoint(connector, "tickets", Offset.START, Map.of("per_page", "20"), false);
      long start = System.nanoTime();
      ZendeskReads.toFixedPoint(connector, "groups", Offset.START, Map.of("per_page", "2"), false);
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));

      List<Instant> exports = sim.simulator().requests(TICKETS_EXPORT).stream().map(LoggedRequest::at).toList();
      assertThat(sim.simulator().requests(TICKETS_EXPORT)).allSatisfy(r -> assertThat(r.status()).isEqualTo(200));
      assertThat(exports).hasSizeGreaterThanOrEqualTo(3);
      for (Instant at : exports) {
        long inWindow = exports.stream().filter(t -> !t.isBefore(at) && t.isBefore(at.plus(Duration.ofMinutes(1)))).count();
        assertThat(inWindow).isLessThanOrEqualTo(10);
      }
      // 10 a minute leaves one burst request, then one every 60/9 s.
      for (int i = 2; i < exports.size(); i++) {
        assertThat(Duration.between(exports.get(i - 1), exports.get(i))).isGreaterThan(Duration.ofSeconds(6));
      }
    }
  }

  @Test
  void honoursRetryAfterOnExport429AndFinishes() {
    try (ZendeskSimulator sim = ZendeskSimulator.start(
            ZendeskSimulator.Config.defaults().exportLimit(3, Duration.ofSeconds(2)));
        Connector connector = connect(sim, Map.of())) {
      ZendeskReads reads = ZendeskReads.toFixedPoint(connector, "tickets", Offset.START, Map.of("per_page", "8"), false);

      assertThat(new TreeSet<>(reads.ids())).isEqualTo(ids(sim.expectedKeys("tickets")));
      List<LoggedRequest> requests = sim.simulator().requests(TICKETS_EXPORT);
      assertThat(requests).anySatisfy(r -> assertThat(r.status()).isEqualTo(429));
      for (int i = 1; i < requests.size(); i++) {
        if (requests.get(i - 1).status() == 429) {
          assertThat(Duration.between(requests.get(i - 1).at(), requests.get(i).at()))
              .isGreaterThanOrEqualTo(Duration.ofMillis(900));
        }
      }
    }
  }

  @Test
  void reportsDeletedTicketsUsersAndOrganizationsAsDeletes() {
    try (ZendeskSimulator sim = ZendeskSimulator.start(); Connector connector = connect(sim, Map.of())) {
      Map<String, Offset> records = new HashMap<>();
      Map<String, Offset> deletes = new HashMap<>();
      for (String table : List.of("tickets", "users", "organizations")) {
        records.put(table, ZendeskReads.toFixedPoint(connector, table, Offset.START, Map.of(), false).last());
        deletes.put(table, ZendeskReads.toFixedPoint(connector, table, Offset.START, Map.of(), true).last());
      }
      sim.mutate();
      for (String table : List.of("tickets", "users", "organizations")) {
        ZendeskReads changed = ZendeskReads.toFixedPoint(connector, table, records.get(table), Map.of(), false);
        ZendeskReads deleted = ZendeskReads.toFixedPoint(connector, table, deletes.get(table), Map.of(), true);
        assertThat(sim.deletedIds(table)).as(table).hasSize(1);
        assertThat(deleted.ids()).as(table).containsExactlyElementsOf(sim.deletedIds(table));
        assertThat(changed.ids()).as(table).doesNotContainAnyElementsOf(sim.deletedIds(table)).isNotEmpty();
      }
    }
  }

  @Test
  void flattensCommentsWithTheTicketIdOfTheirEvent() {
    try (ZendeskSimulator sim = ZendeskSimulator.start(); Connector connector = connect(sim, Map.of())) {
      ZendeskReads reads = ZendeskReads.toFixedPoint(connector, "ticket_comments", Offset.START, Map.of(), false);

      Map<Long, Long> ticketOf = reads.records().stream()
          .collect(Collectors.toMap(r -> r.get("id").asLong(), r -> r.get("ticket_id").asLong()));
      assertThat(ticketOf).isEqualTo(sim.commentTickets());
      assertThat(reads.records()).allSatisfy(r -> assertThat(r.has("event_type")).isFalse());
      assertThat(sim.simulator().requests("/api/v2/incremental/ticket_events.json"))
          .allSatisfy(r -> assertThat(r.param("include")).contains("comment_events"));
    }
  }

  @Test
  void replaysFromStartCursorOnceThenContinues() {
    try (ZendeskSimulator sim = ZendeskSimulator.start(); Connector connector = connect(sim, Map.of())) {
      ZendeskReads first = ZendeskReads.toFixedPoint(connector, "tickets", Offset.START,
          Map.of("per_page", "10", "max_pages_per_batch", "1"), false);
      // After two pages of ten: the cursor stands after ticket 20 (tickets are updated in id order).
      String cursor = first.offsets().get(1).get("cursor").orElseThrow();
      List<Long> afterCursor = first.ids().stream().filter(id -> id > 20).toList();

      Map<String, String> replay = Map.of("per_page", "10", "max_pages_per_batch", "1", "start_cursor", cursor);
      ZendeskReads replayed = ZendeskReads.toFixedPoint(connector, "tickets", first.last(), replay, false);
      assertThat(replayed.ids()).isEqualTo(afterCursor);
      assertThat(ZendeskReads.toFixedPoint(connector, "tickets", replayed.last(), replay, false).records()).isEmpty();
      assertThat(replayed.last().watermark()).isAfterOrEqualTo(first.last().watermark());
    }
  }

  @Test
  void authenticatesWithOAuthToo() {
    try (ZendeskSimulator sim = ZendeskSimulator.start(ZendeskSimulator.Config.defaults().withOAuth());
        Connector connector = connect(sim, Map.of())) {
      assertThat(ZendeskReads.toFixedPoint(connector, "groups", Offset.START, Map.of(), false).records()).hasSize(5);
      assertThat(sim.simulator().requests()).allSatisfy(r -> assertThat(r.status()).isEqualTo(200));
    }
  }

  @Test
  void rejectsMixedOrHalfGivenCredentialsWithOneMessage() {
    ZendeskConnectorFactory factory = new ZendeskConnectorFactory();
    assertThatThrownBy(() -> factory.create(Map.of("subdomain", "acme", "email", "a@b.example",
        "api_token", "tok-123", "oauth_token", "oauth-456")))
        .isInstanceOf(UserException.class)
        .hasMessage("Cannot authenticate to Zendesk: both an API token and an OAuth token are set; "
            + "set exactly one of 'email' with 'api_token' (API token) or 'oauth_token' (OAuth)")
        .hasMessageNotContaining("tok-123");
    assertThatThrownBy(() -> factory.create(Map.of("subdomain", "acme", "email", "a@b.example")))
        .hasMessageStartingWith("Cannot authenticate to Zendesk: 'email' is set without 'api_token'");
    Connector noAuth = factory.create(Map.of("subdomain", "acme"));
    assertThat(noAuth.listTables()).contains("tickets", "ticket_comments", "tags");
    assertThatThrownBy(() -> noAuth.read("groups", Offset.START, factory.tableOptions().validate(Map.of())))
        .hasMessageStartingWith("Cannot authenticate to Zendesk: none is set");
    assertThatThrownBy(() -> factory.create(Map.of("subdomain", "acme.zendesk.com")))
        .hasMessageContaining("Invalid value 'acme.zendesk.com' for option 'subdomain': must be a hostname label");
  }

  @Test
  void namesTheCredentialOptionsWhenZendeskRejectsThem() {
    try (ZendeskSimulator sim = ZendeskSimulator.start();
        Connector connector = connect(sim, Map.of("api_token", "wrong-token-1"))) {
      assertThatThrownBy(() -> ZendeskReads.toFixedPoint(connector, "groups", Offset.START, Map.of(), false))
          .isInstanceOf(UserException.class)
          .hasMessageContaining("check email and api_token")
          .hasMessageNotContaining("wrong-token-1");
    }
  }

  @Test
  void refusesPageSizesAndCursorsTheEndpointCannotTake() {
    try (ZendeskSimulator sim = ZendeskSimulator.start(); Connector connector = connect(sim, Map.of())) {
      assertThatThrownBy(() -> ZendeskReads.toFixedPoint(connector, "groups", Offset.START, Map.of("per_page", "500"), false))
          .hasMessage("Invalid value 500 for option 'per_page' of table 'groups': must be between 1 and 100 "
              + "for this endpoint (only incremental export tables accept up to 1000)");
      assertThatThrownBy(() -> ZendeskReads.toFixedPoint(connector, "macros", Offset.START, Map.of("start_cursor", "abc"), false))
          .hasMessageStartingWith("Cannot use option 'start_cursor' for table 'macros'");
      assertThatThrownBy(() -> ZendeskReads.toFixedPoint(connector, "organizations", Offset.START,
          Map.of("start_cursor", "abc"), false))
          .hasMessageStartingWith("Invalid value 'abc' for option 'start_cursor' of table 'organizations'");
    }
  }

  @Test
  void pagesBulkModelsByCursorNeverByOffset() {
    try (ZendeskSimulator sim = ZendeskSimulator.start(); Connector connector = connect(sim, Map.of())) {
      for (String table : ZendeskSimulator.SNAPSHOTS.keySet()) {
        ZendeskReads reads = ZendeskReads.toFixedPoint(connector, table, Offset.START, Map.of("per_page", "2"), false);
        assertThat(reads.records()).as(table).hasSize(sim.expectedKeys(table).size());
      }
      assertThat(sim.simulator().requests()).allSatisfy(r -> assertThat(r.param("page")).isEmpty());
      assertThat(sim.simulator().requests("/api/v2/groups")).anySatisfy(r -> assertThat(r.param("page[after]")).isPresent());
    }
  }
}
