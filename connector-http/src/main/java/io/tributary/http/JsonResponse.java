package io.tributary.http;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A successful (2xx) response with a JSON body.
 *
 * @param status the HTTP status
 * @param headers response headers; names are matched case-insensitively
 * @param url the URL requested, query included. It may hold tokens: never print it; {@link
 *     #toString()} shows only the path.
 * @param body the parsed body; {@code NullNode} for an empty 204
 */
public record JsonResponse(int status, Map<String, List<String>> headers, String url, JsonNode body) {
  public JsonResponse {
    headers = Headers.copyOf(headers);
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(body, "body");
  }

  /** The first value of header {@code name}, case-insensitively. */
  public Optional<String> header(String name) {
    return Headers.first(headers, name);
  }

  /** The path of {@link #url()}, without the query string. */
  public String path() {
    return Urls.pathOf(url);
  }

  @Override
  public String toString() {
    return "JsonResponse[" + status + " " + path() + "]";
  }
}
