package io.tributary.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.api.ReadMetrics;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import okhttp3.MediaType;
import okhttp3.RequestBody;

/**
 * The HTTP client of one connection. Thread-safe; create one per connection and share it among
 * the connection's tables. Every request waits for the connection's {@link RateLimiter}, is retried
 * on 429, 5xx and connection errors (see {@link HttpSettings}), and fails with a message that says
 * what to fix:
 *
 * <ul>
 *   <li>401: {@code UserException} "... check api_key" (the {@code credentialOption});
 *   <li>403: {@code ExternalException} naming the path, forbidden or not in the plan;
 *   <li>404: {@code ExternalException} naming the path without its query; on the API root, an
 *       unknown host or a DNS failure, a {@code UserException} "... check domain" (the
 *       {@code hostOption});
 *   <li>other 4xx: {@code ExternalException} with the provider's message, not retried;
 *   <li>after the last attempt: {@code ExternalException} counting the attempts, with the last
 *       status and provider message.
 * </ul>
 *
 * Messages and log lines never hold a secret or a query string.
 */
public final class RestClient implements AutoCloseable {
  private static final MediaType JSON = MediaType.get("application/json; charset=utf-8");
  private final ClientCore core;

  private RestClient(ClientCore core) {
    this.core = core;
  }

  /**
   * A client for {@code settings}. All clients share one OkHttp connection pool and dispatcher;
   * clients of the same source, base URL and credentials share one {@link RateLimiter}.
   *
   * @throws io.tributary.api.UserException when the base URL is not https (http is allowed only
   *     for loopback hosts) or not a URL, naming {@link HttpSettings#baseUrlOption()}
   */
  public static RestClient create(HttpSettings settings) {
    return new RestClient(new ClientCore(settings, null));
  }

  /**
   * A client for one of {@code shares} readers of the connection that may run at once, on this
   * machine or others, such as the partitions of a backfill on Spark executors: it spends a {@code
   * 1/shares} part of the connection's budget ({@link RateLimiter#share}).
   */
  public static RestClient sharing(HttpSettings settings, int shares) {
    return new RestClient(new ClientCore(settings, null, shares));
  }

  /** A client with its own limiter, for tests that need a short window. */
  static RestClient create(HttpSettings settings, RateLimiter limiter) {
    return new RestClient(new ClientCore(settings, limiter));
  }

  /**
   * GET {@code baseUrl + path} with {@code query} (in its iteration order) and parse the JSON body.
   *
   * @param path an absolute path such as {@code /api/v2/tickets}; appended to the base URL's path
   */
  public JsonResponse get(String path, Map<String, String> query) {
    return core.execute("GET", core.resolve(path, query), null);
  }

  /**
   * GET a URL the provider returned (a Link header, {@code next_page}, {@code nextRecordsUrl}). A
   * relative URL resolves against the base URL. An absolute URL on another host is sent to the
   * base URL's scheme, host and port instead, so credentials never leave the configured host and
   * {@code base_url} proxies keep working.
   */
  public JsonResponse get(String url) {
    return core.execute("GET", core.resolveProvided(url), null);
  }

  /**
   * POST a form ({@code application/x-www-form-urlencoded}) to {@code baseUrl + path}, for OAuth
   * token requests. Retried like a GET.
   */
  public JsonResponse postForm(String path, Map<String, String> form) {
    return core.execute("POST", core.resolve(path, Map.of()), form);
  }

  /**
   * As {@link #get(String, Map)}, with extra request headers for this call only, such as a
   * provider's per-query options header.
   */
  public JsonResponse get(String path, Map<String, String> query, Map<String, String> headers) {
    return core.execute(new ClientCore.Call("GET", core.resolve(path, query), null, headers, false)).response();
  }

  /** POST a JSON body to {@code baseUrl + path}, for APIs that create jobs. Retried like a GET. */
  public JsonResponse postJson(String path, JsonNode body) {
    RequestBody json = RequestBody.create(body.toString().getBytes(StandardCharsets.UTF_8), JSON);
    return core.execute(new ClientCore.Call("POST", core.resolve(path, Map.of()), json, Map.of(), false)).response();
  }

  /**
   * DELETE {@code baseUrl + path}, for cleaning up server-side jobs. A 204 answers a {@link
   * JsonResponse} whose body is {@code NullNode}.
   */
  public JsonResponse delete(String path) {
    return core.execute(new ClientCore.Call("DELETE", core.resolve(path, Map.of()), null, Map.of(), false)).response();
  }

  /**
   * GET a non-JSON body (CSV, plain text) from {@code baseUrl + path} with {@code query}. Errors,
   * retries and rate limiting are as for {@link #get(String, Map)}; a 2xx body is returned as text
   * whatever it holds.
   */
  public TextResponse getText(String path, Map<String, String> query) {
    JsonResponse r = core.execute(new ClientCore.Call("GET", core.resolve(path, query), null, Map.of(), true)).response();
    return new TextResponse(r.status(), r.headers(), r.url(), r.body().asText());
  }

  /** The connection's rate limiter, shared by all its tables. */
  public RateLimiter rateLimiter() {
    return core.limiter();
  }

  /** Requests, retries, throttled time and bytes of this client so far. */
  public ReadMetrics metrics() {
    return core.metrics();
  }

  /** The settings; their {@code toString} is redacted. */
  public HttpSettings settings() {
    return core.settings();
  }

  /** Nothing to release per client: the pool is shared. Idempotent. */
  @Override
  public void close() {}

  @Override
  public String toString() {
    return "RestClient[" + core.settings() + "]";
  }
}
