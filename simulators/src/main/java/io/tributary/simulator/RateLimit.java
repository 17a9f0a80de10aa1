package io.tributary.simulator;

import java.util.function.LongSupplier;

/**
 * A token bucket of {@code perMinute} requests, refilled continuously, as Freshdesk and Zendesk
 * meter their APIs. Every answered request carries the limit headers; a request finding the
 * bucket empty answers 429 with {@code Retry-After} in whole seconds.
 *
 * <p>It runs on real time (or the given ticker), not on the {@link SimClock}: the client's rate
 * limiter under test measures real time too.
 */
public final class RateLimit {
  final int perMinute;
  final String totalHeader;
  final String remainingHeader;
  final String usedHeader;
  final LongSupplier nanoTime;

  private RateLimit(int perMinute, String totalHeader, String remainingHeader, String usedHeader, LongSupplier nanoTime) {
    if (perMinute < 1) {
      throw new IllegalArgumentException("Cannot rate-limit at " + perMinute + " requests per minute");
    }
    this.perMinute = perMinute;
    this.totalHeader = totalHeader;
    this.remainingHeader = remainingHeader;
    this.usedHeader = usedHeader;
    this.nanoTime = nanoTime;
  }

  /** {@code X-RateLimit-Total}, {@code X-RateLimit-Remaining}, {@code X-RateLimit-Used-CurrentRequest}. */
  public static RateLimit perMinute(int requests) {
    return new RateLimit(requests, "X-RateLimit-Total", "X-RateLimit-Remaining",
        "X-RateLimit-Used-CurrentRequest", System::nanoTime);
  }

  /** Other header names (Zendesk: {@code X-Rate-Limit}, {@code X-Rate-Limit-Remaining}); null omits one. */
  public RateLimit withHeaders(String total, String remaining, String usedCurrentRequest) {
    return new RateLimit(perMinute, total, remaining, usedCurrentRequest, nanoTime);
  }

  /** A time source in nanoseconds, for tests that refill the bucket without waiting. */
  public RateLimit withTicker(LongSupplier nanos) {
    return new RateLimit(perMinute, totalHeader, remainingHeader, usedHeader, nanos);
  }
}
