package io.tributary.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.api.ExternalException;
import io.tributary.api.ReadMetrics;
import io.tributary.api.UserException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import okhttp3.HttpUrl;

/**
 * The request behind a connector's {@code check()}: one GET of the provider's cheapest
 * authenticated path, on a client of its own, with the failures a user at a prompt can act on
 * turned into messages that name the option to fix. Thread-safe.
 *
 * <pre>
 * ConnectionCheck check = ConnectionCheck.of(rest.settings(), "Freshdesk", "/api/v2/agents/me")
 *     .forbiddenMeans("the account's plan does not include API access, or the API key's agent may not use it");
 * JsonNode agent = check.run();
 * return "Freshdesk account '" + domain + "' at " + check.host() + ": authenticated as agent " + agent.path("id");
 * </pre>
 *
 * The check's client takes the connection's settings with at most {@value #MAX_ATTEMPTS}
 * attempts and {@link #MAX_WAIT} in all: someone is waiting for the answer, so a closed port or a
 * down API is reported in seconds, not after minutes of backoff. {@link #run()} fails with:
 *
 * <ul>
 *   <li>404: {@code UserException} "... GET /api/v2/agents/me answered 404, so the host is not a
 *       Freshdesk account; check domain" (the {@link HttpSettings#hostOption()});
 *   <li>a 2xx whose body is not JSON, after the retry: {@code UserException} "... so the host is
 *       not Freshdesk's API; check domain";
 *   <li>a refused connection or no route to the host: {@code UserException} "... the host cannot
 *       be reached (ConnectException); check domain";
 *   <li>403: {@code ExternalException} "Freshdesk refused GET ... with 403: " and what it means
 *       ({@link #forbiddenMeans});
 *   <li>anything else as the {@link RestClient} reports it: a 401 naming the credential option,
 *       an unknown host naming the host option, a 429 or 5xx after the retry.
 * </ul>
 *
 * Its requests are not the connection client's: add {@link #metrics()} to the connector's.
 */
public final class ConnectionCheck {
  /** Attempts of a check's request, the first included: one retry at most. */
  public static final int MAX_ATTEMPTS = 2;
  /** The most a check's request may take, its retry and waits included. */
  public static final Duration MAX_WAIT = Duration.ofSeconds(30);

  private final RestClient probe;
  private final String vendor;
  private final String path;
  private final String notFound;
  private final List<String> alsoOn404;
  private final String forbidden;

  private ConnectionCheck(RestClient probe, String vendor, String path, String notFound,
      List<String> alsoOn404, String forbidden) {
    this.probe = probe;
    this.vendor = Objects.requireNonNull(vendor, "vendor");
    this.path = Objects.requireNonNull(path, "path");
    this.notFound = Objects.requireNonNull(notFound, "notFound");
    this.alsoOn404 = List.copyOf(alsoOn404);
    this.forbidden = Objects.requireNonNull(forbidden, "forbidden");
  }

  /**
   * A check of {@code GET path} on the connection {@code settings} describe, capped at {@link
   * #MAX_ATTEMPTS} and {@link #MAX_WAIT} (or less when the settings allow less). No I/O.
   *
   * @param vendor the provider's display name in messages, such as {@code Freshdesk}
   * @param path the cheapest authenticated path, such as {@code /api/v2/agents/me}
   */
  public static ConnectionCheck of(HttpSettings settings, String vendor, String path) {
    Duration wait = settings.maxTotalWait().compareTo(MAX_WAIT) < 0 ? settings.maxTotalWait() : MAX_WAIT;
    RestClient probe = RestClient.create(settings.toBuilder()
        .retries(Math.min(MAX_ATTEMPTS, settings.maxAttempts()), wait).build());
    return new ConnectionCheck(probe, vendor, path, "the host is not a " + vendor + " account", List.of(),
        "the account's plan does not include API access, or the credentials may not use it");
  }

  /**
   * This check, saying {@code meaning} after a 404 instead of "the host is not a Freshdesk
   * account", and naming {@code alsoCheck} after the host option: {@code notFoundMeans("the host is
   * not a Salesforce instance, or it does not serve that API version", "api_version")}.
   */
  public ConnectionCheck notFoundMeans(String meaning, String... alsoCheck) {
    return new ConnectionCheck(probe, vendor, path, meaning, List.of(alsoCheck), forbidden);
  }

  /**
   * This check, saying {@code meaning} after a 403 instead of "the account's plan does not include
   * API access, or the credentials may not use it".
   */
  public ConnectionCheck forbiddenMeans(String meaning) {
    return new ConnectionCheck(probe, vendor, path, notFound, alsoOn404, meaning);
  }

  /**
   * GETs the path and returns its JSON body.
   *
   * @throws UserException when the host is not the provider's API (404, a body that is not JSON,
   *     a host that cannot be reached: naming the host option), or the credentials were rejected
   *     (401: naming the credential option)
   * @throws ExternalException when the provider refuses the call with 403, or fails
   */
  public JsonNode run() {
    try {
      return probe.get(path, Map.of()).body();
    } catch (ExternalException e) {
      throw failure(e);
    }
  }

  /**
   * The rejection of credentials the provider answered with success all the same, such as
   * Zendesk's anonymous user: "... GET /api/v2/users/me answered {@code answer}, so Zendesk did not
   * accept the credentials; check email and api_token" (the {@link HttpSettings#credentialOption()}).
   */
  public UserException credentialsRefused(String answer) {
    return new UserException(redacted(cannot() + "GET " + path + " answered " + answer + ", so " + vendor
        + " did not accept the credentials; check " + probe.settings().credentialOption()));
  }

  /** The host requests go to, with its port unless it is the scheme's default; never a path or query. */
  public String host() {
    HttpUrl base = HttpUrl.get(probe.settings().baseUrl().trim());
    return base.port() == HttpUrl.defaultPort(base.scheme()) ? base.host() : base.host() + ":" + base.port();
  }

  /** Requests, retries and throttled time of this check's client so far. */
  public ReadMetrics metrics() {
    return probe.metrics();
  }

  private RuntimeException failure(ExternalException e) {
    String fix = "; check " + probe.settings().hostOption();
    String says = e.providerMessage().map(m -> ": " + m).orElse("");
    Throwable cause = e.getCause();
    if (e.status() == 404) {
      String also = alsoOn404.isEmpty() ? "" : " and " + String.join(" and ", alsoOn404);
      return new UserException(List.of(redacted(cannot() + "GET " + path + " answered 404" + says + ", so "
          + notFound + fix + also)), e);
    }
    if (e.status() >= 200 && e.status() < 300) {
      return new UserException(List.of(redacted(cannot() + "GET " + path + " answered " + e.status()
          + " with a body that is not JSON" + says + ", so the host is not " + vendor + "'s API" + fix)), e);
    }
    if (cause instanceof ConnectException || cause instanceof NoRouteToHostException) {
      return new UserException(List.of(redacted(cannot() + "the host cannot be reached ("
          + cause.getClass().getSimpleName() + ")" + fix)), e);
    }
    if (e.status() == 403) {
      return new ExternalException(redacted(cannot() + vendor + " refused GET " + path + " with 403" + says
          + ": " + forbidden), 403, e.providerMessage().orElse(null), false, e);
    }
    return e;
  }

  private String cannot() {
    return "Cannot check the " + vendor + " connection to " + host() + ": ";
  }

  /** The provider's message is redacted already; the wording a source passed in may not be. */
  private String redacted(String text) {
    return new Redactor(probe.settings()).text(text);
  }

  @Override
  public String toString() {
    return "ConnectionCheck[GET " + path + " on " + probe + "]";
  }
}
