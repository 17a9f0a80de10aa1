package io.tributary.http;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A proactive token bucket per connection, shared by all tables of a run, so a run stays under the
 * plan's request budget instead of provoking storms of 429s.
 *
 * <p>The bucket holds a small burst and refills so that no window of one minute admits more than
 * the budget. It adapts to the provider's headers ({@link #observe}):
 *
 * <ul>
 *   <li>{@code X-RateLimit-Total} / {@code X-RateLimit-Limit}: a smaller per-minute budget than the
 *       configured one lowers the rate;
 *   <li>{@code X-RateLimit-Remaining}: never spend more than the provider says is left; at 0, wait
 *       for {@code X-RateLimit-Reset} (epoch seconds or seconds from now) or {@code Retry-After},
 *       else a minute;
 *   <li>{@code X-Ratelimit-Used-CurrentRequest}: a request that cost more than one credit is
 *       charged the difference.
 * </ul>
 *
 * Thread-safe.
 */
public final class RateLimiter {
  private final LimiterCore core;
  /** For a share: the connection's limiter in this process, which every request also waits for. */
  private final RateLimiter whole;

  RateLimiter(LimiterCore core) {
    this(core, null);
  }

  private RateLimiter(LimiterCore core, RateLimiter whole) {
    this.core = core;
    this.whole = whole;
  }

  /**
   * A limiter for one of {@code shares} readers of one connection that may run at once on
   * different machines (the partitions of a backfill): it admits a {@code 1/shares} part of {@code
   * connection}'s budget, and of a smaller one the provider's headers report, so the readers
   * together stay under the budget wherever they run. Each request also waits for {@code
   * connection}, so other tables of the connection in this process still count against it.
   */
  public static RateLimiter share(RateLimiter connection, int shares) {
    return new RateLimiter(connection.core.share(shares), connection);
  }

  /** A limiter allowing {@code requestsPerMinute} requests in any minute. */
  public static RateLimiter perMinute(int requestsPerMinute) {
    return new RateLimiter(new LimiterCore(requestsPerMinute, Duration.ofMinutes(1), LimiterCore.SYSTEM));
  }

  /** A limiter allowing {@code requests} requests in any {@code window}, such as 100 per 15 s. */
  public static RateLimiter perWindow(int requests, Duration window) {
    return new RateLimiter(new LimiterCore(requests, window, LimiterCore.SYSTEM));
  }

  /**
   * Waits until {@code cost} credits are available and takes them.
   *
   * @return the time waited
   * @throws io.tributary.api.InternalException when interrupted (the interrupt flag is kept)
   */
  public Duration acquire(int cost) {
    Duration waited = core.acquire(cost);
    return whole == null ? waited : waited.plus(whole.acquire(cost));
  }

  /** {@code acquire(1)}. */
  public Duration acquire() {
    return acquire(1);
  }

  /**
   * Learns from a response's headers (names case-insensitive). Call once per response, 429s
   * included.
   *
   * @param cost the credits acquired for the request
   */
  public void observe(Map<String, List<String>> headers, int cost) {
    core.observe(headers, cost);
    if (whole != null) {
      whole.observe(headers, cost);
    }
  }

  /** Stops all requests until {@code wait} has passed, after a 429 with {@code Retry-After}. */
  public void pauseFor(Duration wait) {
    core.pauseFor(wait);
    if (whole != null) {
      whole.pauseFor(wait);
    }
  }

  /** Changes the configured budget; a smaller one learned from the provider still applies. */
  void configure(int requestsPerMinute) {
    core.configure(requestsPerMinute);
  }

  /** The budget in force per minute, however long the provider's window: the configured one, or the provider's when smaller. */
  public int requestsPerMinute() {
    return core.requestsPerMinute();
  }

  @Override
  public String toString() {
    return "RateLimiter[" + requestsPerMinute() + " per minute]";
  }
}
