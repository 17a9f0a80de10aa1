package io.tributary.http;

import static io.tributary.http.ScriptedServer.json;
import static io.tributary.http.ScriptedServer.query;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.api.ExternalException;
import io.tributary.api.Json;
import io.tributary.api.Offset;
import io.tributary.api.ReadResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PagingTest {
  private final ScriptedServer server = new ScriptedServer();

  @AfterEach
  void close() {
    server.close();
  }

  private RestClient client() {
    return RestClient.create(HttpSettings.builder("demo", server.baseUrl()).requestsPerMinute(100_000).build());
  }

  private static JsonNode body(String fixture) throws Exception {
    return Json.MAPPER.readTree(Fixtures.text(fixture));
  }

  private static List<Long> ids(List<ObjectNode> records, String field) {
    return records.stream().map(r -> r.path(field).asLong()).toList();
  }

  /** Reads a whole snapshot one page per call, as a micro-batch stream would. */
  private static List<ObjectNode> readAll(SnapshotListing listing, java.util.function.Function<Optional<String>, Page> fetch) {
    List<ObjectNode> all = new ArrayList<>();
    Offset offset = Offset.START;
    for (int calls = 0; calls < 20; calls++) {
      ReadResult result = listing.read(offset, fetch);
      all.addAll(result.records());
      if (result.caughtUp(offset)) {
        return all;
      }
      offset = Offset.fromJson(result.endOffset().toJson());
    }
    throw new AssertionError("no fixed point after 20 calls");
  }

  @Test
  void linkHeaderPagesFollowAnEmptyPageThatStillHasANextLink() {
    String base = server.baseUrl();
    server.then(ScriptedServer.response(200, Fixtures.text("tickets-page1.json"),
            "Link", "<" + base + "/api/v2/tickets?page=2&per_page=2>; rel=\"next\""))
        .then(ScriptedServer.response(200, Fixtures.text("tickets-empty.json"),
            "Link", "<" + base + "/api/v2/tickets?page=1&per_page=2>; rel=\"prev\", <" + base
                + "/api/v2/tickets?page=3&per_page=2>; rel=\"next\""))
        .then(json(Fixtures.text("tickets-page3.json")));
    RestClient client = client();

    List<ObjectNode> records = readAll(new SnapshotListing("tickets", 1), next -> {
      JsonResponse r = next.isPresent() ? client.get(next.get()) : client.get("/api/v2/tickets", query("per_page", "2"));
      return new Page(Paging.records(r, "/tickets"), Paging.linkNext(r));
    });

    // Tickets 2 and 3 share one updated_at across the empty page: both arrive.
    assertThat(ids(records, "id")).containsExactly(1L, 2L, 3L);
    assertThat(server.request(1).getTarget()).isEqualTo("/api/v2/tickets?page=2&per_page=2");
    assertThat(server.request(2).getTarget()).isEqualTo("/api/v2/tickets?page=3&per_page=2");
  }

  @Test
  void pageNumbersWithoutLinkStopOnAShortPage() {
    server.answer(request -> {
      int page = Integer.parseInt(request.getUrl().queryParameter("page"));
      return json(page < 3 ? "{\"agents\":[{\"id\":" + (2 * page - 1) + "},{\"id\":" + 2 * page + "}]}"
          : "{\"agents\":[{\"id\":5}]}");
    });
    RestClient client = client();

    List<ObjectNode> records = readAll(new SnapshotListing("agents", 2), next -> {
      JsonResponse r = client.get("/api/v2/agents",
          query("per_page", "2", "page", String.valueOf(Paging.pageNumber(next))));
      List<ObjectNode> page = Paging.records(r, "/agents");
      return new Page(page, Paging.nextPageNumber(next, page.size(), 2));
    });

    assertThat(ids(records, "id")).containsExactly(1L, 2L, 3L, 4L, 5L);
    assertThat(server.requestCount()).isEqualTo(3);
  }

  @Test
  void pageNumbersAskForOneMorePageWhenTheLastIsFull() {
    assertThat(Paging.nextPageNumber(Optional.of("4"), 100, 100)).contains("5");
    assertThat(Paging.nextPageNumber(Optional.empty(), 100, 100)).contains("2");
    assertThat(Paging.nextPageNumber(Optional.of("4"), 99, 100)).isEmpty();
    assertThat(Paging.nextPageNumber(Optional.of("4"), 0, 100)).isEmpty();
  }

  @Test
  void afterCursorStopsAtEndOfStream() throws Exception {
    assertThat(Paging.afterCursor(body("zendesk-export-more.json"))).contains("MTcxNDU1ODQwMC4wfHwxMHw=");
    assertThat(Paging.afterCursor(body("zendesk-export-end.json"))).isEmpty();
  }

  @Test
  void nextOffsetWhilePresent() throws Exception {
    assertThat(Paging.nextOffset(body("chargebee-more.json"))).contains("[\"1714557600000\",\"230000000012\"]");
    assertThat(Paging.nextOffset(body("chargebee-end.json"))).isEmpty();
  }

  @Test
  void tokenWhileHasMore() throws Exception {
    assertThat(Paging.tokenWhileMore(body("zendesk-cursor-more.json"), "/meta/after_cursor", "/meta/has_more"))
        .contains("xyz1");
    assertThat(Paging.tokenWhileMore(body("zendesk-cursor-end.json"), "/meta/after_cursor", "/meta/has_more"))
        .isEmpty();
  }

  @Test
  void nextUrlInTheBody() throws Exception {
    assertThat(Paging.nextPageUrl(body("zendesk-offset-more.json")))
        .contains("https://acme.zendesk.com/api/v2/groups.json?page=2");
    assertThat(Paging.nextPageUrl(body("zendesk-offset-end.json"))).isEmpty();
    assertThat(Paging.nextRecordsUrl(body("salesforce-more.json")))
        .contains("/services/data/v59.0/query/01gD0000002HU6KIAW-2000");
    assertThat(Paging.nextRecordsUrl(body("salesforce-end.json"))).isEmpty();
  }

  @Test
  void bodyCursorPagesDeliverTiesAcrossPages() {
    server.then(json(Fixtures.text("chargebee-more.json"))).then(json(Fixtures.text("chargebee-end.json")));
    RestClient client = client();

    List<ObjectNode> records = readAll(new SnapshotListing("customers", 1), next -> {
      Map<String, String> q = new java.util.LinkedHashMap<>(query("limit", "2"));
      next.ifPresent(offset -> q.put("offset", offset));
      JsonResponse r = client.get("/api/v2/customers", q);
      return new Page(Paging.records(r, "/list").stream().map(e -> (ObjectNode) e.get("customer")).toList(),
          Paging.nextOffset(r.body()));
    });

    assertThat(records).extracting(r -> r.path("id").asText()).containsExactly("cus_1", "cus_2", "cus_3");
    assertThat(server.request(1).getUrl().queryParameter("offset")).isEqualTo("[\"1714557600000\",\"230000000012\"]");
  }

  @Test
  void nextRecordsUrlIsFollowedOnTheConfiguredHost() {
    server.then(json(Fixtures.text("salesforce-more.json"))).then(json(Fixtures.text("salesforce-end.json")));
    RestClient client = client();

    List<ObjectNode> records = readAll(new SnapshotListing("account", 5), next -> {
      JsonResponse r = next.isPresent() ? client.get(next.get())
          : client.get("/services/data/v59.0/query", query("q", "SELECT Id FROM Account"));
      return new Page(Paging.records(r, "/records"), Paging.nextRecordsUrl(r.body()));
    });

    assertThat(records).extracting(r -> r.path("Id").asText()).containsExactly("001A", "001B");
    assertThat(server.request(1).getTarget()).isEqualTo("/services/data/v59.0/query/01gD0000002HU6KIAW-2000");
  }

  @Test
  void parsesLinkHeadersWithSeveralRelations() {
    assertThat(Paging.linkNext("<https://a/x?page=1>; rel=\"prev\", <https://a/x?page=3>; rel=\"next\""))
        .contains("https://a/x?page=3");
    assertThat(Paging.linkNext("<https://a/x?page=3>; rel=next; title=\"more\"")).contains("https://a/x?page=3");
    assertThat(Paging.linkNext("<https://a/x?page=1>; rel=\"first prev\"")).isEmpty();
    assertThat(Paging.linkNext("")).isEmpty();
  }

  @Test
  void refusesABodyWithoutTheRecordArray() {
    JsonResponse response = new JsonResponse(200, Map.of(), "https://h/api/v2/tickets?page=1",
        Json.object().put("ticket", "x"));

    assertThatThrownBy(() -> Paging.records(response, "/tickets"))
        .isInstanceOf(ExternalException.class)
        .hasMessage("Cannot read records of /api/v2/tickets: the response has no array at '/tickets'; "
            + "its top-level keys are ticket");
  }
}
