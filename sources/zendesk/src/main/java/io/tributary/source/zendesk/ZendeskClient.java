package io.tributary.source.zendesk;

import io.tributary.api.CommonOptions;
import io.tributary.api.OptionValues;
import io.tributary.api.ReadMetrics;
import io.tributary.http.Auth;
import io.tributary.http.HttpSettings;
import io.tributary.http.JsonResponse;
import io.tributary.http.RateLimiter;
import io.tributary.http.RestClient;
import io.tributary.http.TokenSource;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;

/**
 * The HTTP side of one Zendesk connection: the toolkit's {@link RestClient} for every request,
 * plus a second, much smaller budget that only the incremental export endpoints draw from.
 */
final class ZendeskClient implements AutoCloseable {
  /**
   * Export budgets shared by every connector instance of one account in this JVM, as the toolkit
   * shares the general limiter: Spark builds several instances per connection, and Zendesk counts
   * export calls per account.
   */
  private static final Map<String, RateLimiter> EXPORT_LIMITERS = new ConcurrentHashMap<>();

  private final RestClient rest;
  private final RateLimiter exportLimiter;
  private final AtomicLong exportWaitMillis = new AtomicLong();

  ZendeskClient(RestClient rest, RateLimiter exportLimiter) {
    this.rest = rest;
    this.exportLimiter = exportLimiter;
  }

  /** A client for the connection options; {@code exportLimiters} builds a per-minute budget. */
  static ZendeskClient create(OptionValues options, IntFunction<RateLimiter> exportLimiters) {
    String baseUrl = ZendeskOptions.requireBaseUrl(options);
    ZendeskOptions.Credentials credentials = ZendeskOptions.requireCredentials(options);
    boolean tokenAuth = credentials instanceof ZendeskOptions.Credentials.ApiToken;
    Auth auth = credentials instanceof ZendeskOptions.Credentials.ApiToken t
        ? Auth.emailToken(t.email(), t.token())
        : Auth.bearer(TokenSource.fixed(((ZendeskOptions.Credentials.OAuth) credentials).token()));
    HttpSettings settings = HttpSettings.builder("zendesk", baseUrl)
        .auth(auth)
        .credentialOption(tokenAuth ? "email and api_token" : ZendeskOptions.OAUTH_TOKEN)
        .hostOption(options.has(CommonOptions.BASE_URL)
            ? CommonOptions.BASE_URL : ZendeskOptions.SUBDOMAIN)
        .requestsPerMinute(options.integer(CommonOptions.REQUESTS_PER_MINUTE))
        .secrets(options.secretValues())
        .header("Accept", "application/json")
        .build();
    int exportBudget = options.integer(ZendeskOptions.EXPORT_REQUESTS_PER_MINUTE);
    String key = baseUrl + "|" + credentials.hashCode() + "|" + exportBudget;
    RateLimiter limiter = EXPORT_LIMITERS.computeIfAbsent(key, k -> exportLimiters.apply(exportBudget));
    return new ZendeskClient(RestClient.create(settings), limiter);
  }

  /** A GET on an incremental export endpoint: waits for the export budget first. */
  JsonResponse export(String path, Map<String, String> query) {
    Duration waited = exportLimiter.acquire();
    exportWaitMillis.addAndGet(waited.toMillis());
    return rest.get(path, query);
  }

  /** A GET on a list endpoint, under the general budget only. */
  JsonResponse list(String path, Map<String, String> query) {
    return rest.get(path, query);
  }

  /** A next-page URL the API returned. */
  JsonResponse next(String url) {
    return rest.get(url);
  }

  ReadMetrics metrics() {
    long waited = exportWaitMillis.get();
    ReadMetrics general = rest.metrics();
    return general.plus(new ReadMetrics(0, 0, waited, 0, Map.of("export_throttled_ms", waited)));
  }

  @Override
  public void close() {
    rest.close();
  }

  @Override
  public String toString() {
    return "ZendeskClient[" + rest + ", exports " + exportLimiter + "]";
  }
}
