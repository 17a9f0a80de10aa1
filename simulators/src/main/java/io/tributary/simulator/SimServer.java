package io.tributary.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import io.tributary.api.Json;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/** Routes each exchange through faults, auth, rate limit and the endpoints, and logs it. */
final class SimServer implements HttpHandler {
  private static final String HTML_PAGE =
      "<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head>"
          + "<body><h1>Bad Gateway</h1><p>The upstream server is unavailable.</p>"
          + "<p>Signed in as " + Fault.RECORD_NAME + " (" + Fault.RECORD_EMAIL + ")</p></body></html>";

  private final List<Endpoint> endpoints;
  private final ErrorStyle errors;
  private final AtomicReference<AuthCheck> auth;
  private final TokenBucket bucket;
  private final Faults faults;
  private final List<LoggedRequest> log;
  private final String baseUrl;
  private final Listing listing;
  private final AtomicReference<Duration> latency;

  SimServer(List<Endpoint> endpoints, ErrorStyle errors, AtomicReference<AuthCheck> auth, TokenBucket bucket,
      Faults faults, List<LoggedRequest> log, String baseUrl, SimClock clock, AtomicReference<Duration> latency) {
    this.endpoints = endpoints;
    this.errors = errors;
    this.auth = auth;
    this.bucket = bucket;
    this.faults = faults;
    this.log = log;
    this.baseUrl = baseUrl;
    this.listing = new Listing(errors, clock);
    this.latency = latency;
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    Instant at = Instant.now();
    String method = exchange.getRequestMethod();
    String path = exchange.getRequestURI().getRawPath();
    Map<String, String> query = parseQuery(exchange.getRequestURI().getRawQuery());
    Map<String, String> headers = new LinkedHashMap<>();
    exchange.getRequestHeaders().forEach((name, values) ->
        headers.put(name.toLowerCase(Locale.ROOT), values.isEmpty() ? "" : values.get(0)));
    String body;
    try (InputStream in = exchange.getRequestBody()) {
      body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    SimResponse response;
    try {
      Optional<Fault> fault = faults.take(path);
      if (fault.isPresent() && fault.get().kind() == Fault.Kind.RESET) {
        record(method, path, query, headers, 0, at, LoggedRequest.UNKNOWN);
        reset(exchange);
        return;
      }
      if (fault.isPresent() && fault.get().kind() == Fault.Kind.SLOW) {
        sleep(fault.get());
        fault = Optional.empty();
      }
      response = fault.isPresent()
          ? faultResponse(fault.get())
          : answer(method, path, query, headers, body);
    } catch (RuntimeException e) {
      response = SimResponse.json(500, errors.body(500, "internal_error",
          "Simulator failure: " + e.getClass().getSimpleName() + ": " + e.getMessage()));
    }
    record(method, path, query, headers, response.status(), at, served(response));
    // Each exchange waits on its own executor thread, holding no lock, so concurrent requests
    // wait their latency side by side, as on a real API.
    sleep(latency.get());
    send(exchange, response);
  }

  private SimResponse answer(String method, String path, Map<String, String> query,
      Map<String, String> headers, String body) {
    Endpoint endpoint = null;
    Map<String, String> vars = Map.of();
    boolean pathKnown = false;
    for (Endpoint candidate : endpoints) {
      Optional<Map<String, String>> match = candidate.path.matches(path);
      if (match.isPresent()) {
        pathKnown = true;
        if (candidate.method.equalsIgnoreCase(method)) {
          endpoint = candidate;
          vars = match.get();
          break;
        }
      }
    }
    boolean needsAuth = endpoint == null || endpoint.authenticated;
    Optional<SimResponse> rejection = needsAuth ? auth.get().rejection(headers, errors) : Optional.empty();
    if (rejection.isPresent()) {
      return rejection.get();
    }
    TokenBucket.Decision decision = bucket == null ? null : bucket.take();
    SimResponse response;
    if (decision != null && !decision.allowed()) {
      response = SimResponse.json(429, errors.body(429, "rate_limit_exceeded",
              "You have exceeded the limit of requests per " + bucket.limit().windowText()))
          .header("Retry-After", String.valueOf(decision.retryAfterSeconds()));
    } else if (endpoint == null) {
      response = pathKnown
          ? SimResponse.json(405, errors.body(405, "method_not_allowed", method + " is not allowed on " + path))
          : SimResponse.json(404, errors.body(404, "not_found", "No route matches " + path));
    } else {
      SimRequest request = new SimRequest(method, path, vars, query, headers, body, baseUrl);
      response = switch (endpoint.kind) {
        case LIST -> listing.list(endpoint, request);
        case ITEM -> listing.item(endpoint, request);
        case CUSTOM -> endpoint.handler.handle(request);
      };
    }
    return decision == null ? response : withRateHeaders(response, decision);
  }

  private SimResponse withRateHeaders(SimResponse response, TokenBucket.Decision decision) {
    RateLimit limit = bucket.limit();
    SimResponse result = response;
    if (limit.totalHeader != null) {
      result = result.header(limit.totalHeader, String.valueOf(limit.requests));
    }
    if (limit.remainingHeader != null) {
      result = result.header(limit.remainingHeader, String.valueOf(decision.remaining()));
    }
    if (limit.usedHeader != null) {
      result = result.header(limit.usedHeader, decision.allowed() ? "1" : "0");
    }
    return result;
  }

  private SimResponse faultResponse(Fault fault) {
    return switch (fault.kind()) {
      case STATUS -> {
        SimResponse response = SimResponse.json(fault.status(), errors.body(fault.status(),
            statusCode(fault.status()), statusMessage(fault.status())));
        yield fault.retryAfterSeconds() >= 0
            ? response.header("Retry-After", String.valueOf(fault.retryAfterSeconds())) : response;
      }
      case MALFORMED_JSON -> SimResponse.json(fault.status(), "{\"records\":[{\"id\":1,\"name\":\""
          + Fault.RECORD_NAME + "\",\"email\":\"" + Fault.RECORD_EMAIL + "\",\"description\":\"Please call");
      case HTML_PAGE -> SimResponse.text(fault.status(), "text/html; charset=utf-8", HTML_PAGE);
      case EMPTY_BODY -> SimResponse.text(fault.status(), "application/json; charset=utf-8", "");
      case WITHOUT_ENVELOPE -> SimResponse.json(fault.status(), "{\"status\":\"ok\",\"total\":0}");
      case RESET, SLOW -> throw new IllegalStateException("handled before: " + fault);
    };
  }

  private static String statusCode(int status) {
    return switch (status) {
      case 401 -> "invalid_credentials";
      case 403 -> "access_denied";
      case 404 -> "not_found";
      case 429 -> "rate_limit_exceeded";
      default -> "server_error";
    };
  }

  private static String statusMessage(int status) {
    return switch (status) {
      case 401 -> "You have to be logged in to perform this action.";
      case 403 -> "You are not authorized to perform this action.";
      case 404 -> "The requested resource was not found.";
      case 429 -> "Too many requests";
      default -> "Internal error, please retry";
    };
  }

  /** See {@link LoggedRequest#served}: counted from the body, so custom handlers are counted too. */
  static int served(SimResponse response) {
    if (response.status() / 100 != 2 || !response.contentType().contains("json") || response.body().isEmpty()) {
      return LoggedRequest.UNKNOWN;
    }
    JsonNode body;
    try {
      body = Json.MAPPER.readTree(response.body());
    } catch (IOException | RuntimeException notJson) {
      return LoggedRequest.UNKNOWN;
    }
    if (body.isArray()) {
      return body.size();
    }
    JsonNode list = null;
    for (JsonNode value : body) {
      if (value.isArray()) {
        if (list != null) {
          return LoggedRequest.UNKNOWN;
        }
        list = value;
      }
    }
    return list == null ? LoggedRequest.UNKNOWN : list.size();
  }

  private void record(String method, String path, Map<String, String> query, Map<String, String> headers,
      int status, Instant at, int served) {
    Map<String, String> safe = new LinkedHashMap<>(headers);
    safe.remove("authorization");
    safe.remove("cookie");
    safe.remove("proxy-authorization");
    log.add(new LoggedRequest(method, path, query, safe, status, at, served));
  }

  private static void send(HttpExchange exchange, SimResponse response) throws IOException {
    byte[] bytes = response.body().getBytes(StandardCharsets.UTF_8);
    if (!response.body().isEmpty()) {
      exchange.getResponseHeaders().set("Content-Type", response.contentType());
    }
    response.headers().forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
    exchange.sendResponseHeaders(response.status(), bytes.length == 0 ? -1 : bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  /**
   * Promises a body, sends part of it and fails the exchange, which makes the server drop the
   * connection. Dropping before any response is not enough: clients silently retry an idempotent
   * request whose connection closed early, while a body cut short surfaces as an I/O error, as a
   * reset mid-transfer does.
   */
  private static void reset(HttpExchange exchange) throws IOException {
    byte[] part = "{\"records\":[".getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(200, 4096);
    OutputStream out = exchange.getResponseBody();
    out.write(part);
    out.flush();
    throw new IOException("simulated connection reset");
  }

  private static void sleep(Fault fault) {
    sleep(fault.delay());
  }

  private static void sleep(Duration delay) {
    if (delay.isZero()) {
      return;
    }
    try {
      Thread.sleep(delay.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  static Map<String, String> parseQuery(String rawQuery) {
    Map<String, String> query = new LinkedHashMap<>();
    if (rawQuery == null || rawQuery.isEmpty()) {
      return query;
    }
    for (String pair : rawQuery.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String name = decode(eq < 0 ? pair : pair.substring(0, eq));
      String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
      query.putIfAbsent(name, value);
    }
    return query;
  }

  private static String decode(String text) {
    return URLDecoder.decode(text, StandardCharsets.UTF_8);
  }
}
