package io.tributary.simulator;

import java.time.Duration;
import java.util.Objects;

/**
 * A scripted failure, queued with {@link Faults#next}. Faults act before auth and rate limiting,
 * as a failing load balancer would.
 */
public record Fault(Kind kind, int status, int retryAfterSeconds, Duration delay) {
  public enum Kind { STATUS, RESET, SLOW, MALFORMED_JSON, HTML_PAGE, EMPTY_BODY, WITHOUT_ENVELOPE }

  /**
   * A record's values that the bodies of {@link #malformedJson()} and {@link #htmlErrorPage} hold,
   * so that a test can check no error message, log line or provider message repeats them.
   */
  public static final String RECORD_EMAIL = "aoife.brennan@example.com";

  /** The record's name; see {@link #RECORD_EMAIL}. */
  public static final String RECORD_NAME = "Aoife Brennan";

  public Fault {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(delay, "delay");
  }

  /** Answers {@code status} (500, 503...) with the simulator's vendor error body. */
  public static Fault status(int status) {
    return new Fault(Kind.STATUS, status, -1, Duration.ZERO);
  }

  /** 429 with {@code Retry-After: seconds}. */
  public static Fault tooManyRequests(int retryAfterSeconds) {
    return new Fault(Kind.STATUS, 429, retryAfterSeconds, Duration.ZERO);
  }

  /** Cuts the connection in the middle of the response body; the client sees an I/O error. */
  public static Fault connectionReset() {
    return new Fault(Kind.RESET, 0, -1, Duration.ZERO);
  }

  /** Waits {@code delay}, then answers normally: trips the client's read timeout when longer. */
  public static Fault slow(Duration delay) {
    return new Fault(Kind.SLOW, 0, -1, delay);
  }

  /**
   * 200 with a JSON body cut in the middle of a record, as a dropped connection behind a proxy
   * leaves it; the record holds {@link #RECORD_NAME} and {@link #RECORD_EMAIL}.
   */
  public static Fault malformedJson() {
    return new Fault(Kind.MALFORMED_JSON, 200, -1, Duration.ZERO);
  }

  /** {@code status} with an HTML error page, as a proxy in front of the API sends. */
  public static Fault htmlErrorPage(int status) {
    return new Fault(Kind.HTML_PAGE, status, -1, Duration.ZERO);
  }

  /** {@code status} (200 included) with an empty body. */
  public static Fault emptyBody(int status) {
    return new Fault(Kind.EMPTY_BODY, status, -1, Duration.ZERO);
  }

  /**
   * 200 with valid JSON that is not the endpoint's envelope: an object without the list's key (or
   * an object where a bare array belongs), as an API version change or a misrouted proxy answers.
   */
  public static Fault withoutEnvelope() {
    return new Fault(Kind.WITHOUT_ENVELOPE, 200, -1, Duration.ZERO);
  }
}
