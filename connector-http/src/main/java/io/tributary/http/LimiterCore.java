package io.tributary.http;

import io.tributary.api.InternalException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The token bucket behind {@link RateLimiter}, kept as a theoretical arrival time (GCRA): the
 * moment the bucket would be full again. Reserving under the lock and sleeping outside it lets
 * other threads reserve, observe and pause meanwhile.
 */
final class LimiterCore {
  /** Time as the limiter sees it; tests may speed it up. */
  interface Time {
    long nanos();

    void sleep(long nanos) throws InterruptedException;
  }

  static final Time SYSTEM = new Time() {
    @Override
    public long nanos() {
      return System.nanoTime();
    }

    @Override
    public void sleep(long nanos) throws InterruptedException {
      if (nanos > 0) {
        Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
      }
    }
  };

  private static final long EPOCH_SECONDS_THRESHOLD = 1_000_000_000L;
  private final Duration window;
  private final Time time;
  private final int shares;
  private int configured;
  private int learned = Integer.MAX_VALUE;
  private int capacity;
  private double creditNanos;
  private long fullAt;
  private long pausedUntil;

  LimiterCore(int permitsPerWindow, Duration window, Time time) {
    this(permitsPerWindow, window, time, 1);
  }

  /** A bucket holding a {@code 1/shares} part of the budget, the provider's learned one included. */
  LimiterCore(int permitsPerWindow, Duration window, Time time, int shares) {
    if (shares < 1) {
      throw new IllegalArgumentException("shares must be at least 1: " + shares);
    }
    this.window = window;
    this.time = time;
    this.shares = shares;
    this.configured = permitsPerWindow;
    long now = time.nanos();
    this.fullAt = now;
    this.pausedUntil = now;
    recompute();
  }

  synchronized void configure(int permitsPerWindow) {
    configured = permitsPerWindow;
    recompute();
  }

  synchronized int requestsPerMinute() {
    return (int) Math.round(budget() * (double) Duration.ofMinutes(1).toNanos() / window.toNanos());
  }

  Duration acquire(int cost) {
    if (cost < 1) {
      throw new IllegalArgumentException("cost must be at least 1: " + cost);
    }
    long start = time.nanos();
    long at = reserve(cost, start);
    try {
      time.sleep(at - start);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InternalException("Cannot wait for the rate limiter: the thread was interrupted", e);
    }
    return Duration.ofNanos(Math.max(0, at - start));
  }

  /** Takes {@code cost} credits and returns when they may be spent. */
  private synchronized long reserve(int cost, long now) {
    // A bucket with less than min(cost, capacity) credits makes the caller wait; a cost above the
    // capacity runs once the bucket is full and leaves a debt the following requests repay.
    long needed = (long) ((capacity - Math.min(cost, capacity)) * creditNanos);
    long at = Math.max(Math.max(now, pausedUntil), fullAt - needed);
    fullAt = Math.max(fullAt, at) + (long) (cost * creditNanos);
    return at;
  }

  synchronized void pauseFor(Duration wait) {
    pausedUntil = Math.max(pausedUntil, time.nanos() + wait.toNanos());
  }

  synchronized void observe(Map<String, List<String>> headers, int cost) {
    long now = time.nanos();
    Long limit = number(headers, "X-RateLimit-Total");
    if (limit == null) {
      limit = number(headers, "X-RateLimit-Limit");
    }
    if (limit != null && limit > 0 && limit < learned) {
      learned = (int) Math.min(Integer.MAX_VALUE, limit);
      recompute();
    }
    Long used = number(headers, "X-Ratelimit-Used-CurrentRequest");
    if (used != null && used > cost) {
      fullAt = Math.max(fullAt, now) + (long) ((used - cost) * creditNanos);
    }
    Long remaining = number(headers, "X-RateLimit-Remaining");
    if (remaining != null) {
      long content = (long) Math.max(0, capacity - Math.max(0, fullAt - now) / creditNanos);
      if (remaining < content) {
        // The provider counts requests we cannot see (other clients of the same account).
        fullAt = now + (long) ((capacity - Math.max(0, remaining)) * creditNanos);
      }
      if (remaining <= 0) {
        resetDelay(headers).ifPresent(this::pauseForLocked);
      }
    }
  }

  private void pauseForLocked(Duration wait) {
    pausedUntil = Math.max(pausedUntil, time.nanos() + wait.toNanos());
  }

  /** When the provider's window resets: {@code X-RateLimit-Reset} or {@code Retry-After}. */
  static java.util.Optional<Duration> resetDelay(Map<String, List<String>> headers) {
    Long reset = number(headers, "X-RateLimit-Reset");
    if (reset != null) {
      long seconds = reset >= EPOCH_SECONDS_THRESHOLD
          ? reset - System.currentTimeMillis() / 1000
          : reset;
      return java.util.Optional.of(Duration.ofSeconds(Math.max(0, seconds)));
    }
    return RetryAfter.parse(first(headers, "Retry-After"));
  }

  private int budget() {
    return Math.max(1, Math.min(configured, learned) / shares);
  }

  /** A new bucket of {@code 1/shares} of this one's budget, knowing what this one has learned. */
  synchronized LimiterCore share(int parts) {
    LimiterCore share = new LimiterCore(configured, window, time, parts);
    share.learned = learned;
    share.recompute();
    return share;
  }

  /**
   * A burst of a twentieth of the budget, and a refill rate of the rest over the window: no window
   * of that length admits more than the budget, and a long run goes at 95% of it (a tenth capped
   * a 5,000-call fan-out at 1.11 times the budget's time).
   */
  private void recompute() {
    int budget = budget();
    capacity = Math.max(1, budget / 20);
    int refill = Math.max(1, budget - capacity);
    creditNanos = (double) window.toNanos() / refill;
  }

  private static Long number(Map<String, List<String>> headers, String name) {
    String value = first(headers, name);
    if (value == null) {
      return null;
    }
    try {
      return Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      return null;
    }
  }

  static String first(Map<String, List<String>> headers, String name) {
    for (Map.Entry<String, List<String>> e : headers.entrySet()) {
      if (e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty()) {
        return e.getValue().get(0);
      }
    }
    return null;
  }
}
