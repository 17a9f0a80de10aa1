package io.tributary.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ArrayNode;
import io.tributary.api.ExternalException;
import io.tributary.api.Json;
import io.tributary.api.Offset;
import io.tributary.api.ReadResult;
import io.tributary.http.rest.Pager;
import io.tributary.http.rest.Pager.PageRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.IntConsumer;
import mockwebserver3.MockResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A page-numbered list in no documented order loses records while it is read (deleted, spam
 * cleaned up): every record that stays in it from the first request to the last is read all the
 * same, and a list that does not change costs few requests more than its pages.
 */
class OverlappingPagesTest {
  private static final int PER_PAGE = 10;
  private final ScriptedServer server = new ScriptedServer();
  /** The list as the provider holds it now, in its own order. */
  private final List<Integer> list = new CopyOnWriteArrayList<>();
  /** Called with the number of requests served so far, after each one. */
  private IntConsumer afterRequest = served -> { };

  @AfterEach
  void close() {
    server.close();
  }

  /** Serves {@code list} by page and per_page, with a Link header while records follow. */
  private void serve() {
    int[] served = {0};
    server.answer(request -> {
      String pageParam = request.getUrl().queryParameter("page");
      int perPage = Integer.parseInt(request.getUrl().queryParameter("per_page"));
      int page = pageParam == null ? 1 : Integer.parseInt(pageParam);
      int from = (page - 1) * perPage;
      List<Integer> now = List.copyOf(list);
      ArrayNode records = Json.MAPPER.createArrayNode();
      for (int i = from; i < Math.min(now.size(), from + perPage); i++) {
        records.add(Json.object().put("id", now.get(i)).put("name", "record " + now.get(i)));
      }
      MockResponse.Builder response = new MockResponse.Builder().code(200)
          .addHeader("Content-Type", "application/json").body(records.toString());
      if (from + perPage < now.size()) {
        response.addHeader("Link", "<" + server.baseUrl() + "/items?per_page=" + perPage + "&page=" + (page + 1)
            + ">; rel=\"next\"");
      }
      afterRequest.accept(++served[0]);
      return response.build();
    });
  }

  private Set<Integer> readAll() {
    return readAll(PER_PAGE);
  }

  private Set<Integer> readAll(int perPage) {
    Set<Integer> ids = new TreeSet<>();
    read(perPage).forEach(id -> ids.add(id));
    return ids;
  }

  /** The ids the read hands on, in its order, repeats included. */
  private List<Integer> read(int perPage) {
    PageRequest request = request(perPage);
    Pager pager = Pager.overlappingPages("page", "per_page", "/id");
    ReadResult result = new SnapshotListing("items", 10_000).read(Offset.START, next -> pager.fetch(request, next));
    return result.records().stream().map(r -> r.path("id").asInt()).toList();
  }

  private PageRequest request(int perPage) {
    RestClient client = RestClient.create(HttpSettings.builder("demo", server.baseUrl()).requestsPerMinute(100_000).build());
    return new PageRequest(client, "/items", Map.of("per_page", Integer.toString(perPage)), "", perPage);
  }

  private void fill(int records) {
    for (int id = 1; id <= records; id++) {
      list.add(id);
    }
  }

  @Test
  void aRecordLeavingAheadOfThePageAfterEveryRequestSkipsNoOther() {
    fill(60);
    List<Integer> removed = new ArrayList<>();
    // After each request, the list's first record leaves it: a page read by number would then
    // start one record late, and the record that slid onto the page before would be read by none.
    afterRequest = served -> {
      if (served < 6) {
        removed.add(list.remove(0));
      }
    };
    serve();

    Set<Integer> read = readAll();

    assertThat(removed).hasSize(5);
    assertThat(read).containsAll(list);
    // One record gone between two requests is within the overlap: the list is never read again.
    for (int i = 1; i < server.requestCount(); i++) {
      assertThat(server.request(i).getUrl().queryParameter("page")).isNotNull();
    }
  }

  @Test
  void moreRecordsLeavingThanThePagesOverlapReadTheListAgainFromItsStart() {
    fill(40);
    // Between the second and the third request, eight records ahead of the page leave at once:
    // more than any overlap of a page of ten.
    afterRequest = served -> {
      if (served == 2) {
        for (int i = 0; i < 8; i++) {
          list.remove(0);
        }
      }
    };
    serve();

    Set<Integer> read = readAll();

    assertThat(read).containsAll(list);
    List<String> pages = new ArrayList<>();
    for (int i = 0; i < server.requestCount(); i++) {
      pages.add(server.request(i).getUrl().queryParameter("page"));
    }
    assertThat(pages).as("the third request finds the list shifted and the fourth starts over").element(3).isNull();
  }

  @Test
  void aListThatKeepsLosingRecordsFailsInsteadOfSkippingOne() {
    fill(200);
    afterRequest = served -> {
      for (int i = 0; i < 12 && !list.isEmpty(); i++) {
        list.remove(0);
      }
    };
    serve();

    assertThatThrownBy(this::readAll)
        .isInstanceOf(ExternalException.class)
        .hasMessageContaining("Cannot page through /items")
        .hasMessageContaining("records left the list ahead of the page being read")
        .hasMessageContaining("Run it again");
  }

  @Test
  void anUnchangedListCostsFewRequestsMoreThanItsPages() {
    fill(4_000);
    serve();

    List<Integer> read = read(100);

    // The records a page repeats of the one before are not handed on again.
    assertThat(read).hasSize(4_000).doesNotHaveDuplicates();
    // 40 pages of 100 without the overlap; each page after the first repeats at least two records.
    assertThat(server.requestCount()).isBetween(41, 48);
  }

  @Test
  void aRecordJoiningTheListAheadOfThePageIsReadAgainNotLost() {
    fill(30);
    afterRequest = served -> {
      if (served == 1) {
        list.add(0, 1_000);
      }
    };
    serve();

    List<Integer> read = read(PER_PAGE);

    // Every record after it moved down a place: the first page's last one is read again, nothing
    // is skipped, and no restart is needed.
    assertThat(new TreeSet<>(read)).containsAll(list.subList(1, list.size()));
    assertThat(server.requestCount()).isLessThanOrEqualTo(5);
  }

  @Test
  void aSortedListFollowsTheProvidersNextLinks() {
    fill(25);
    serve();
    PageRequest request = request(PER_PAGE);
    Pager sorted = Pager.overlappingPages("page", "per_page", "/id").forSortedList();

    ReadResult result = new SnapshotListing("items", 100).read(Offset.START, next -> sorted.fetch(request, next));

    assertThat(result.records()).hasSize(25);
    assertThat(server.requestCount()).isEqualTo(3);
  }

  @Test
  void aListOfOnePageCostsOneRequest() {
    fill(7);
    serve();

    assertThat(readAll()).hasSize(7);
    assertThat(server.requestCount()).isEqualTo(1);
  }

  @Test
  void aPageLinkSavedByTheLinkHeaderPagerIsFollowedAsGiven() {
    fill(25);
    serve();
    PageRequest request = request(PER_PAGE);
    Pager pager = Pager.overlappingPages("page", "per_page", "/id");

    Page page = pager.fetch(request, java.util.Optional.of(server.baseUrl() + "/items?per_page=10&page=2"));

    assertThat(page.records()).extracting(r -> r.path("id").asInt()).containsExactly(11, 12, 13, 14, 15, 16, 17, 18, 19, 20);
    assertThat(page.next()).hasValueSatisfying(link -> assertThat(link).endsWith("page=3"));
  }
}
