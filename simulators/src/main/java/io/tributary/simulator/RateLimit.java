package io.tributary.simulator;

import java.time.Duration;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * A token bucket of {@code requests} per {@code window}, refilled continuously, as Freshdesk and
 * Zendesk meter their APIs per minute and Harvest per 15 seconds. Every answered request carries
 * the limit headers; a request finding the bucket empty answers 429 with {@code Retry-After} in
 * whole seconds.
 *
 * <p>It runs on real time (or the given ticker), not on the {@link SimClock}: the client's rate
 * limiter under test measures real time too.
 */
public final class RateLimit {
  final int requests;
  final Duration window;
  final String totalHeader;
  final String remainingHeader;
  final String usedHeader;
  final LongSupplier nanoTime;

  private RateLimit(int requests, Duration window, String totalHeader, String remainingHeader, String usedHeader,
      LongSupplier nanoTime) {
    Objects.requireNonNull(window, "window");
    if (requests < 1 || window.isNegative() || window.isZero()) {
      throw new IllegalArgumentException("Cannot rate-limit at " + requests + " requests per " + window);
    }
    this.requests = requests;
    this.window = window;
    this.totalHeader = totalHeader;
    this.remainingHeader = remainingHeader;
    this.usedHeader = usedHeader;
    this.nanoTime = nanoTime;
  }

  /** {@code X-RateLimit-Total}, {@code X-RateLimit-Remaining}, {@code X-RateLimit-Used-CurrentRequest}. */
  public static RateLimit perMinute(int requests) {
    return perWindow(requests, Duration.ofMinutes(1));
  }

  /** {@code requests} per {@code window}, such as Harvest's 100 per 15 seconds; the headers of {@link #perMinute}. */
  public static RateLimit perWindow(int requests, Duration window) {
    return new RateLimit(requests, window, "X-RateLimit-Total", "X-RateLimit-Remaining",
        "X-RateLimit-Used-CurrentRequest", System::nanoTime);
  }

  /** Other header names (Zendesk: {@code X-Rate-Limit}, {@code X-Rate-Limit-Remaining}); null omits one. */
  public RateLimit withHeaders(String total, String remaining, String usedCurrentRequest) {
    return new RateLimit(requests, window, total, remaining, usedCurrentRequest, nanoTime);
  }

  /** A time source in nanoseconds, for tests that refill the bucket without waiting. */
  public RateLimit withTicker(LongSupplier nanos) {
    return new RateLimit(requests, window, totalHeader, remainingHeader, usedHeader, nanos);
  }

  /** The window in words, for the 429 message: "minute", "15 seconds". */
  String windowText() {
    if (window.equals(Duration.ofMinutes(1))) {
      return "minute";
    }
    return window.toMillis() % 1000 == 0 ? window.toSeconds() + " seconds" : window.toMillis() + " milliseconds";
  }
}
