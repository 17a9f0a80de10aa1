package io.tributary.simulator;

import static io.tributary.simulator.Fixtures.ids;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class SimulatorPagingTest {
  private static final Pattern NEXT_LINK = Pattern.compile("<([^>]+)>; rel=\"next\"");

  /** Ids in updated_at order, ties by id: worked out from the ground truth, not the server. */
  private static List<Long> byUpdatedThenId(DataTable table) {
    return table.records().stream()
        .sorted(Comparator.<ObjectNode, Instant>comparing(r -> Instant.parse(r.get("updated_at").asText()))
            .thenComparing(r -> r.get("id").asLong()))
        .map(r -> r.get("id").asLong()).toList();
  }

  @Test
  void pageNumberWithLinkHeaderFollowsNextUntilTheLastPage() {
    Dataset data = Fixtures.tickets(11);
    try (Simulator sim = Simulator.builder(data)
        .endpoint(Endpoint.list("/api/v2/tickets", data.table("tickets")).envelope(Envelope.key("tickets"))
            .paging(Paging.pageNumber("page", "per_page").perPage(30, 100).withLinkHeader())
            .sortBy(Sort.asc("updated_at")))
        .start()) {
      List<Long> seen = new ArrayList<>();
      String url = sim.baseUrl() + "/api/v2/tickets?per_page=4";
      int pages = 0;
      while (url != null) {
        HttpResponse<String> response = Http.get(url);
        assertThat(response.statusCode()).isEqualTo(200);
        seen.addAll(ids(Http.json(response).get("tickets")));
        pages++;
        url = response.headers().firstValue("Link").map(NEXT_LINK::matcher).filter(Matcher::find)
            .map(m -> m.group(1)).orElse(null);
      }
      assertThat(pages).isEqualTo(3);
      assertThat(seen).isEqualTo(byUpdatedThenId(data.table("tickets")));
      assertThat(sim.requests().get(2).query()).containsEntry("page", "3").containsEntry("per_page", "4");
    }
  }

  @Test
  void logsTheRecordsEachAnswerListed() {
    Dataset data = Fixtures.tickets(11);
    try (Simulator sim = Simulator.builder(data)
        .endpoint(Endpoint.list("/api/v2/tickets", data.table("tickets")).envelope(Envelope.key("tickets"))
            .paging(Paging.pageNumber("page", "per_page").perPage(30, 100)))
        .endpoint(Endpoint.item("/api/v2/tickets/{id}", data.table("tickets")).envelope(Envelope.key("ticket")))
        .start()) {
      Http.get(sim.baseUrl() + "/api/v2/tickets?per_page=4&page=3");
      Http.get(sim.baseUrl() + "/api/v2/tickets");
      Http.get(sim.baseUrl() + "/api/v2/tickets/2");
      Http.get(sim.baseUrl() + "/api/v2/nowhere");

      assertThat(sim.requests()).extracting(LoggedRequest::served)
          .containsExactly(3, 11, LoggedRequest.UNKNOWN, LoggedRequest.UNKNOWN);
    }
  }

  @Test
  void pageNumberWithoutLinkEndsWithAShortOrEmptyPage() {
    Dataset data = Fixtures.tickets(8);
    try (Simulator sim = Simulator.builder(data)
        .endpoint(Endpoint.list("/tickets", data.table("tickets")).paging(Paging.pageNumber("page", "per_page")))
        .start()) {
      HttpResponse<String> second = Http.get(sim.baseUrl() + "/tickets?page=2&per_page=5");
      HttpResponse<String> third = Http.get(sim.baseUrl() + "/tickets?page=3&per_page=5");

      assertThat(second.headers().firstValue("Link")).isEmpty();
      assertThat(ids(Http.json(second))).containsExactly(6L, 7L, 8L);
      assertThat(Http.json(third)).isEmpty();
    }
  }

  @Test
  void answers400PastThePerPageCapAndThePageWall() {
    Dataset data = Fixtures.tickets(3);
    try (Simulator sim = Simulator.builder(data)
        .endpoint(Endpoint.list("/tickets", data.table("tickets"))
            .paging(Paging.pageNumber("page", "per_page").perPage(30, 100).maxPage(300)))
        .start()) {
      HttpResponse<String> tooBig = Http.get(sim.baseUrl() + "/tickets?per_page=101");
      HttpResponse<String> pastWall = Http.get(sim.baseUrl() + "/tickets?page=301");
      HttpResponse<String> atWall = Http.get(sim.baseUrl() + "/tickets?page=300");

      assertThat(tooBig.statusCode()).isEqualTo(400);
      assertThat(Http.json(tooBig).get("message").asText())
          .isEqualTo("Invalid value 101 for parameter 'per_page': must be between 1 and 100");
      assertThat(pastWall.statusCode()).isEqualTo(400);
      assertThat(Http.json(pastWall).get("message").asText())
          .isEqualTo("Invalid value 301 for parameter 'page': must be at most 300");
      assertThat(atWall.statusCode()).isEqualTo(200);
      assertThat(Http.json(atWall)).isEmpty();
    }
  }

  @Test
  void cursorTokensDeliverEveryTiedRecordAcrossPageBoundaries() {
    Dataset data = Fixtures.tickets(10); // tie groups of 3: pages of 2 split every group
    try (Simulator sim = Simulator.builder(data)
        .endpoint(Endpoint.list("/export", data.table("tickets")).envelope(Envelope.key("tickets"))
            .paging(Paging.cursor("cursor", "per_page").nextToken("after_cursor").endFlag("end_of_stream")
                .nextUrl("after_url"))
            .since("start_time", "updated_at").sortBy(Sort.asc("updated_at")))
        .start()) {
      List<Long> seen = new ArrayList<>();
      JsonNode body = Http.json(Http.get(sim.baseUrl() + "/export?start_time=0&per_page=2"));
      seen.addAll(ids(body.get("tickets")));
      while (!body.get("end_of_stream").asBoolean()) {
        String token = body.get("after_cursor").asText();
        assertThat(body.get("after_url").asText())
            .isEqualTo(sim.baseUrl() + "/export?cursor=" + URLEncoder.encode(token, StandardCharsets.UTF_8) + "&per_page=2");
        body = Http.json(Http.get(sim.baseUrl() + "/export?per_page=2&cursor=" + token));
        seen.addAll(ids(body.get("tickets")));
      }
      assertThat(seen).isEqualTo(byUpdatedThenId(data.table("tickets")));
      assertThat(body.get("after_cursor").isNull()).isTrue();
      assertThat(sim.requests()).hasSize(5);
    }
  }

  @Test
  void tokenKeptAtTheEndResumesWithRecordsUpdatedLater() {
    Dataset data = Fixtures.tickets(4);
    DataTable tickets = data.table("tickets");
    try (Simulator sim = Simulator.builder(data)
        .endpoint(Endpoint.list("/export", tickets).envelope(Envelope.key("tickets"))
            .paging(Paging.cursor("cursor", null).perPage(100, 100).nextToken("after_cursor")
                .endFlag("end_of_stream").keepTokenAtEnd())
            .since("start_time", "updated_at").sortBy(Sort.asc("updated_at")))
        .start()) {
      JsonNode first = Http.json(Http.get(sim.baseUrl() + "/export?start_time=0"));
      assertThat(first.get("end_of_stream").asBoolean()).isTrue();
      String token = first.get("after_cursor").asText();

      JsonNode nothingNew = Http.json(Http.get(sim.baseUrl() + "/export?cursor=" + token));
      data.clock().advance(java.time.Duration.ofMinutes(5));
      tickets.update(2, r -> r.put("subject", "changed"));
      JsonNode later = Http.json(Http.get(sim.baseUrl() + "/export?cursor=" + token));

      assertThat(ids(first.get("tickets"))).hasSize(4);
      assertThat(ids(nothingNew.get("tickets"))).isEmpty();
      assertThat(nothingNew.get("after_cursor").asText()).isEqualTo(token);
      assertThat(ids(later.get("tickets"))).containsExactly(2L);
      assertThat(later.get("tickets").get(0).get("subject").asText()).isEqualTo("changed");
    }
  }

  @Test
  void nestedHasMoreAndWrappedEntitiesShapeTheBody() {
    Dataset data = Fixtures.tickets(3);
    try (Simulator sim = Simulator.builder(data)
        .endpoint(Endpoint.list("/customers", data.table("tickets")).envelope(Envelope.wrapped("list", "customer"))
            .paging(Paging.cursor("offset", "limit").perPage(2, 100).nextToken("meta.after").hasMore("meta.has_more")))
        .start()) {
      JsonNode first = Http.json(Http.get(sim.baseUrl() + "/customers"));
      JsonNode second = Http.json(Http.get(sim.baseUrl() + "/customers?offset=" + first.at("/meta/after").asText()));

      assertThat(first.get("list")).hasSize(2);
      assertThat(first.at("/list/0/customer/id").asLong()).isEqualTo(1L);
      assertThat(first.at("/meta/has_more").asBoolean()).isTrue();
      assertThat(second.at("/list/0/customer/id").asLong()).isEqualTo(3L);
      assertThat(second.at("/meta/has_more").asBoolean()).isFalse();
      assertThat(second.at("/meta/after").isNull()).isTrue();
    }
  }

  @Test
  void rejectsATokenItDidNotIssue() {
    Dataset data = Fixtures.tickets(3);
    try (Simulator sim = Simulator.builder(data)
        .endpoint(Endpoint.list("/export", data.table("tickets")).envelope(Envelope.key("tickets"))
            .paging(Paging.cursor("cursor", null).nextToken("after_cursor")))
        .start()) {
      HttpResponse<String> response = Http.get(sim.baseUrl() + "/export?cursor=garbage!");

      assertThat(response.statusCode()).isEqualTo(400);
      assertThat(Http.json(response).get("message").asText())
          .isEqualTo("Invalid value 'garbage!' for parameter 'cursor': not a cursor this API issued");
    }
  }
}
