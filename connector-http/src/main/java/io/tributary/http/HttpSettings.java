package io.tributary.http;

import io.tributary.api.CommonOptions;
import io.tributary.api.OptionValues;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * Everything a {@link RestClient} needs for one connection. Build it with {@link #builder}:
 *
 * <pre>
 * HttpSettings settings = HttpSettings.builder("freshservice", "https://acme.freshservice.com")
 *     .auth(Auth.basicApiKey(apiKey))
 *     .credentialOption("api_key")
 *     .hostOption("domain")
 *     .requestsPerMinute(options.integer("requests_per_minute"))
 *     .secrets(options.secretValues())
 *     .build();
 * </pre>
 *
 * {@link #toString()} never shows a secret.
 *
 * @param sourceName the connector name, used in messages and log lines
 * @param baseUrl scheme, host, optional port and optional path prefix; a trailing slash is ignored.
 *     {@code https} only, except for loopback hosts (checked by {@link RestClient#create}).
 * @param auth how requests authenticate
 * @param requestsPerMinute the proactive rate limit's budget (lowered when the provider's
 *     headers report a smaller one)
 * @param credentialOption the option a user fixes after a 401, named in the message ("check api_key")
 * @param hostOption the option a user fixes after an unknown host, a DNS failure or a 404 on the
 *     API root ("check domain")
 * @param baseUrlOption the option {@code baseUrl} came from when it was given directly, named when
 *     it is refused
 * @param secrets extra values to redact from every message and log line, usually
 *     {@code OptionValues.secretValues()}
 * @param connectTimeout TCP and TLS connect timeout
 * @param readTimeout longest silence while reading a response
 * @param callTimeout bound on one whole attempt
 * @param maxAttempts attempts per request, the first included
 * @param maxTotalWait bound on the whole time one request may take: every attempt, timeouts
 *     included, and the waits between them. No attempt is given longer than what is left of it,
 *     and no retry starts whose wait would pass it. A retry is logged at WARN once the request has
 *     taken a tenth of it or 10 s, naming the path, the table and when it gives up.
 * @param initialBackoff first backoff delay, doubled per attempt, with jitter
 * @param maxBackoff cap on one backoff delay (a {@code Retry-After} may ask for more, within
 *     {@code maxTotalWait})
 * @param headers headers sent with every request, such as {@code Accept} or an API version
 * @param maxConcurrentRequests requests one read may keep in flight at once, such as the child
 *     lists of a page of parents ({@link ChildReader#concurrency()}); each still waits for the
 *     connection's {@link RateLimiter}, so the budget holds. 1 reads one request after another.
 */
public record HttpSettings(
    String sourceName,
    String baseUrl,
    Auth auth,
    int requestsPerWindow,
    Duration rateWindow,
    String credentialOption,
    String hostOption,
    String baseUrlOption,
    List<String> secrets,
    Duration connectTimeout,
    Duration readTimeout,
    Duration callTimeout,
    int maxAttempts,
    Duration maxTotalWait,
    Duration initialBackoff,
    Duration maxBackoff,
    Map<String, String> headers,
    int maxConcurrentRequests) {

  public HttpSettings {
    Objects.requireNonNull(sourceName, "sourceName");
    Objects.requireNonNull(baseUrl, "baseUrl");
    Objects.requireNonNull(auth, "auth");
    Objects.requireNonNull(credentialOption, "credentialOption");
    Objects.requireNonNull(hostOption, "hostOption");
    Objects.requireNonNull(baseUrlOption, "baseUrlOption");
    secrets = secrets.stream().filter(s -> s != null && !s.isEmpty()).toList();
    headers = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(headers));
    if (requestsPerWindow < 1) {
      throw new IllegalArgumentException("requestsPerWindow must be at least 1: " + requestsPerWindow);
    }
    requirePositive(rateWindow, "rateWindow");
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1: " + maxAttempts);
    }
    requirePositive(connectTimeout, "connectTimeout");
    requirePositive(readTimeout, "readTimeout");
    requirePositive(callTimeout, "callTimeout");
    requirePositive(maxTotalWait, "maxTotalWait");
    requirePositive(initialBackoff, "initialBackoff");
    requirePositive(maxBackoff, "maxBackoff");
    if (maxConcurrentRequests < 1) {
      throw new IllegalArgumentException("maxConcurrentRequests must be at least 1: " + maxConcurrentRequests);
    }
  }

  private static volatile UnaryOperator<Builder> testTuning;

  /**
   * For fault tests only, never for production: while the returned scope is open, every {@link
   * Builder#build()} in this JVM applies {@code tuning} last, over what the source set. It lets a
   * test shorten the timeouts, attempts and backoff of a connector whose options do not expose
   * them, so that hung connections and persistent failures cost milliseconds. Scopes do not nest;
   * close it in a {@code finally} or try-with-resources.
   */
  public static TuningScope tuneForTests(UnaryOperator<Builder> tuning) {
    Objects.requireNonNull(tuning, "tuning");
    synchronized (HttpSettings.class) {
      if (testTuning != null) {
        throw new IllegalStateException("Cannot tune HTTP settings for a test: another tuning is in force");
      }
      testTuning = tuning;
    }
    return new TuningScope();
  }

  /** The scope of {@link #tuneForTests}; closing it restores the sources' own settings. */
  public static final class TuningScope implements AutoCloseable {
    private TuningScope() {}

    @Override
    public void close() {
      synchronized (HttpSettings.class) {
        testTuning = null;
      }
    }
  }

  /** Settings with the defaults below; set at least the auth and the option names. */
  public static Builder builder(String sourceName, String baseUrl) {
    return new Builder(sourceName, baseUrl);
  }

  /**
   * Settings for the usual SaaS account: the host comes from the hostname-label option {@code
   * labelOption} through {@code urlTemplate} (such as {@code https://{label}.freshdesk.com})
   * unless {@code base_url} replaces it, and host errors name whichever of the two set it; the
   * budget is {@code requests_per_minute}, and {@code max_concurrent_requests} when the source
   * declares it; every secret option is redacted; JSON is asked for.
   * Set the auth and the credential option on the returned builder.
   */
  public static Builder forAccount(String sourceName, OptionValues connection, String labelOption, String urlTemplate) {
    boolean overridden = connection.has(CommonOptions.BASE_URL);
    String baseUrl = overridden
        ? connection.string(CommonOptions.BASE_URL).trim()
        : urlTemplate.replace("{label}", connection.string(labelOption));
    return builder(sourceName, baseUrl)
        .hostOption(overridden ? CommonOptions.BASE_URL : labelOption)
        .baseUrlOption(CommonOptions.BASE_URL)
        .requestsPerMinute(connection.integer(CommonOptions.REQUESTS_PER_MINUTE))
        .maxConcurrentRequests(connection.has(CommonOptions.MAX_CONCURRENT_REQUESTS)
            ? connection.integer(CommonOptions.MAX_CONCURRENT_REQUESTS) : CommonOptions.DEFAULT_CONCURRENT_REQUESTS)
        .secrets(connection.secretValues())
        .header("Accept", "application/json");
  }

  /** A builder holding these settings, to change a few. */
  public Builder toBuilder() {
    Builder b = new Builder(sourceName, baseUrl);
    b.auth = auth;
    b.requestsPerWindow = requestsPerWindow;
    b.rateWindow = rateWindow;
    b.credentialOption = credentialOption;
    b.hostOption = hostOption;
    b.baseUrlOption = baseUrlOption;
    b.secrets = secrets;
    b.connectTimeout = connectTimeout;
    b.readTimeout = readTimeout;
    b.callTimeout = callTimeout;
    b.maxAttempts = maxAttempts;
    b.maxTotalWait = maxTotalWait;
    b.initialBackoff = initialBackoff;
    b.maxBackoff = maxBackoff;
    b.headers = new LinkedHashMap<>(headers);
    b.maxConcurrentRequests = maxConcurrentRequests;
    return b;
  }

  /** Every value to redact: {@link #secrets()} and the auth's own. */
  List<String> allSecrets() {
    java.util.ArrayList<String> all = new java.util.ArrayList<>(secrets);
    all.addAll(auth.secrets());
    return all;
  }

  @Override
  public String toString() {
    return "HttpSettings[" + sourceName + " " + Urls.redactQuery(baseUrl) + ", " + auth
        + ", " + requestsPerWindow + " per " + Durations.text(rateWindow) + ", " + maxAttempts + " attempts]";
  }

  private static void requirePositive(Duration d, String name) {
    if (d == null || d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " must be positive: " + d);
    }
  }

  /** Builds {@link HttpSettings}; defaults suit production APIs. */
  public static final class Builder {
    private final String sourceName;
    private final String baseUrl;
    private Auth auth = Auth.none();
    private int requestsPerWindow = 60;
    private Duration rateWindow = Duration.ofMinutes(1);
    private String credentialOption = "api_key";
    private String hostOption = "base_url";
    private String baseUrlOption = "base_url";
    private List<String> secrets = List.of();
    private Duration connectTimeout = Duration.ofSeconds(10);
    private Duration readTimeout = Duration.ofSeconds(60);
    private Duration callTimeout = Duration.ofSeconds(120);
    private int maxAttempts = 6;
    private Duration maxTotalWait = Duration.ofMinutes(5);
    private Duration initialBackoff = Duration.ofSeconds(1);
    private Duration maxBackoff = Duration.ofSeconds(60);
    private Map<String, String> headers = new LinkedHashMap<>();
    private int maxConcurrentRequests = CommonOptions.DEFAULT_CONCURRENT_REQUESTS;

    private Builder(String sourceName, String baseUrl) {
      this.sourceName = sourceName;
      this.baseUrl = baseUrl;
    }

    public Builder auth(Auth value) {
      auth = value;
      return this;
    }

    /** Default 60. */
    public Builder requestsPerMinute(int value) {
      return requestsPer(value, Duration.ofMinutes(1));
    }

    /**
     * The budget of a provider that counts requests over another window, such as Harvest's 100
     * per 15 seconds: no window of that length admits more than {@code value} requests.
     */
    public Builder requestsPer(int value, Duration window) {
      requestsPerWindow = value;
      rateWindow = window;
      return this;
    }

    /** Default {@code api_key}. */
    public Builder credentialOption(String value) {
      credentialOption = value;
      return this;
    }

    /** Default {@code base_url}. */
    public Builder hostOption(String value) {
      hostOption = value;
      return this;
    }

    /** Default {@code base_url}. */
    public Builder baseUrlOption(String value) {
      baseUrlOption = value;
      return this;
    }

    public Builder secrets(List<String> values) {
      secrets = List.copyOf(values);
      return this;
    }

    /** Defaults 10 s connect, 60 s read, 120 s per call. */
    public Builder timeouts(Duration connect, Duration read, Duration call) {
      connectTimeout = connect;
      readTimeout = read;
      callTimeout = call;
      return this;
    }

    /** Default 6 attempts and 5 minutes per request, attempts and waits included. */
    public Builder retries(int attempts, Duration totalWait) {
      maxAttempts = attempts;
      maxTotalWait = totalWait;
      return this;
    }

    /** Default 1 s doubling up to 60 s. */
    public Builder backoff(Duration initial, Duration max) {
      initialBackoff = initial;
      maxBackoff = max;
      return this;
    }

    public Builder header(String name, String value) {
      headers.put(name, value);
      return this;
    }

    /** Default {@value CommonOptions#DEFAULT_CONCURRENT_REQUESTS}; 1 for one request after another. */
    public Builder maxConcurrentRequests(int value) {
      maxConcurrentRequests = value;
      return this;
    }

    public HttpSettings build() {
      UnaryOperator<Builder> tuning = testTuning;
      if (tuning != null) {
        tuning.apply(this);
      }
      return new HttpSettings(sourceName, baseUrl, auth, requestsPerWindow, rateWindow, credentialOption,
          hostOption, baseUrlOption, secrets, connectTimeout, readTimeout, callTimeout, maxAttempts,
          maxTotalWait, initialBackoff, maxBackoff, headers, maxConcurrentRequests);
    }
  }
}
