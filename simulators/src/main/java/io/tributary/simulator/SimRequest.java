package io.tributary.simulator;

import java.util.Map;
import java.util.Optional;

/**
 * A request as a {@link Handler} sees it.
 *
 * @param pathVars the values of the endpoint template's {@code {name}} segments
 * @param query decoded query parameters (first value of each)
 * @param headers lower-cased header names (first value of each), Authorization included
 * @param baseUrl the simulator's base URL, for building next-page links
 */
public record SimRequest(
    String method, String path, Map<String, String> pathVars, Map<String, String> query,
    Map<String, String> headers, String body, String baseUrl) {

  public SimRequest {
    pathVars = Map.copyOf(pathVars);
    query = Map.copyOf(query);
    headers = Map.copyOf(headers);
  }

  public Optional<String> param(String name) {
    return Optional.ofNullable(query.get(name));
  }

  public Optional<String> header(String name) {
    return Optional.ofNullable(headers.get(name.toLowerCase(java.util.Locale.ROOT)));
  }
}
