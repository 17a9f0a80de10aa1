package io.tributary.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.tributary.api.Connector;
import io.tributary.api.ConnectorFactory;
import io.tributary.api.ExternalException;
import io.tributary.api.OptionDef;
import io.tributary.api.OptionValues;
import io.tributary.api.UserException;
import io.tributary.simulator.Fault;
import io.tributary.simulator.LoggedRequest;
import io.tributary.simulator.Simulator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import org.assertj.core.api.AbstractThrowableAssert;

/**
 * What every source's {@link Connector#check()} test holds a check to, whatever it calls: the line
 * and every failure stay on one line without a secret of the connection options or a record value
 * of the simulator's fault bodies; a closed port is named by the option that set the host, within
 * two attempts; an outage is retried once, then reported with its status. A source's own test adds
 * what its check says: which account, which option, which wording. Each case returns an assertion
 * on the failure for that.
 *
 * <pre>
 * private final FreshdeskSimulator sim = FreshdeskSimulator.start();
 * private final CheckCases cases = new CheckCases(new FreshdeskConnectorFactory(), sim::connectionOptions);
 *
 * &#64;Test
 * void rejectedKeyNamesApiKeyWithoutRetrying() {
 *   cases.rejected(sim.server(), Map.of("api_key", "fd-wrong-key-77a1c9"), "api_key").hasMessageContaining("401");
 * }
 *
 * &#64;Test
 * void forbiddenSaysThePlanLacksTheApi() {
 *   cases.forbidden(sim.server(), "/api/v2/agents/me").hasMessageContaining("plan does not include API access");
 * }
 * </pre>
 */
public final class CheckCases {
  /** The most requests one check may make, its retry included. */
  public static final int MAX_REQUESTS = 2;

  private final ConnectorFactory factory;
  private final Supplier<Map<String, String>> options;

  /**
   * @param options the connection options of the simulator the checks go to; read at each check,
   *     so a test may restart its simulator (then pass a lambda, not a method reference)
   */
  public CheckCases(ConnectorFactory factory, Supplier<Map<String, String>> options) {
    this.factory = Objects.requireNonNull(factory, "factory");
    this.options = Objects.requireNonNull(options, "options");
  }

  /**
   * A connector on the simulator's connection options with {@code overrides} on top; an override
   * whose value is null removes the option.
   */
  public Connector connect(Map<String, String> overrides) {
    return factory.create(validated(options.get(), overrides));
  }

  /**
   * Checks the connection on the simulator's options and returns the line, once it is held to be
   * one line without a secret.
   */
  public String line() {
    Map<String, String> base = options.get();
    String line = factory.create(validated(base, Map.of())).check();
    assertThat(line).as("the check's line").isNotBlank().doesNotContain("\n");
    assertNoSecret(line, base, Map.of());
    return line;
  }

  /**
   * Checks the connection on the simulator's options with {@code overrides}, and returns an
   * assertion on the failure, once it is held to have happened and to be one line without a secret
   * of the options (before or after the overrides) or a record value of a fault's body.
   */
  public AbstractThrowableAssert<?, ? extends Throwable> fails(Map<String, String> overrides) {
    Map<String, String> base = options.get();
    return failure(factory.create(validated(base, overrides)), base, overrides);
  }

  /** {@link #fails} on the simulator's options after queueing {@code fault} {@code times} on {@code path}. */
  public AbstractThrowableAssert<?, ? extends Throwable> failsOn(Simulator sim, String path, int times, Fault fault) {
    sim.faults().next(path, times, fault);
    return fails(Map.of());
  }

  /**
   * The check on the simulator's options with {@code overrides} fails with a user error that says
   * to check {@code credentialOptions}, having asked no path twice: rejected credentials are not
   * retried.
   */
  public AbstractThrowableAssert<?, ? extends Throwable> rejected(
      Simulator sim, Map<String, String> overrides, String credentialOptions) {
    AbstractThrowableAssert<?, ? extends Throwable> failure = fails(overrides)
        .isInstanceOf(UserException.class).hasMessageContaining("check " + credentialOptions);
    assertNoRetry(sim);
    return failure;
  }

  /**
   * The check on the simulator's options with {@code overrides} meets a 404 (from the overrides, or
   * a fault the test queued) and fails with a user error naming the status and saying to check
   * {@code hostOption}, having asked no path twice.
   */
  public AbstractThrowableAssert<?, ? extends Throwable> notFound(
      Simulator sim, Map<String, String> overrides, String hostOption) {
    AbstractThrowableAssert<?, ? extends Throwable> failure = fails(overrides)
        .isInstanceOf(UserException.class).hasMessageContaining("404").hasMessageContaining("check " + hostOption);
    assertNoRetry(sim);
    return failure;
  }

  /**
   * Answers {@code path} with an HTML page and 200 every time, as a proxy or a login page in front
   * of another host does: the check retries once, then fails with a user error naming the status and
   * saying to check {@code hostOption}.
   */
  public AbstractThrowableAssert<?, ? extends Throwable> notJson(Simulator sim, String path, String hostOption) {
    AbstractThrowableAssert<?, ? extends Throwable> failure = failsOn(sim, path, 5, Fault.htmlErrorPage(200))
        .isInstanceOf(UserException.class).hasMessageContaining("200").hasMessageContaining("check " + hostOption);
    assertThat(sim.requests(path)).as("requests of " + path).hasSize(MAX_REQUESTS);
    return failure;
  }

