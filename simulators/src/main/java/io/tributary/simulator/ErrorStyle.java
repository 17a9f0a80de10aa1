package io.tributary.simulator;

import io.tributary.api.Json;

/**
 * The vendor's error body for a status the simulator answers itself (400 on a bad parameter or
 * past a cap, 401, 404, 429, scripted 5xx).
 */
@FunctionalInterface
public interface ErrorStyle {
  /**
   * @param status the HTTP status
   * @param code a short machine code such as {@code invalid_value} or {@code invalid_credentials}
   * @param message a human message naming the offending parameter
   * @return the JSON body
   */
  String body(int status, String code, String message);

  /** {@code {"code":"...","message":"..."}}, Freshdesk's shape for most errors. */
  static ErrorStyle standard() {
    return (status, code, message) -> Json.object().put("code", code).put("message", message).toString();
  }
}
