package io.tributary.simulator;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * One request a simulator received, for assertions.
 *
 * @param query the decoded query parameters (first value of each)
 * @param headers request headers, lower-cased names, without {@code Authorization} and cookies
 * @param status the status answered; 0 when the connection was reset
 * @param at real (wall-clock) time of arrival, so request rates can be measured
 * @param served the records the answer listed: the length of a JSON array body, or of the one
 *     array of an object body (an envelope such as {@code {"tickets": [...], "next": ...}});
 *     {@link #UNKNOWN} for an error, a single item, or a body with no or several arrays
 */
public record LoggedRequest(String method, String path, Map<String, String> query, Map<String, String> headers,
    int status, Instant at, int served) {
  /** {@link #served} of an answer that listed no records the log could count. */
  public static final int UNKNOWN = -1;

  public LoggedRequest {
    query = Map.copyOf(query);
    headers = Map.copyOf(headers);
  }

  public LoggedRequest(
      String method, String path, Map<String, String> query, Map<String, String> headers, int status, Instant at) {
    this(method, path, query, headers, status, at, UNKNOWN);
  }

  public Optional<String> param(String name) {
    return Optional.ofNullable(query.get(name));
  }
}
