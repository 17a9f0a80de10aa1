package io.tributary.http;

import static io.tributary.http.ScriptedServer.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.api.ExternalException;
import io.tributary.api.Json;
import io.tributary.api.Offset;
import io.tributary.api.ReadResult;
import io.tributary.http.rest.Pager;
import io.tributary.http.rest.Pager.PageRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Every paging style a table can declare, against a provider that serves ids 1..7 in pages of 3:
 * each reads every record once, with the fewest requests its style allows.
 */
class PagerTest {
  private static final int RECORDS = 7;
  private static final int PER_PAGE = 3;
  private final ScriptedServer server = new ScriptedServer();

  @AfterEach
  void close() {
    server.close();
  }

  /** Serves the slice [from, from + per_page) and lets {@code envelope} wrap it. */
  private void serve(BiFunction<RecordedRequest, Slice, ObjectNode> envelope) {
    server.answer(request -> {
      int perPage = Integer.parseInt(request.getUrl().queryParameter("per_page"));
      String page = request.getUrl().queryParameter("page");
      String offset = request.getUrl().queryParameter("offset");
      int from = offset != null ? Integer.parseInt(offset) : page != null ? (Integer.parseInt(page) - 1) * perPage : 0;
      return json(envelope.apply(request, new Slice(from, perPage)).toString());
    });
  }

  private record Slice(int from, int perPage) {
    ArrayNode records() {
      ArrayNode array = Json.MAPPER.createArrayNode();
      for (int id = from + 1; id <= Math.min(RECORDS, from + perPage); id++) {
        array.add(Json.object().put("id", id));
      }
      return array;
    }

    int page() {
      return from / perPage + 1;
    }

    boolean last() {
      return from + perPage >= RECORDS;
    }
  }

  private List<Long> readAll(Pager pager, String recordsAt) {
    RestClient client = RestClient.create(HttpSettings.builder("demo", server.baseUrl()).requestsPerMinute(100_000).build());
    PageRequest request = new PageRequest(client, "/items", Map.of("per_page", Integer.toString(PER_PAGE)), recordsAt, PER_PAGE);
    ReadResult result = new SnapshotListing("items", 100).read(Offset.START, next -> pager.fetch(request, next));
    List<Long> ids = new ArrayList<>();
    result.records().forEach(r -> ids.add(r.path("id").asLong()));
    return ids;
  }

