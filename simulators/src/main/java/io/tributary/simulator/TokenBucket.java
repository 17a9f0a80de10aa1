package io.tributary.simulator;

/** The rate limit's state: {@code requests} tokens, refilled continuously over the window. */
final class TokenBucket {
  record Decision(boolean allowed, int remaining, int retryAfterSeconds) {}

  private final RateLimit limit;
  private double tokens;
  private long lastNanos;

  TokenBucket(RateLimit limit) {
    this.limit = limit;
    this.tokens = limit.requests;
    this.lastNanos = limit.nanoTime.getAsLong();
  }

  RateLimit limit() {
    return limit;
  }

  synchronized Decision take() {
    long now = limit.nanoTime.getAsLong();
    double perNano = limit.requests / (double) limit.window.toNanos();
    tokens = Math.min(limit.requests, tokens + (now - lastNanos) * perNano);
    lastNanos = now;
    if (tokens >= 1) {
      tokens -= 1;
      return new Decision(true, (int) Math.floor(tokens), 0);
    }
    int wait = (int) Math.ceil((1 - tokens) / perNano / 1e9);
    return new Decision(false, 0, Math.max(1, wait));
  }
}
