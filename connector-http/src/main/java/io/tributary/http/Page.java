package io.tributary.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One page of a listing.
 *
 * @param records the page's records, possibly empty even when {@code next} is present
 * @param next what fetches the following page: a URL, a provider cursor or a page number, as the
 *     {@link PageFetcher} understands it; empty on the last page
 */
public record Page(List<ObjectNode> records, Optional<String> next) {
  public Page {
    records = List.copyOf(records);
    Objects.requireNonNull(next, "next");
  }

  /** The last page of a listing. */
  public static Page last(List<ObjectNode> records) {
    return new Page(records, Optional.empty());
  }

  public static Page of(List<ObjectNode> records, Optional<String> next) {
    return new Page(records, next);
  }
}
