package io.tributary.http;

import io.tributary.api.ExternalException;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Keeps a connection under a share of a provider's long-window request quota (for example
 * Salesforce's rolling 24-hour allocation, reported as {@code Sforce-Limit-Info:
 * api-usage=10018/100000}). The per-minute {@link RateLimiter} cannot do this: the quota is shared
 * with every other integration of the account and refills over a day, so the only safe move is to
 * stop before the share is used.
 *
 * <p>Feed it every response's headers with {@link #observe}; call {@link #check} before each
 * request. Once the next request would take usage past {@code maxPercent}, {@code check} throws
 * {@link ExternalException#quotaPaused}: the read stops at its last committed offset and the
 * pipeline records the table as paused. Thread-safe.
 */
public final class UsageQuota {
  private final String sourceName;
  private final String header;
  private final Pattern usedAndLimit;
  private final int maxPercent;
  private final String option;
  private final AtomicReference<Usage> last = new AtomicReference<>();

  /** The latest usage report. */
  public record Usage(long used, long limit) {
    public Usage {
      if (used < 0 || limit <= 0) {
        throw new IllegalArgumentException("Cannot use quota usage " + used + "/" + limit);
      }
    }

    public double percent() {
      return used * 100.0 / limit;
    }
  }

  private UsageQuota(String sourceName, String header, Pattern usedAndLimit, int maxPercent, String option) {
    this.sourceName = Objects.requireNonNull(sourceName, "sourceName");
    this.header = Objects.requireNonNull(header, "header");
    this.usedAndLimit = Objects.requireNonNull(usedAndLimit, "usedAndLimit");
    this.option = Objects.requireNonNull(option, "option");
    if (maxPercent < 1 || maxPercent > 100) {
      throw new IllegalArgumentException("maxPercent must be between 1 and 100: " + maxPercent);
    }
    this.maxPercent = maxPercent;
  }

  /**
   * A quota read from response header {@code header}, whose value {@code usedAndLimit} matches
   * with group 1 the requests used and group 2 the limit.
   *
   * @param option the option that sets {@code maxPercent}, named in the pause message
   */
  public static UsageQuota fromHeader(
      String sourceName, String header, Pattern usedAndLimit, int maxPercent, String option) {
    return new UsageQuota(sourceName, header, usedAndLimit, maxPercent, option);
  }

  /** Reads the usage from response headers; headers without it change nothing. */
  public void observe(Map<String, List<String>> headers) {
    for (Map.Entry<String, List<String>> entry : headers.entrySet()) {
      if (entry.getKey() != null && entry.getKey().equalsIgnoreCase(header) && !entry.getValue().isEmpty()) {
        observe(entry.getValue().get(0));
      }
    }
  }

  /** Reads the usage from one header value; a value that does not match changes nothing. */
  public void observe(String headerValue) {
    if (headerValue == null) {
      return;
    }
    Matcher m = usedAndLimit.matcher(headerValue);
    if (m.find()) {
      try {
        last.set(new Usage(Long.parseLong(m.group(1)), Long.parseLong(m.group(2))));
      } catch (IllegalArgumentException ignored) {
        // A garbled report is not a reason to stop; the next response brings a fresh one.
      }
    }
  }

  /** The latest usage reported, if any response carried one. */
  public Optional<Usage> usage() {
    return Optional.ofNullable(last.get());
  }

  /** Requests left before the share is reached, if usage is known. */
  public OptionalLong remaining() {
    Usage u = last.get();
    if (u == null) {
      return OptionalLong.empty();
    }
    return OptionalLong.of(Math.max(0, u.limit() * maxPercent / 100 - u.used()));
  }

  /**
   * Throws when one more request would take usage past {@code maxPercent} of the limit.
   *
   * @throws ExternalException a {@link ExternalException#quotaPaused} stop naming the usage and
   *     the option
   */
  public void check() {
    Usage u = last.get();
    if (u == null) {
      return;
    }
    if ((u.used() + 1) * 100 > (long) maxPercent * u.limit()) {
      throw ExternalException.quotaPaused(String.format(java.util.Locale.ROOT,
          "Cannot continue reading from %s: paused: API quota. %d of %d requests (%.1f%%) are used "
              + "and the next would pass %s=%d; the table stays at its last committed offset. Run "
              + "again once usage has fallen, or raise %s",
          sourceName, u.used(), u.limit(), u.percent(), option, maxPercent, option));
    }
  }

  @Override
  public String toString() {
    Usage u = last.get();
    return "UsageQuota[" + sourceName + " " + header + ", max " + maxPercent + "%"
        + (u == null ? "" : ", used " + u.used() + "/" + u.limit()) + "]";
  }
}
