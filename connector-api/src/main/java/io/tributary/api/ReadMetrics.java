package io.tributary.api;

import java.util.Map;
import java.util.TreeMap;

/**
 * A snapshot of the counters of one connection.
 *
 * @param requests HTTP requests sent, retries included
 * @param retries requests that were repeats of a failed attempt
 * @param throttledMillis time spent waiting for the rate limiter or on {@code Retry-After}
 * @param bytes response bytes received
 * @param other connector-specific counters, such as {@code skipped_not_found}
 */
public record ReadMetrics(long requests, long retries, long throttledMillis, long bytes, Map<String, Long> other) {
  public static final ReadMetrics ZERO = new ReadMetrics(0, 0, 0, 0, Map.of());
  /**
   * The {@link #other} counter of the time requests took from being sent to their answer, added
   * up (so requests in flight together each count): over {@link #requests}, the provider's latency.
   */
  public static final String ANSWER_MILLIS = "answer_millis";

  public ReadMetrics {
    other = Map.copyOf(other);
  }

  /** The counters accumulated since {@code earlier}. */
  public ReadMetrics minus(ReadMetrics earlier) {
    TreeMap<String, Long> diff = new TreeMap<>(other);
    earlier.other.forEach((k, v) -> diff.merge(k, -v, Long::sum));
    return new ReadMetrics(
        requests - earlier.requests,
        retries - earlier.retries,
        throttledMillis - earlier.throttledMillis,
        bytes - earlier.bytes,
        diff);
  }

  /** The mean time a request took to be answered, when the connector counts it ({@link #ANSWER_MILLIS}) and made any. */
  public java.util.Optional<java.time.Duration> meanAnswer() {
    Long millis = other.get(ANSWER_MILLIS);
    return millis == null || requests <= 0 ? java.util.Optional.empty()
        : java.util.Optional.of(java.time.Duration.ofNanos(millis * 1_000_000 / requests));
  }

  public ReadMetrics plus(ReadMetrics more) {
    TreeMap<String, Long> sum = new TreeMap<>(other);
    more.other.forEach((k, v) -> sum.merge(k, v, Long::sum));
    return new ReadMetrics(
        requests + more.requests,
        retries + more.retries,
        throttledMillis + more.throttledMillis,
        bytes + more.bytes,
        sum);
  }
}
