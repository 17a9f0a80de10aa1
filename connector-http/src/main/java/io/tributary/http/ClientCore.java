package io.tributary.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.failsafe.Failsafe;
import dev.failsafe.FailsafeException;
import dev.failsafe.RetryPolicy;
import io.tributary.api.ExternalException;
import io.tributary.api.InternalException;
import io.tributary.api.Json;
import io.tributary.api.ReadMetrics;
import io.tributary.api.TributaryException;
import io.tributary.api.UserException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLException;
import okhttp3.FormBody;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;

/** Sends requests for a {@link RestClient}: rate limiting, retries, error mapping, metrics. */
final class ClientCore {
  private static final System.Logger LOG = System.getLogger("io.tributary.http");
  /** A call slower than this (or than a tenth of its bound) is reported at WARN. */
  private static final Duration SLOW = Duration.ofSeconds(10);
  private static final DateTimeFormatter CLOCK =
      DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());

  private final HttpSettings settings;
  private final HttpUrl base;
  private final OkHttpClient http;
  private final RateLimiter limiter;
  private final Redactor redactor;
  private final Map<String, Integer> costs = new ConcurrentHashMap<>();
  private final AtomicLong requests = new AtomicLong();
  private final AtomicLong retries = new AtomicLong();
  private final AtomicLong throttledNanos = new AtomicLong();
  private final AtomicLong bytes = new AtomicLong();
  private final AtomicLong answerNanos = new AtomicLong();
  private final Object refreshLock = new Object();

  ClientCore(HttpSettings settings, RateLimiter limiter) {
    this(settings, limiter, 1);
  }

  /** With {@code shares} above 1 and no {@code limiter}: a {@link RateLimiter#share} of the connection's. */
  ClientCore(HttpSettings settings, RateLimiter limiter, int shares) {
    this.settings = settings;
    this.base = Urls.parseBase(settings.baseUrl(), settings.baseUrlOption());
    this.http = HttpClients.forSettings(settings);
    RateLimiter connection = limiter != null ? limiter : HttpClients.sharedLimiter(settings, base);
    this.limiter = shares > 1 ? RateLimiter.share(connection, shares) : connection;
    this.redactor = new Redactor(settings);
  }

  HttpSettings settings() {
    return settings;
  }

  RateLimiter limiter() {
    return limiter;
  }

  ReadMetrics metrics() {
    return new ReadMetrics(requests.get(), retries.get(), throttledNanos.get() / 1_000_000, bytes.get(),
        Map.of(ReadMetrics.ANSWER_MILLIS, answerNanos.get() / 1_000_000));
  }

  HttpUrl resolve(String path, Map<String, String> query) {
    String p = path.startsWith("/") ? path : "/" + path;
    String basePath = base.encodedPath().equals("/") ? "" : base.encodedPath();
    if (p.contains("?") || p.contains("#")) {
      throw new InternalException("Cannot build a URL from path " + Urls.redactQuery(p)
          + ": pass query parameters in the query map");
    }
    HttpUrl.Builder builder = base.newBuilder().encodedPath(basePath + p);
    query.forEach(builder::addQueryParameter);
    return builder.build();
  }

  HttpUrl resolveProvided(String provided) {
    HttpUrl url = base.resolve(provided);
    if (url == null) {
      throw new ExternalException("Cannot follow the URL " + redactor.url(provided)
          + " from " + settings.sourceName() + ": it is not a valid URL", 0, null, false);
    }
    if (!url.host().equalsIgnoreCase(base.host()) || url.port() != base.port()
        || !url.scheme().equals(base.scheme())) {
      // Credentials must never go to a host the user did not configure, and a base_url proxy or
      // simulator must keep receiving the pages the real host would serve.
      url = url.newBuilder().scheme(base.scheme()).host(base.host()).port(base.port()).build();
    }
    return url;
  }

  JsonResponse execute(String method, HttpUrl url, Map<String, String> form) {
    RequestBody body = null;
    if (form != null) {
      FormBody.Builder builder = new FormBody.Builder();
      form.forEach(builder::add);
      body = builder.build();
    }
    return execute(new Call(method, url, body, Map.of(), false)).response();
  }

  /**
   * One request with everything optional spelled out: a body (reused on retries), extra headers
   * and whether a 2xx body is text (kept as a {@code TextNode}) rather than JSON.
   */
  record Call(String method, HttpUrl url, RequestBody body, Map<String, String> headers, boolean text) {}

  Attempt execute(Call call) {
    String method = call.method();
    HttpUrl url = call.url();
    String path = url.encodedPath();
    long started = System.nanoTime();
    long bound = settings.maxTotalWait().toNanos();
    boolean[] overBound = {false};
    RetryPolicy<Attempt> policy = RetryPolicy.<Attempt>builder()
        .handleResultIf(Attempt::retryable)
        // A token source's verdict after a 401 (a refused grant, a delegated token that cannot be
        // refreshed) is final: the token endpoint's own client has retried what it could.
        .abortOn(TributaryException.class)
        .withMaxAttempts(settings.maxAttempts())
        .abortIf(attempt -> {
          // The bound covers the attempts too, timeouts included: six read timeouts of 60 s must
          // not add up to minutes the bound never counted.
          boolean over = attempt.retryable() && attempt.number() < settings.maxAttempts()
              && System.nanoTime() - started + attempt.delay().toNanos() >= bound;
          overBound[0] |= over;
          return over;
        })
        .withDelayFn(ctx -> ctx.getLastResult() == null ? Duration.ZERO : ctx.getLastResult().delay())
        .onRetry(event -> {
          Attempt last = event.getLastResult();
          retries.incrementAndGet();
          if (last.retryAfter()) {
            throttledNanos.addAndGet(last.delay().toNanos());
          }
          logRetry(call, last, started);
        })
        .build();
    Attempt result;
    try {
      result = Failsafe.with(policy).get(ctx -> attempt(call, ctx.getAttemptCount() + 1, started));
    } catch (FailsafeException e) {
      if (e.getCause() instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      throw new InternalException(redactor.text("Cannot " + method + " " + path + " from "
          + settings.sourceName() + ": the wait between attempts was interrupted"), e.getCause());
    }
    if (result.succeeded()) {
      return result;
    }
    throw Failures.of(result, method, path, base, settings, redactor, overBound[0],
        Duration.ofNanos(System.nanoTime() - started));
  }

  /**
   * A retry is logged at INFO, and at WARN once the call has been slow: it has taken a tenth of
   * its bound (or 10 s), or will wait that long. WARN is what the command line shows, so a hung
   * API shows up while it costs time, not only when the table finally fails.
   */
  private void logRetry(Call call, Attempt last, long started) {
    long elapsed = System.nanoTime() - started;
    long slow = Math.min(SLOW.toNanos(), settings.maxTotalWait().toNanos() / 10);
    boolean slowCall = elapsed >= slow || last.delay().toNanos() >= slow;
    System.Logger.Level level = slowCall ? System.Logger.Level.WARNING : System.Logger.Level.INFO;
    LOG.log(level, () -> {
      String request = call.method() + " " + base.host() + call.url().encodedPath();
      String got = " got " + last.describe() + "; retrying in " + Durations.text(last.delay());
      if (!slowCall) {
        return redactor.text(settings.sourceName() + ": " + request + TableContext.phrase() + got
            + " (attempt " + (last.number() + 1) + " of " + settings.maxAttempts() + ")");
      }
      String table = TableContext.current().map(t -> "table '" + t + "', ").orElse("");
      Instant latest = Instant.now().plusNanos(Math.max(0, settings.maxTotalWait().toNanos() - elapsed));
      return redactor.text("Still waiting for " + request + " (" + table + settings.sourceName() + "): attempt "
          + last.number() + " of " + settings.maxAttempts() + got + ", giving up by "
          + CLOCK.format(latest) + " at the latest");
    });
  }

  private Attempt attempt(Call call, int number, long started) {
    String tokenUsed = bearerToken();
    Attempt attempt = send(call, number, tokenUsed, started);
    if (attempt.status() == 401 && settings.auth().tokens() != null && refresh(tokenUsed)) {
      attempt = send(call, number, bearerToken(), started);
    }
    return attempt;
  }

  private String bearerToken() {
    TokenSource tokens = settings.auth().tokens();
    return tokens == null ? null : tokens.token();
  }

  /** Refreshes the bearer token once per rejected token; false when it could not change. */
  private boolean refresh(String rejected) {
    synchronized (refreshLock) {
      String current = settings.auth().tokens().token();
      if (!current.equals(rejected)) {
        return true;
      }
      String fresh = settings.auth().tokens().refresh();
      return fresh != null && !fresh.equals(rejected);
    }
  }

  private Attempt send(Call call, int number, String token, long started) {
    String method = call.method();
    HttpUrl url = call.url();
    int cost = costs.getOrDefault(url.encodedPath(), 1);
    throttledNanos.addAndGet(limiter.acquire(cost).toNanos());
    Request.Builder request = new Request.Builder().url(url)
        .header("Accept", call.text() ? "*/*" : "application/json");
    settings.headers().forEach(request::header);
    call.headers().forEach(request::header);
    String authorization = token != null ? "Bearer " + token : settings.auth().header();
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    request.method(method, call.body());
    requests.incrementAndGet();
    LOG.log(System.Logger.Level.DEBUG, () -> redactor.text(settings.sourceName() + ": " + method + " "
        + url.encodedPath() + " (attempt " + number + ")"));
    okhttp3.Call httpCall = http.newCall(request.build());
    // No attempt may outlast what is left of the whole call's bound.
    long left = settings.maxTotalWait().toNanos() - (System.nanoTime() - started);
    httpCall.timeout().timeout(Math.max(1_000_000, Math.min(settings.callTimeout().toNanos(), left)),
        TimeUnit.NANOSECONDS);
    long sent = System.nanoTime();
    try (Response response = httpCall.execute()) {
      ResponseBody body = response.body();
      byte[] content = body.bytes();
      answerNanos.addAndGet(System.nanoTime() - sent);
      bytes.addAndGet(content.length);
      Map<String, List<String>> headers = response.headers().toMultimap();
      limiter.observe(headers, cost);
      learnCost(url.encodedPath(), headers);
      return classify(number, response.code(), headers, url.toString(), content, call.text(), since(sent));
    } catch (InterruptedIOException e) {
      if (Thread.currentThread().isInterrupted()) {
        throw new InternalException("Cannot " + method + " " + url.encodedPath()
            + ": the thread was interrupted", e);
      }
      return failure(number, url, e, e instanceof SocketTimeoutException || isTimeout(e), since(sent));
    } catch (UnknownHostException | SSLException e) {
      return failure(number, url, e, false, since(sent));
    } catch (IOException e) {
      // A pooled connection the server had closed while idle ("unexpected end of stream"): the
      // other idle ones are likely as old, so the retry opens a fresh one instead of spending
      // its attempts on them.
      http.connectionPool().evictAll();
      return failure(number, url, e, true, since(sent));
    }
  }

  private static boolean isTimeout(InterruptedIOException e) {
    // OkHttp reports a call timeout as a plain InterruptedIOException("timeout").
    return "timeout".equals(e.getMessage()) || e.getMessage() == null;
  }

  private void learnCost(String path, Map<String, List<String>> headers) {
    String used = LimiterCore.first(headers, "X-Ratelimit-Used-CurrentRequest");
    if (used != null && used.trim().matches("\\d{1,6}")) {
      int cost = Math.max(1, Integer.parseInt(used.trim()));
      costs.put(path, cost);
    }
  }

  private static Duration since(long nanos) {
    return Duration.ofNanos(System.nanoTime() - nanos);
  }

  private Attempt failure(int number, HttpUrl url, IOException e, boolean retryable, Duration took) {
    return new Attempt(number, 0, Map.of(), url.toString(), null, null, e, retryable,
        backoff(number), false, took, false);
  }

  private Attempt classify(int number, int status, Map<String, List<String>> headers, String url,
      byte[] content, boolean text, Duration took) {
    if (status >= 200 && status < 300) {
      Optional<JsonNode> body = text
          ? Optional.of(TextNode.valueOf(new String(content, StandardCharsets.UTF_8)))
          : parseJson(status, content);
      if (body.isPresent()) {
        return new Attempt(number, status, headers, url, body.get(), null, null, false, Duration.ZERO,
            false, took, false);
      }
      // A maintenance page or a cut body behind a 200 is usually a proxy's passing trouble: retried
      // within the same bounds as a 503, counted as a retry, and described by its shape only.
      return new Attempt(number, status, headers, url, null, ErrorBodies.shapeOfNonJson(content), null,
          true, backoff(number), false, took, true);
    }
    String message = ErrorBodies.summarize(content);
    boolean retryable = status == 429 || status == 500 || status == 502 || status == 503 || status == 504;
    if (!retryable) {
      return new Attempt(number, status, headers, url, null, message, null, false, Duration.ZERO, false,
          took, false);
    }
    Optional<Duration> asked = status == 429 || status == 503
        ? RetryAfter.parse(LimiterCore.first(headers, "Retry-After"))
        : Optional.empty();
    if (asked.isEmpty() && status == 429) {
      asked = LimiterCore.resetDelay(headers);
    }
    if (asked.isPresent()) {
      // Every table of the connection waits, not only this request.
      limiter.pauseFor(asked.get());
      return new Attempt(number, status, headers, url, null, message, null, true, asked.get(), true, took, false);
    }
    return new Attempt(number, status, headers, url, null, message, null, true, backoff(number), status == 429,
        took, false);
  }

  private static Optional<JsonNode> parseJson(int status, byte[] content) {
    if (content.length == 0) {
      return status == 204 ? Optional.of(NullNode.getInstance()) : Optional.empty();
    }
    try {
      JsonNode node = Json.MAPPER.readTree(content);
      return node == null || node.isMissingNode() ? Optional.empty() : Optional.of(node);
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** Exponential backoff with equal jitter: half the step fixed, half random. */
  private Duration backoff(int number) {
    long initial = settings.initialBackoff().toNanos();
    long cap = settings.maxBackoff().toNanos();
    long step = initial << Math.min(30, number - 1);
    if (step <= 0 || step > cap) {
      step = cap;
    }
    long half = step / 2;
    return Duration.ofNanos(half + ThreadLocalRandom.current().nextLong(half + 1));
  }
}