  /**
   * Answers {@code path} with 403 once: the check fails with an external error of that status, not
   * retryable, having asked {@code path} once. The test adds what the source says a 403 means.
   */
  public AbstractThrowableAssert<?, ? extends Throwable> forbidden(Simulator sim, String path) {
    AbstractThrowableAssert<?, ? extends Throwable> failure = failsOn(sim, path, 1, Fault.status(403))
        .isInstanceOfSatisfying(ExternalException.class, e -> {
          assertThat(e.status()).isEqualTo(403);
          assertThat(e.retryable()).isFalse();
        }).hasMessageContaining("403");
    assertThat(sim.requests(path)).as("requests of " + path).hasSize(1);
    return failure;
  }

  /**
   * Points {@code hostOption} at a closed port of this machine: the check fails with a user error
   * that names the host and port and says to check {@code hostOption}, caused by the refused
   * connection, after at most {@link #MAX_REQUESTS} attempts.
   */
  public void unreachable(String hostOption) {
    String hostAndPort = "127.0.0.1:" + closedPort();
    Map<String, String> base = options.get();
    Map<String, String> overrides = Map.of(hostOption, "http://" + hostAndPort);
    Connector connector = factory.create(validated(base, overrides));

    Throwable failure = catchThrowable(connector::check);

    assertThat(failure).as("what check() threw").isNotNull();
    assertNoSecret(String.valueOf(failure.getMessage()), base, overrides);
    assertThat(failure).isInstanceOf(UserException.class)
        .hasMessageContaining(hostAndPort).hasMessageContaining("check " + hostOption);
    assertThat(causes(failure)).as("the causes of: " + failure.getMessage())
        .anyMatch(ConnectException.class::isInstance);
    assertThat(connector.metrics().requests()).as("requests the check counted").isLessThanOrEqualTo(MAX_REQUESTS);
  }

  /**
   * Answers {@code path} with 503 every time: the check retries once, then fails with the status,
   * retryable, after exactly {@link #MAX_REQUESTS} requests of {@code path}, which the connector's
   * metrics count.
   */
  public void outageRetriedOnce(Simulator sim, String path) {
    sim.faults().next(path, 5, Fault.status(503));
    Map<String, String> base = options.get();
    Connector connector = factory.create(validated(base, Map.of()));

    failure(connector, base, Map.of()).isInstanceOfSatisfying(ExternalException.class, e -> {
      assertThat(e.status()).isEqualTo(503);
      assertThat(e.retryable()).isTrue();
    }).hasMessageContaining("503").hasMessageContaining(MAX_REQUESTS + " attempts");
    assertThat(sim.requests(path)).extracting(LoggedRequest::status).containsExactly(503, 503);
    assertThat(connector.metrics().requests()).as("requests the connector's metrics count").isEqualTo(MAX_REQUESTS);
  }

  /**
   * An assertion on what {@code connector}'s check threw, once it is held to be one line without a
   * secret or a fault body's record value.
   */
  private AbstractThrowableAssert<?, ? extends Throwable> failure(
      Connector connector, Map<String, String> base, Map<String, String> overrides) {
    Throwable failure = catchThrowable(connector::check);
    assertThat(failure).as("what check() threw").isNotNull();
    String message = String.valueOf(failure.getMessage());
    assertNoSecret(message, base, overrides);
    assertThat(message).as("the check's failure").doesNotContain("\n")
        .doesNotContain(Fault.RECORD_EMAIL).doesNotContain(Fault.RECORD_NAME);
    return assertThatThrownBy(() -> {
      throw failure;
    });
  }

  /** No path was asked twice. */
  private static void assertNoRetry(Simulator sim) {
    assertThat(sim.requests()).extracting(LoggedRequest::path).as("paths the check asked").doesNotHaveDuplicates();
  }

  /** {@code base} with {@code overrides} on top, validated by the factory. */
  private OptionValues validated(Map<String, String> base, Map<String, String> overrides) {
    Map<String, String> raw = new LinkedHashMap<>(base);
    overrides.forEach((name, value) -> {
      if (value == null) {
        raw.remove(name);
      } else {
        raw.put(name, value);
      }
    });
    return factory.connectionOptions().validate(raw);
  }

  /**
   * No secret value of the {@code base} options, nor of them with {@code overrides}, is in {@code
   * text}. A failure names the option, and shows the text redacted.
   */
  private void assertNoSecret(String text, Map<String, String> base, Map<String, String> overrides) {
    for (OptionValues values : List.of(validated(base, Map.of()), validated(base, overrides))) {
      values.definitions().definitions().stream().filter(OptionDef::isSecret).map(OptionDef::name)
          .filter(name -> values.optional(name).filter(v -> !v.isEmpty() && text.contains(v)).isPresent())
          .findFirst()
          .ifPresent(name -> {
            throw new AssertionError("Cannot show the check's text: it holds the value of secret option '"
                + name + "': " + values.redact(text));
          });
    }
  }

  private static List<Throwable> causes(Throwable failure) {
    List<Throwable> chain = new ArrayList<>();
    for (Throwable t = failure; t != null && !chain.contains(t); t = t.getCause()) {
      chain.add(t);
    }
    return chain;
  }

  /** A port nothing listens on: one the system just handed out and that was closed again. */
  private static int closedPort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
