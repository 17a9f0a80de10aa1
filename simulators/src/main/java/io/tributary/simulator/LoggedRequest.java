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
 */
public record LoggedRequest(
    String method, String path, Map<String, String> query, Map<String, String> headers, int status, Instant at) {

  public LoggedRequest {
    query = Map.copyOf(query);
    headers = Map.copyOf(headers);
  }

  public Optional<String> param(String name) {
    return Optional.ofNullable(query.get(name));
  }
}
