package io.tributary.simulator;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;

/**
 * An in-process HTTP simulator of a vendor API, on the JDK's {@code com.sun.net.httpserver},
 * bound to 127.0.0.1 on a free port. Used by source tests and by {@code tributary demo}.
 *
 * <pre>
 * try (Simulator sim = Simulator.builder(dataset)
 *     .auth(AuthCheck.basicApiKey("test-key"))
 *     .rateLimit(RateLimit.perMinute(100))
 *     .endpoint(Endpoint.list("/api/v2/tickets", tickets).envelope(Envelope.key("tickets")))
 *     .start()) {
 *   String baseUrl = sim.baseUrl();   // http://127.0.0.1:PORT
 *   sim.faults().next("/api/v2/tickets", 2, Fault.status(503));
 *   ...
 *   assertThat(sim.requests("/api/v2/tickets")).hasSize(3);
 * }
 * </pre>
 *
 * <p>Each request goes through, in order: the request log, scripted faults, auth (401 or 403), the
 * rate limit (429), then the endpoint (404 for an unknown path, 405 for another method). Every
 * response then waits the simulator's {@link Builder#latency latency}, if any.
 */
public final class Simulator implements AutoCloseable {
  private final HttpServer server;
  private final ExecutorService executor;
  private final Dataset dataset;
  private final Faults faults = new Faults();
  private final List<LoggedRequest> log = new CopyOnWriteArrayList<>();
  private final AtomicReference<AuthCheck> auth;
  private final AtomicReference<Duration> latency;
  private final String baseUrl;

  private Simulator(Builder builder) throws IOException {
    this.dataset = builder.dataset;
    this.auth = new AtomicReference<>(builder.auth);
    this.latency = new AtomicReference<>(builder.latency);
    this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
    this.baseUrl = "http://127.0.0.1:" + server.getAddress().getPort();
    // A thread per request in flight: a request waiting out its latency must not hold up others.
    this.executor = Executors.newCachedThreadPool(r -> {
      Thread thread = new Thread(r, "simulator-" + server.getAddress().getPort());
      thread.setDaemon(true);
      return thread;
    });
    server.setExecutor(executor);
    TokenBucket bucket = builder.rateLimit == null ? null : new TokenBucket(builder.rateLimit);
    server.createContext("/", new SimServer(
        List.copyOf(builder.endpoints), builder.errors, auth, bucket, faults, log, baseUrl, dataset.clock(),
        latency));
    server.start();
  }

  public static Builder builder(Dataset dataset) {
    return new Builder(dataset);
  }

  /** {@code http://127.0.0.1:PORT}, without a trailing slash: the connector's {@code base_url}. */
  public String baseUrl() {
    return baseUrl;
  }

  public int port() {
    return server.getAddress().getPort();
  }

  public Dataset dataset() {
    return dataset;
  }

  public SimClock clock() {
    return dataset.clock();
  }

  /** Replaces the accepted credentials, for instance to expire an OAuth token mid-run. */
  public void auth(AuthCheck check) {
    auth.set(Objects.requireNonNull(check, "check"));
  }

  /** Replaces the delay before every response, for instance to model a slower region mid-run. */
  public void latency(Duration delay) {
    latency.set(checkedLatency(delay));
  }

  private static Duration checkedLatency(Duration delay) {
    if (Objects.requireNonNull(delay, "delay").isNegative()) {
      throw new IllegalArgumentException("Cannot answer with a negative latency: " + delay);
    }
    return delay;
  }

  /** The scripted fault queue. */
  public Faults faults() {
    return faults;
  }

  /** Every request received so far, in arrival order. */
  public List<LoggedRequest> requests() {
    return List.copyOf(log);
  }

  /** Requests whose path matches {@code path} (a template, an exact path or {@code *}). */
  public List<LoggedRequest> requests(String path) {
    PathTemplate template = PathTemplate.parse(path);
    List<LoggedRequest> matching = new ArrayList<>();
    for (LoggedRequest request : log) {
      if (template.matches(request.path()).isPresent()) {
        matching.add(request);
      }
    }
    return matching;
  }

  public void clearRequests() {
    log.clear();
  }

  /** Stops the server at once. Idempotent. */
  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  @Override
  public String toString() {
    return "Simulator[" + baseUrl + "]";
  }

  /** Declares a simulator; {@link #start()} binds it. */
  public static final class Builder {
    private final Dataset dataset;
    private final List<Endpoint> endpoints = new ArrayList<>();
    private AuthCheck auth = AuthCheck.none();
    private RateLimit rateLimit;
    private ErrorStyle errors = ErrorStyle.standard();
    private Duration latency = Duration.ZERO;

    private Builder(Dataset dataset) {
      this.dataset = Objects.requireNonNull(dataset, "dataset");
    }

    public Builder auth(AuthCheck check) {
      this.auth = Objects.requireNonNull(check, "check");
      return this;
    }

    public Builder rateLimit(RateLimit limit) {
      this.rateLimit = limit;
      return this;
    }

    /** The vendor's error body shape; {@link ErrorStyle#standard()} by default. */
    public Builder errors(ErrorStyle style) {
      this.errors = Objects.requireNonNull(style, "style");
      return this;
    }

    /**
     * A fixed delay before every response, as a real API answers after its own processing and
     * the network's round trip (300 ms, say); none by default. Concurrent requests wait side by
     * side, not in turn.
     */
    public Builder latency(Duration delay) {
      this.latency = checkedLatency(delay);
      return this;
    }

    /** Adds an endpoint; the first declared endpoint matching a path and method wins. */
    public Builder endpoint(Endpoint endpoint) {
      endpoints.add(Objects.requireNonNull(endpoint, "endpoint"));
      return this;
    }

    public Simulator start() {
      try {
        return new Simulator(this);
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot start simulator on 127.0.0.1", e);
      }
    }
  }
}
