package io.tributary.simulator;

import static io.tributary.simulator.Fixtures.ids;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.api.Json;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class SimulatorFilterTest {

  private static Simulator ticketsApi(Dataset data) {
    DataTable tickets = data.table("tickets");
    return Simulator.builder(data)
        .endpoint(Endpoint.list("/api/v2/tickets", tickets).envelope(Envelope.key("tickets"))
            .since("updated_since", "updated_at")
            .equalTo("status", "status")
            .hiddenUnless("filter", "deleted", "deleted")
            .sortParams("order_by", "order_type", "updated_at", "created_at")
            .require("include_all"))
        .endpoint(Endpoint.item("/api/v2/tickets/{id}", tickets).envelope(Envelope.key("ticket")))
        .start();
  }

  @Test
  void sinceFilterKeepsRecordsAtOrAfterTheTimestamp() {
    Dataset data = Fixtures.tickets(9);
    DataTable tickets = data.table("tickets");
    String since = tickets.find(4).orElseThrow().get("updated_at").asText(); // ids 4,5,6 share it
    List<Long> expected = tickets.records().stream()
        .filter(r -> !Instant.parse(r.get("updated_at").asText()).isBefore(Instant.parse(since)))
        .map(r -> r.get("id").asLong()).toList();
    try (Simulator sim = ticketsApi(data)) {
      HttpResponse<String> iso = Http.get(sim.baseUrl() + "/api/v2/tickets?include_all=1&updated_since=" + since);
      HttpResponse<String> epoch = Http.get(sim.baseUrl() + "/api/v2/tickets?include_all=1&updated_since="
          + Instant.parse(since).getEpochSecond());

      assertThat(ids(Http.json(iso).get("tickets"))).containsExactlyElementsOf(expected).contains(4L, 5L, 6L);
      assertThat(ids(Http.json(epoch).get("tickets"))).containsExactlyElementsOf(expected);
    }
  }

  @Test
  void equalityFilterAndABadTimestampAnswer200And400() {
    Dataset data = Fixtures.tickets(6);
    try (Simulator sim = ticketsApi(data)) {
      HttpResponse<String> open = Http.get(sim.baseUrl() + "/api/v2/tickets?include_all=1&status=open");
      HttpResponse<String> bad = Http.get(sim.baseUrl() + "/api/v2/tickets?include_all=1&updated_since=yesterday");
      HttpResponse<String> missing = Http.get(sim.baseUrl() + "/api/v2/tickets");

      assertThat(ids(Http.json(open).get("tickets"))).containsExactly(2L, 4L, 6L);
      assertThat(bad.statusCode()).isEqualTo(400);
      assertThat(Http.json(bad).get("message").asText()).isEqualTo(
          "Invalid value 'yesterday' for parameter 'updated_since': must be an ISO-8601 timestamp");
      assertThat(missing.statusCode()).isEqualTo(400);
      assertThat(Http.json(missing).get("message").asText()).isEqualTo("Missing parameter 'include_all'");
    }
  }

  @Test
  void softDeletedRecordsAppearOnlyWhenAskedFor() {
    Dataset data = Fixtures.tickets(5);
    data.table("tickets").softDelete(2);
    try (Simulator sim = ticketsApi(data)) {
      HttpResponse<String> normal = Http.get(sim.baseUrl() + "/api/v2/tickets?include_all=1");
      HttpResponse<String> deleted = Http.get(sim.baseUrl() + "/api/v2/tickets?include_all=1&filter=deleted");
      HttpResponse<String> item = Http.get(sim.baseUrl() + "/api/v2/tickets/2");

      assertThat(ids(Http.json(normal).get("tickets"))).containsExactly(1L, 3L, 4L, 5L);
      assertThat(ids(Http.json(deleted).get("tickets"))).containsExactly(2L);
      assertThat(Http.json(item).at("/ticket/deleted").asBoolean()).isTrue();
    }
  }

  @Test
  void defaultWindowHidesOldRecordsUnlessASinceFilterIsGiven() {
    Dataset data = Dataset.seeded(1, SimClock.at(Fixtures.NOW));
    DataTable tickets = data.table("tickets", TableLayout.standard());
    tickets.seed(12, 1, Duration.ofDays(110), (id, random) -> Json.object());
    Instant from = Fixtures.NOW.minus(Duration.ofDays(30));
    List<Long> recent = tickets.records().stream()
        .filter(r -> !Instant.parse(r.get("created_at").asText()).isBefore(from))
        .map(r -> r.get("id").asLong()).toList();
    try (Simulator sim = Simulator.builder(data)
        .endpoint(Endpoint.list("/tickets", tickets).since("updated_since", "updated_at")
            .defaultWindow("created_at", Duration.ofDays(30)))
        .start()) {
      List<Long> windowed = ids(Http.json(Http.get(sim.baseUrl() + "/tickets")));
      List<Long> all = ids(Http.json(Http.get(sim.baseUrl() + "/tickets?updated_since=2000-01-01T00:00:00Z")));

      assertThat(recent).isNotEmpty().hasSizeLessThan(12);
      assertThat(windowed).containsExactlyElementsOf(recent);
      assertThat(all).hasSize(12);
    }
  }

  @Test
  void sortsByTheRequestedFieldAndOrderBreakingTiesById() {
    Dataset data = Fixtures.tickets(6); // updated_at ties: {1,2,3}, {4,5,6}
    try (Simulator sim = ticketsApi(data)) {
      List<Long> desc = ids(Http.json(Http.get(
          sim.baseUrl() + "/api/v2/tickets?include_all=1&order_by=updated_at&order_type=desc")).get("tickets"));
      HttpResponse<String> badField = Http.get(sim.baseUrl() + "/api/v2/tickets?include_all=1&order_by=subject");

      assertThat(desc).containsExactly(4L, 5L, 6L, 1L, 2L, 3L);
      assertThat(badField.statusCode()).isEqualTo(400);
      assertThat(Http.json(badField).get("message").asText())
          .isEqualTo("Invalid value 'subject' for parameter 'order_by': must be one of updated_at, created_at");
    }
  }

  @Test
  void childListingFiltersOnThePathVariableAndItemsAnswer404WhenAbsent() {
    Dataset data = Fixtures.tickets(2);
    DataTable items = data.table("items", TableLayout.standard().withUpdated(null).withCreated(null));
    items.seed(5, (id, random) -> {
      ObjectNode item = Json.object();
      item.put("ticket_id", id <= 3 ? 1 : 2);
      return item;
    });
    try (Simulator sim = Simulator.builder(data)
        .endpoint(Endpoint.list("/api/v2/tickets/{id}/requested_items", items).pathField("id", "ticket_id")
            .envelope(Envelope.key("requested_items")))
        .endpoint(Endpoint.item("/api/v2/tickets/{id}", data.table("tickets")).envelope(Envelope.key("ticket")))
        .start()) {
      JsonHolder first = new JsonHolder(Http.get(sim.baseUrl() + "/api/v2/tickets/1/requested_items"));
      HttpResponse<String> absent = Http.get(sim.baseUrl() + "/api/v2/tickets/99");
      HttpResponse<String> noRoute = Http.get(sim.baseUrl() + "/api/v2/nothing");

      assertThat(ids(first.json.get("requested_items"))).containsExactly(1L, 2L, 3L);
      assertThat(absent.statusCode()).isEqualTo(404);
      assertThat(Http.json(absent).get("message").asText()).isEqualTo("No tickets record with id 99");
      assertThat(noRoute.statusCode()).isEqualTo(404);
    }
  }

  @Test
  void childListAnswers404OnceItsParentIsGone() {
    Dataset data = Dataset.seeded(1, SimClock.at(Instant.parse("2024-06-01T00:00:00Z")));
    DataTable tickets = data.table("tickets", TableLayout.standard().withDeletedFlag("deleted"));
    tickets.seed(3, (id, r) -> Json.object());
    DataTable notes = data.table("notes", TableLayout.standard());
    notes.seed(3, (id, r) -> Json.object().put("ticket_id", id));
    try (Simulator sim = Simulator.builder(data)
        .endpoint(Endpoint.list("/tickets/{id}/notes", notes).pathField("id", "ticket_id")
            .parent(tickets).envelope(Envelope.key("notes")))
        .start()) {
      tickets.hardDelete(2);
      tickets.softDelete(3);

      HttpResponse<String> live = Http.get(sim.baseUrl() + "/tickets/1/notes");
      HttpResponse<String> gone = Http.get(sim.baseUrl() + "/tickets/2/notes");
      HttpResponse<String> trashed = Http.get(sim.baseUrl() + "/tickets/3/notes");
      HttpResponse<String> never = Http.get(sim.baseUrl() + "/tickets/77/notes");

      assertThat(ids(Http.json(live).get("notes"))).containsExactly(1L);
      assertThat(gone.statusCode()).isEqualTo(404);
      assertThat(Http.json(gone).get("message").asText()).isEqualTo("No tickets record with id 2");
      assertThat(ids(Http.json(trashed).get("notes"))).containsExactly(3L);
      assertThat(never.statusCode()).isEqualTo(404);
    }
  }

  private record JsonHolder(com.fasterxml.jackson.databind.JsonNode json) {
    JsonHolder(HttpResponse<String> response) {
      this(Http.json(response));
    }
  }
}
