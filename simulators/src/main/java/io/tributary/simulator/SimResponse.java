package io.tributary.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;

/** What a {@link Handler} answers. Immutable; {@link #header} returns a copy. */
public record SimResponse(int status, String contentType, String body, Map<String, String> headers) {
  public SimResponse {
    body = body == null ? "" : body;
    headers = Map.copyOf(headers);
  }

  public static SimResponse json(int status, JsonNode body) {
    return new SimResponse(status, "application/json; charset=utf-8", body.toString(), Map.of());
  }

  /** A JSON body given as text, such as a vendor error fixture. */
  public static SimResponse json(int status, String body) {
    return new SimResponse(status, "application/json; charset=utf-8", body, Map.of());
  }

  public static SimResponse text(int status, String contentType, String body) {
    return new SimResponse(status, contentType, body, Map.of());
  }

  public SimResponse header(String name, String value) {
    Map<String, String> next = new LinkedHashMap<>(headers);
    next.put(name, value);
    return new SimResponse(status, contentType, body, next);
  }
}
