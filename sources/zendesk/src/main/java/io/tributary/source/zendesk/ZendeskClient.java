package io.tributary.source.zendesk;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.api.CommonOptions;
import io.tributary.api.ExternalException;
import io.tributary.api.OptionValues;
import io.tributary.api.ReadMetrics;
import io.tributary.api.UserException;
import io.tributary.http.Auth;
import io.tributary.http.ConnectionCheck;
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

  /** "Show Self": the user the credentials belong to; the cheapest authenticated call. */
  static final String USERS_ME = "/api/v2/users/me";

  private final RestClient rest;
  private final ConnectionCheck probe;
  private final RateLimiter exportLimiter;
  private final String account;
  private final AtomicLong exportWaitMillis = new AtomicLong();

  ZendeskClient(RestClient rest, RateLimiter exportLimiter, String account) {
    this.rest = rest;
    this.exportLimiter = exportLimiter;
    this.account = account;
    this.probe = ConnectionCheck.of(rest.settings(), "Zendesk", USERS_ME)
        .forbiddenMeans("the account's plan does not include API access, or API access is turned off for it");
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
    String account = options.optional(ZendeskOptions.SUBDOMAIN).map(String::trim).filter(v -> !v.isEmpty())
        .map(v -> "Zendesk account '" + v + "'").orElse("Zendesk account");
    return new ZendeskClient(RestClient.create(settings), limiter, account);
  }

  /**
   * Checks the connection with "Show Self" ({@code GET /api/v2/users/me}) and says which user of
   * which account it authenticated as: the user's id and role, never a name, an email or a token.
   * Zendesk serves this endpoint to anonymous users too: credentials it does not take can come back
   * as 200 with the anonymous user, whose id is null, instead of a 401. That is a rejection here.
   *
   * @throws UserException on rejected credentials (401, or the anonymous user; naming email and
   *     api_token, or oauth_token), or when the host is not a Zendesk account: a 404 (Zendesk's
   *     answer for an unknown subdomain), a page that is not JSON, or a host that refuses
   *     connections (naming subdomain, or base_url when set)
   * @throws ExternalException when Zendesk fails, or refuses the call with 403
   * @see ConnectionCheck
   */
  String check() {
    JsonNode user = probe.run().path("user");
    JsonNode id = user.path("id");
    if (!id.isIntegralNumber()) {
      throw probe.credentialsRefused("with the anonymous user");
    }
    String role = user.path("role").asText("");
    return account + " at " + probe.host() + ": authenticated as user " + id.asLong()
        + (role.isEmpty() ? "" : " (" + role + ")");
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
    ReadMetrics general = rest.metrics().plus(probe.metrics());
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
