package io.tributary.http;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A successful (2xx) response whose body is text, such as a CSV export page.
 *
 * @param status the HTTP status
 * @param headers response headers; names are matched case-insensitively
 * @param url the URL requested, query included. It may hold tokens: never print it; {@link
 *     #toString()} shows only the path.
 * @param body the body as UTF-8 text; empty when the provider sent none
 */
public record TextResponse(int status, Map<String, List<String>> headers, String url, String body) {
  public TextResponse {
    TreeMap<String, List<String>> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    headers.forEach((k, v) -> copy.put(k, List.copyOf(v)));
    headers = java.util.Collections.unmodifiableMap(copy);
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(body, "body");
  }

  /** The first value of header {@code name}, case-insensitively. */
  public Optional<String> header(String name) {
    List<String> values = headers.get(name);
    return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
  }

  /** The path of {@link #url()}, without the query string. */
  public String path() {
    return Urls.pathOf(url);
  }

  @Override
  public String toString() {
    return "TextResponse[" + status + " " + path() + ", " + body.length() + " chars]";
  }
}