  private static final List<Long> ALL = List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L);

  @Test
  void followsTheLinkHeadersNextUrl() {
    server.answer(request -> {
      int page = request.getUrl().queryParameter("page") == null ? 1 : Integer.parseInt(request.getUrl().queryParameter("page"));
      Slice slice = new Slice((page - 1) * PER_PAGE, PER_PAGE);
      MockResponse.Builder b = new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json")
          .body(slice.records().toString());
      if (!slice.last()) {
        b.addHeader("Link", "<" + server.baseUrl() + "/items?per_page=3&page=" + (page + 1) + ">; rel=\"next\"");
      }
      return b.build();
    });
    assertThat(readAll(Pager.linkHeader(), "")).isEqualTo(ALL);
    assertThat(server.requestCount()).isEqualTo(3);
  }

  @Test
  void pageNumbersEndAtAShortPage() {
    serve((request, slice) -> Json.object().set("items", slice.records()));
    assertThat(readAll(Pager.pageNumber("page").untilShortPage(), "/items")).isEqualTo(ALL);
    assertThat(server.requestCount()).isEqualTo(3);
    assertThat(server.request(2).getUrl().queryParameter("page")).isEqualTo("3");
  }

  @Test
  void pageNumbersFollowTheBodysNextPageNumberUntilItIsNull() {
    serve((request, slice) -> {
      ObjectNode body = Json.object();
      body.set("time_entries", slice.records());
      return slice.last() ? body.putNull("next_page") : body.put("next_page", slice.page() + 1);
    });
    assertThat(readAll(Pager.pageNumber("page").nextPageAt("/next_page"), "/time_entries")).isEqualTo(ALL);
    assertThat(server.requestCount()).isEqualTo(3);
  }

  @Test
  void aNextPageGivenAsAUrlIsFollowedAsGiven() {
    serve((request, slice) -> {
      ObjectNode body = Json.object();
      body.set("items", slice.records());
      return slice.last() ? body.putNull("next_page")
          : body.put("next_page", server.baseUrl() + "/items?per_page=3&page=" + (slice.page() + 1) + "&signed=x");
    });
    assertThat(readAll(Pager.pageNumber("page").nextPageAt("/next_page"), "/items")).isEqualTo(ALL);
    assertThat(server.request(1).getUrl().queryParameter("signed")).isEqualTo("x");
  }

  @Test
  void pageNumbersStopAtTotalPagesWithoutAnEmptyPage() {
    serve((request, slice) -> {
      ObjectNode body = Json.object().put("total_pages", 3);
      body.set("items", slice.records());
      return body;
    });
    assertThat(readAll(Pager.pageNumber("page").totalPagesAt("/total_pages"), "/items")).isEqualTo(ALL);
    assertThat(server.requestCount()).isEqualTo(3);
  }

  @Test
  void pageNumbersGoOnWhileHasMoreIsTrue() {
    serve((request, slice) -> {
      ObjectNode body = Json.object().put("has_more", !slice.last());
      body.set("data", slice.records());
      return body;
    });
    assertThat(readAll(Pager.pageNumber("page").whileTrue("/has_more"), "/data")).isEqualTo(ALL);
    assertThat(server.requestCount()).isEqualTo(3);
  }

  @Test
  void aNextUrlInTheBodyIsFollowedUntilNull() {
    serve((request, slice) -> {
      ObjectNode body = Json.object();
      body.set("items", slice.records());
      ObjectNode links = body.putObject("links");
      return slice.last() ? body : body.set("links",
          links.put("next", server.baseUrl() + "/items?per_page=3&page=" + (slice.page() + 1)));
    });
    assertThat(readAll(Pager.nextUrlAt("/links/next"), "/items")).isEqualTo(ALL);
    assertThat(server.requestCount()).isEqualTo(3);
  }

  @Test
  void aBodyTokenIsSentBackUntilHasMoreIsFalse() {
    serve((request, slice) -> {
      ObjectNode body = Json.object();
      body.set("items", slice.records());
      body.putObject("meta").put("has_more", !slice.last()).put("after", Integer.toString(slice.from() + PER_PAGE));
      return body;
    });
    assertThat(readAll(Pager.tokenAt("/meta/after", "offset").whileTrue("/meta/has_more"), "/items")).isEqualTo(ALL);
    assertThat(server.requestCount()).isEqualTo(3);
    assertThat(server.request(1).getUrl().queryParameter("offset")).isEqualTo("3");
  }

  @Test
  void aKeysetTokenIsSentBackWhilePresent() {
    server.answer(request -> {
      String token = request.getUrl().queryParameter("offset");
      int from = token == null ? 0 : Integer.parseInt(token.replaceAll("[^0-9]", ""));
      Slice slice = new Slice(from, PER_PAGE);
      ObjectNode body = Json.object();
      body.set("list", slice.records());
      return json((slice.last() ? body : body.put("next_offset", "[\"" + (from + PER_PAGE) + "\"]")).toString());
    });
    assertThat(readAll(Pager.tokenAt("/next_offset", "offset"), "/list")).isEqualTo(ALL);
    assertThat(server.request(1).getUrl().queryParameter("offset")).isEqualTo("[\"3\"]");
  }

  @Test
  void anOffsetMovesByTheRecordsReceivedUntilAShortPage() {
    serve((request, slice) -> Json.object().set("items", slice.records()));
    assertThat(readAll(Pager.offsetLimit("offset"), "/items")).isEqualTo(ALL);
    assertThat(server.requestCount()).isEqualTo(3);
    assertThat(server.request(2).getUrl().queryParameter("offset")).isEqualTo("6");
  }

  @Test
  void aProviderThatRepeatsItsTokenFailsInsteadOfPagingForever() {
    server.answer(request -> json("{\"items\":[{\"id\":1}],\"next_offset\":\"same\"}"));
    assertThatThrownBy(() -> readAll(Pager.tokenAt("/next_offset", "offset"), "/items"))
        .isInstanceOf(ExternalException.class)
        .hasMessageContaining("Cannot page through table 'items'")
        .hasMessageContaining("returned the page token it was given");
  }

  @Test
  void recordsMissingAtTheDeclaredPointerNameThePointer() {
    serve((request, slice) -> Json.object().set("entries", slice.records()));
    assertThatThrownBy(() -> readAll(Pager.pageNumber("page").untilShortPage(), "/items"))
        .isInstanceOf(ExternalException.class)
        .hasMessageContaining("no array at '/items'")
        .hasMessageContaining("entries");
  }
}
