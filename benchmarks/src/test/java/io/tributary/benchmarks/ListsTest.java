package io.tributary.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.simulator.LoggedRequest;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ListsTest {
  private static final SourceRig.PageRule HUNDRED = new SourceRig.PageRule() {
    @Override
    public Map<String, String> tableOptions(String table) {
      return Map.of("per_page", "100");
    }

    @Override
    public int maxPage(String path) {
      return 100;
    }
  };

  private static LoggedRequest get(String path, Map<String, String> query, int served) {
    return new LoggedRequest("GET", path, query, Map.of(), 200, Instant.EPOCH, served);
  }

  @Test
  void minimumIsPagesOfTheLargestSizePerListWithFiltersAsSeparateLists() {
    List<Lists.ListCost> lists = Lists.of(List.of(
        get("/api/v2/tickets", Map.of("per_page", "30", "page", "1"), 30),
        get("/api/v2/tickets", Map.of("per_page", "30", "page", "2"), 30),
        get("/api/v2/tickets", Map.of("per_page", "30", "page", "3"), 30),
        get("/api/v2/tickets", Map.of("per_page", "30", "page", "4"), 30),
        get("/api/v2/tickets", Map.of("per_page", "30", "page", "5"), 5),
        get("/api/v2/tickets", Map.of("filter", "spam", "page", "1"), 0)), HUNDRED);

    assertThat(lists).extracting(Lists.ListCost::key)
        .containsExactly("/api/v2/tickets", "/api/v2/tickets?{filter=spam}");
    assertThat(lists.get(0).records()).isEqualTo(125);
    assertThat(lists.get(0).minimum()).isEqualTo(2);
    assertThat(lists.get(0).requests()).isEqualTo(5);
    assertThat(lists.get(1).minimum()).as("an empty list still costs one request").isEqualTo(1);
  }

  @Test
  void pageReadTwiceCountsItsRecordsOnceButItsRequestsTwice() {
    List<Lists.ListCost> lists = Lists.of(List.of(
        get("/api/v2/problems", Map.of("page", "1"), 100),
        get("/api/v2/problems", Map.of("page", "2"), 100),
        get("/api/v2/problems", Map.of("page", "1"), 100),
        get("/api/v2/problems", Map.of("page", "2"), 100)), HUNDRED);

    assertThat(lists).singleElement().satisfies(l -> {
      assertThat(l.records()).isEqualTo(200);
      assertThat(l.minimum()).isEqualTo(2);
      assertThat(l.requests()).isEqualTo(4);
    });
  }

  @Test
  void salesforceQueryContinuationsBelongToTheirQueryAndTokenDescribeAndCountAreNoList() {
    List<Lists.ListCost> lists = Lists.of(List.of(
        new LoggedRequest("POST", "/services/oauth2/token", Map.of(), Map.of(), 200, Instant.EPOCH, 0),
        get("/services/data/v62.0/sobjects/Account/describe", Map.of(), 40),
        get("/services/data/v62.0/query", Map.of("q", "SELECT COUNT() FROM Account"), 0),
        get("/services/data/v62.0/queryAll", Map.of("q", "SELECT Id FROM Account WHERE SystemModstamp >= "
            + "2024-01-01T00:00:00Z"), 2000),
        get("/services/data/v62.0/queryAll/01gABC-2000", Map.of(), 500)), new SourceRig.PageRule() {
          @Override
          public Map<String, String> tableOptions(String table) {
            return Map.of();
          }

          @Override
          public int maxPage(String path) {
            return 2000;
          }
        });

    assertThat(lists).singleElement().satisfies(l -> {
      assertThat(l.key()).isEqualTo("/services/data/v62.0/queryAll?{q=SELECT Id FROM Account WHERE SystemModstamp >= T}");
      assertThat(l.records()).isEqualTo(2500);
      assertThat(l.minimum()).isEqualTo(2);
      assertThat(l.requests()).as("the query's two pages only").isEqualTo(2);
    });
  }

  @Test
  void childListsOfAllParentsShareOneShape() {
    assertThat(Lists.shape("/api/v2/tickets/123/conversations")).isEqualTo("/api/v2/tickets/{id}/conversations");
  }
}
