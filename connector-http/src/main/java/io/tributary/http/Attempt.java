package io.tributary.http;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The outcome of one attempt: a response (parsed or not) or an I/O failure, with the delay a retry
 * would wait, decided once so that the retry policy's abort check and delay agree.
 *
 * @param number 1 for the first attempt
 * @param status the HTTP status, 0 when no response arrived
 * @param body the parsed JSON body of a 2xx response, else null
 * @param providerMessage the summarized error body (structure and the provider's error fields
 *     only, see {@link ErrorBodies}), or the shape of an unparseable 2xx body
 * @param failure the I/O failure when no response arrived
 * @param retryable whether another attempt may succeed
 * @param delay how long to wait before the next attempt
 * @param retryAfter whether {@code delay} is what the provider asked for
 * @param took how long the attempt itself lasted
 * @param notJson whether a 2xx response came with a body that is not JSON
 */
record Attempt(
    int number,
    int status,
    Map<String, List<String>> headers,
    String url,
    JsonNode body,
    String providerMessage,
    IOException failure,
    boolean retryable,
    Duration delay,
    boolean retryAfter,
    Duration took,
    boolean notJson) {

  boolean succeeded() {
    return body != null;
  }

  JsonResponse response() {
    return new JsonResponse(status, headers, url, body);
  }

  /** Whether no response arrived in time: a read, connect or call timeout. */
  boolean timedOut() {
    return failure instanceof java.io.InterruptedIOException;
  }

  /**
   * What went wrong, for messages: "response 503: Service down", "response 200 (text/html) that
   * is not JSON: HTML page titled 'Maintenance'", "timeout after 60 s (SocketTimeoutException)" or
   * "error Connection reset (SocketException)".
   */
  String describe() {
    if (failure != null) {
      if (timedOut()) {
        return "timeout after " + Durations.text(took) + " (" + failure.getClass().getSimpleName() + ")";
      }
      String what = failure.getMessage() == null ? "" : failure.getMessage() + " ";
      return "error " + what + "(" + failure.getClass().getSimpleName() + ")";
    }
    if (notJson) {
      String type = contentType();
      return "response " + status + (type == null ? " without a content type" : " (" + type + ")")
          + " that is not JSON: " + providerMessage;
    }
    return "response " + status + (providerMessage != null ? ": " + providerMessage : "");
  }

  /** The Content-Type header without its parameters, or null. */
  String contentType() {
    String value = LimiterCore.first(headers, "Content-Type");
    if (value == null || value.isBlank()) {
      return null;
    }
    int semicolon = value.indexOf(';');
    return (semicolon < 0 ? value : value.substring(0, semicolon)).strip();
  }
}
