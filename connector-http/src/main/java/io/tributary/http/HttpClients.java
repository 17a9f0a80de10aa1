package io.tributary.http;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import okhttp3.ConnectionPool;
import okhttp3.Dispatcher;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;

/**
 * The process-wide OkHttp pool and dispatcher, and the registry of rate limiters per connection.
 * Clients built with {@code newBuilder()} share the pool, the dispatcher and their threads.
 */
final class HttpClients {
  private static final OkHttpClient SHARED = new OkHttpClient.Builder()
      // Idle connections are dropped after 20 s, before the usual server idle timeouts (30 to 75
      // s), so a request after a long Spark commit does not meet a connection closed under it.
      .connectionPool(new ConnectionPool(16, 20, java.util.concurrent.TimeUnit.SECONDS))
      .dispatcher(new Dispatcher())
      // Attempts are counted and retried by the retry policy; OkHttp's silent repeats would make
      // the counts lie and could double a request.
      .retryOnConnectionFailure(false)
      .build();

  private static final Map<String, RateLimiter> LIMITERS = new ConcurrentHashMap<>();

  private HttpClients() {}

  static OkHttpClient forSettings(HttpSettings settings) {
    return SHARED.newBuilder()
        .connectTimeout(settings.connectTimeout())
        .readTimeout(settings.readTimeout())
        .writeTimeout(settings.readTimeout())
        .callTimeout(settings.callTimeout())
        .build();
  }

  static ConnectionPool pool() {
    return SHARED.connectionPool();
  }

  static Dispatcher dispatcher() {
    return SHARED.dispatcher();
  }

  /**
   * The limiter of the connection {@code settings} describe: one per source, host and
   * credentials, so every table of a run draws from one budget even when each builds its own
   * client. The newest budget wins.
   */
  static RateLimiter sharedLimiter(HttpSettings settings, HttpUrl base) {
    String key = settings.sourceName() + "|" + base + "|" + fingerprint(settings);
    RateLimiter limiter = LIMITERS.computeIfAbsent(key, k -> RateLimiter.perWindow(settings.requestsPerWindow(), settings.rateWindow()));
    limiter.configure(settings.requestsPerWindow());
    return limiter;
  }

  private static java.util.List<String> identity(HttpSettings settings) {
    java.util.List<String> values = new java.util.ArrayList<>(settings.secrets());
    values.addAll(settings.auth().fixedSecrets());
    return values;
  }

  private static String fingerprint(HttpSettings settings) {
    // A hash, so that the registry's keys hold no secret.
    return TokenState.fingerprint(identity(settings));
  }


}
