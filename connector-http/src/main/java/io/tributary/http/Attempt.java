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
 * @param providerMessage the summarized error body, or a note on an unparseable 2xx body
 * @param failure the I/O failure when no response arrived
 * @param retryable whether another attempt may succeed
 * @param delay how long to wait before the next attempt
 * @param retryAfter whether {@code delay} is what the provider asked for
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
    boolean retryAfter) {

  boolean succeeded() {
    return body != null;
  }

  JsonResponse response() {
    return new JsonResponse(status, headers, url, body);
  }

  /** What went wrong, for messages: "503: Service down" or "connection reset (SocketException)". */
  String describe() {
    if (failure != null) {
      String what = failure.getMessage() == null ? "" : failure.getMessage() + " ";
      return "error " + what + "(" + failure.getClass().getSimpleName() + ")";
    }
    return "response " + status + (providerMessage != null ? ": " + providerMessage : "");
  }
}
