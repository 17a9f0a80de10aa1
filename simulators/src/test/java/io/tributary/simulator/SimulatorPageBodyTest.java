package io.tributary.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Page-number listings that announce the next page in the body rather than a Link header. */
class SimulatorPageBodyTest {
  private static Simulator listing(int tickets, Paging paging) {
    Dataset data = Fixtures.tickets(tickets);
    return Simulator.builder(data)
        .endpoint(Endpoint.list("/tickets", data.table("tickets")).envelope(Envelope.key("tickets")).paging(paging))
        .start();
  }

  @Test
  void nextPageNumberLeadsThroughEveryPageAndIsNullOnTheLast() {
    try (Simulator sim = listing(7, Paging.pageNumber("page", "per_page").nextPage("next_page")
        .totalPages("total_pages").pageField(Paging.PageField.TOTAL_ENTRIES, "total_entries"))) {
      List<Long> ids = new ArrayList<>();
      List<String> nextPages = new ArrayList<>();
      String page = "1";
      while (page != null) {
        JsonNode body = Http.json(Http.get(sim.baseUrl() + "/tickets?per_page=3&page=" + page));
        ids.addAll(Fixtures.ids(body.get("tickets")));
        assertThat(body.get("total_pages").asInt()).isEqualTo(3);
        assertThat(body.get("total_entries").asInt()).isEqualTo(7);
        page = body.get("next_page").isNull() ? null : body.get("next_page").asText();
        nextPages.add(String.valueOf(page));
      }

      assertThat(ids).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L);
      assertThat(nextPages).containsExactly("2", "3", "null");
    }
  }

  @Test
  void nextUrlAndHasMoreWorkForPageNumbersKeepingTheOtherParameters() {
    try (Simulator sim = listing(5, Paging.pageNumber("page", "per_page").nextUrl("links.next")
        .hasMore("has_more"))) {
      JsonNode first = Http.json(Http.get(sim.baseUrl() + "/tickets?status=open&per_page=2"));
      JsonNode second = Http.json(Http.get(first.at("/links/next").asText()));
      JsonNode last = Http.json(Http.get(second.at("/links/next").asText()));

      assertPageUrl(first.at("/links/next").asText(), sim.baseUrl() + "/tickets", "status=open", "per_page=2", "page=2");
      assertThat(first.get("has_more").asBoolean()).isTrue();
      assertThat(Fixtures.ids(second.get("tickets"))).containsExactly(3L, 4L);
      assertThat(Fixtures.ids(last.get("tickets"))).containsExactly(5L);
      assertThat(last.at("/links/next").isNull()).isTrue();
      assertThat(last.get("has_more").asBoolean()).isFalse();
    }
  }

  @Test
  void firstPreviousAndLastLinksAndNumbersFrameEachPage() {
    Paging paging = Paging.pageNumber("page", "per_page").pageField(Paging.PageField.PAGE, "page")
        .pageField(Paging.PageField.PER_PAGE, "per_page").pageField(Paging.PageField.PREVIOUS_PAGE, "previous_page")
        .pageField(Paging.PageField.FIRST_PAGE_URL, "links.first")
        .pageField(Paging.PageField.PREVIOUS_PAGE_URL, "links.previous")
        .pageField(Paging.PageField.LAST_PAGE_URL, "links.last");
    try (Simulator sim = listing(5, paging)) {
      JsonNode first = Http.json(Http.get(sim.baseUrl() + "/tickets?per_page=2"));
      JsonNode second = Http.json(Http.get(sim.baseUrl() + "/tickets?per_page=2&page=2"));

      assertThat(first.get("page").asInt()).isEqualTo(1);
      assertThat(first.get("per_page").asInt()).isEqualTo(2);
      assertThat(first.get("previous_page").isNull()).isTrue();
      assertThat(first.at("/links/previous").isNull()).isTrue();
      assertPageUrl(first.at("/links/first").asText(), sim.baseUrl() + "/tickets", "per_page=2", "page=1");
      assertPageUrl(first.at("/links/last").asText(), sim.baseUrl() + "/tickets", "per_page=2", "page=3");
      assertThat(second.get("previous_page").asInt()).isEqualTo(1);
      assertPageUrl(second.at("/links/previous").asText(), sim.baseUrl() + "/tickets", "per_page=2", "page=1");
    }
  }

  @Test
  void anEmptyListingHasOnePageAndNoNext() {
    try (Simulator sim = listing(0, Paging.pageNumber("page", "per_page").nextPage("next_page").totalPages("total_pages"))) {
      JsonNode body = Http.json(Http.get(sim.baseUrl() + "/tickets"));

      assertThat(body.get("tickets")).isEmpty();
      assertThat(body.get("total_pages").asInt()).isEqualTo(1);
      assertThat(body.get("next_page").isNull()).isTrue();
    }
  }

  /** Query parameters may come in any order. */
  static void assertPageUrl(String url, String pathUrl, String... parameters) {
    assertThat(url).startsWith(pathUrl + "?");
    assertThat(url.substring(url.indexOf('?') + 1).split("&")).containsExactlyInAnyOrder(parameters);
  }

  @Test
  void pageFieldsBelongToPageNumberPagingOnly() {
    assertThatThrownBy(() -> Paging.cursor("cursor", null).nextPage("next_page"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("Cannot add page field NEXT_PAGE: only page-number paging has pages");
  }
}
