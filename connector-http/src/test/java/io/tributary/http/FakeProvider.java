package io.tributary.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.api.Json;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * A hand-written provider for listing tests: records filtered with {@code updated_at >= since},
 * sorted by cursor then id, served in pages numbered from 1, and optionally refusing pages past a
 * cap, as Freshdesk does after 300.
 */
final class FakeProvider implements PageFetcher {
  private final List<ObjectNode> records = new ArrayList<>();
  private final int pageSize;
  private final int pageCap;
  final List<Instant> sinces = new ArrayList<>();
  int fetches;
  private boolean exclusiveSince;
  private boolean linkAtCap = true;
  private boolean sorted;
  private boolean newestFirst;
  private java.util.function.IntConsumer afterFetch = n -> {};
  private java.util.function.IntConsumer whileServing = n -> {};

  FakeProvider(int pageSize, int pageCap) {
    this.pageSize = pageSize;
    this.pageCap = pageCap;
  }

  FakeProvider put(long id, String updatedAt) {
    records.removeIf(r -> r.path("id").asLong() == id);
    records.add(Json.object().put("id", id).put("updated_at", updatedAt));
    return this;
  }

  /** Filters with {@code >} instead of {@code >=}, as a provider's since parameter may. */
  FakeProvider exclusiveSince() {
    exclusiveSince = true;
    return this;
  }

  /** Sends no next link on the last page it serves, even when more records follow (Freshdesk's page 300). */
  FakeProvider noLinkAtCap() {
    linkAtCap = false;
    return this;
  }

  /** Declares the list sorted ascending by its cursor, as Freshdesk's {@code order_by=updated_at}. */
  FakeProvider sorted() {
    sorted = true;
    return this;
  }

  /** Serves newest id first, whatever it declares: a provider that ignores its sort parameters. */
  FakeProvider newestFirst() {
    newestFirst = true;
    return this;
  }

  /** Runs {@code action} with the fetch count after each page is served: the source changes between pages. */
  FakeProvider afterFetch(java.util.function.IntConsumer action) {
    afterFetch = action;
    return this;
  }

  /**
   * Runs {@code action} with the fetch number after a page's order is settled and before its
   * records are copied: a record changed by it shows its new content at its old place, as when a
   * provider loads the rows of a page after sorting their ids.
   */
  FakeProvider whileServing(java.util.function.IntConsumer action) {
    whileServing = action;
    return this;
  }

  /** Sets the cursor of the record {@code id} in place, so a page already sorted still holds it. */
  void touch(long id, String updatedAt) {
    records.stream().filter(r -> r.path("id").asLong() == id).forEach(r -> r.put("updated_at", updatedAt));
  }

  @Override
  public boolean sortedByCursor() {
    return sorted;
  }

  @Override
  public Page fetch(Instant since, Optional<String> next) {
    Page page = serve(since, next);
    afterFetch.accept(fetches);
    return page;
  }

  private Page serve(Instant since, Optional<String> next) {
    fetches++;
    int page = Paging.pageNumber(next);
    if (next.isEmpty()) {
      sinces.add(since);
    }
    if (pageCap > 0 && page > pageCap) {
      throw new AssertionError("the listing asked for page " + page + " past the cap of " + pageCap);
    }
    List<ObjectNode> matching = records.stream()
        .filter(r -> exclusiveSince
            ? Instant.parse(r.path("updated_at").asText()).isAfter(since)
            : !Instant.parse(r.path("updated_at").asText()).isBefore(since))
        .sorted(newestFirst
            ? Comparator.comparing((ObjectNode r) -> -r.path("id").asLong())
            : Comparator.comparing((ObjectNode r) -> Instant.parse(r.path("updated_at").asText()))
                .thenComparing(r -> r.path("id").asLong()))
        .toList();
    whileServing.accept(fetches);
    int from = Math.min(matching.size(), (page - 1) * pageSize);
    int to = Math.min(matching.size(), from + pageSize);
    List<ObjectNode> slice = matching.subList(from, to).stream().map(ObjectNode::deepCopy).toList();
    boolean more = to < matching.size() && (linkAtCap || page != pageCap);
    return new Page(slice, more ? Optional.of(String.valueOf(page + 1)) : Optional.empty());
  }
}
