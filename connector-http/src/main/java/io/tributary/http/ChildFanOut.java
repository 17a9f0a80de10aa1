package io.tributary.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.api.ExternalException;
import io.tributary.api.ReadMetrics;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * Reads a child list per parent record, such as a ticket's conversations. Every request goes
 * through the caller's {@link RestClient}, so the fan-out counts against the connection's one rate
 * budget. A parent deleted between its listing and its children's call answers 404: that parent is
 * skipped and counted in {@link #metrics()} as {@code <table>_skipped_not_found}, not fatal.
 *
 * <pre>
 * ChildFanOut conversations = new ChildFanOut("conversations");
 * Optional&lt;List&lt;ObjectNode&gt;&gt; children = conversations.readAll(next -&gt; {
 *   JsonResponse r = next.isPresent() ? client.get(next.get()) : client.get("/api/v2/tickets/" + id + "/conversations", query);
 *   return new Page(Paging.records(r, ""), Paging.linkNext(r));
 * });
 * </pre>
 */
public final class ChildFanOut {
  private final String table;
  private final String metric;
  private final Set<Integer> skippedStatuses;
  private final AtomicLong skipped = new AtomicLong();

  public ChildFanOut(String table) {
    this(table, Set.of(404));
  }

  /**
   * A fan-out that skips a parent whose child list answers one of {@code skippedStatuses}, such as
   * 400 from a provider that refuses the list for a parent of the wrong kind, besides 404.
   */
  public ChildFanOut(String table, Set<Integer> skippedStatuses) {
    this.table = Objects.requireNonNull(table, "table");
    this.metric = table + "_skipped_not_found";
    this.skippedStatuses = Set.copyOf(skippedStatuses);
  }

  /**
   * Every page of one parent's child list, following {@link Page#next()}.
   *
   * @param pages fetches the page for a token; empty means the first page
   * @return the children, or empty when the parent is gone (404)
   */
  public Optional<List<ObjectNode>> readAll(Function<Optional<String>, Page> pages) {
    return TableContext.reading(table, () -> readAllInContext(pages));
  }

  private Optional<List<ObjectNode>> readAllInContext(Function<Optional<String>, Page> pages) {
    List<ObjectNode> children = new ArrayList<>();
    Optional<String> next = Optional.empty();
    do {
      Page page;
      try {
        page = pages.apply(next);
      } catch (ExternalException e) {
        if (!skippedStatuses.contains(e.status())) {
          throw e;
        }
        skipped.incrementAndGet();
        return Optional.empty();
      }
      children.addAll(page.records());
      Listings.requireProgress(table, next, page.next());
      next = page.next();
    } while (next.isPresent());
    return Optional.of(children);
  }

  /** Parents skipped because they were gone. */
  public long skippedNotFound() {
    return skipped.get();
  }

  /** {@code <table>_skipped_not_found} in {@link ReadMetrics#other()}; add it to the client's. */
  public ReadMetrics metrics() {
    return new ReadMetrics(0, 0, 0, 0, Map.of(metric, skipped.get()));
  }

  @Override
  public String toString() {
    return "ChildFanOut[" + table + ", " + skipped.get() + " parents gone]";
  }
}
