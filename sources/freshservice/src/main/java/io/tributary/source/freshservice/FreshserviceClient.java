package io.tributary.source.freshservice;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.api.CommonOptions;
import io.tributary.api.ExternalException;
import io.tributary.api.OptionValues;
import io.tributary.api.ReadMetrics;
import io.tributary.api.UserException;
import io.tributary.http.Auth;
import io.tributary.http.HttpSettings;
import io.tributary.http.JsonResponse;
import io.tributary.http.Page;
import io.tributary.http.Paging;
import io.tributary.http.RestClient;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Freshservice over connector-http: one {@link RestClient} per connection, so every table of a run
 * and the requested_items fan-out share one rate budget. Lists page with {@code page}/{@code
 * per_page} and a {@code Link: rel="next"} header holding the next page's full URL.
 */
final class FreshserviceClient implements AutoCloseable {
  /**
   * The agent the API key belongs to, {@code {"agent": {...}}}: the cheapest authenticated call, and
   * unlike the agents list it needs no admin role.
   */
  static final String AGENTS_ME = "/api/v2/agents/me";
  /** The most one check may take, its one retry and waits included. */
  static final Duration CHECK_WAIT = Duration.ofSeconds(30);

  private final RestClient rest;
  private final RestClient probe;
  private final String domain;

  FreshserviceClient(RestClient rest, String domain) {
    this.rest = rest;
    this.domain = domain;
    // A check answers someone waiting at a prompt: one retry at most, so it spends at most two
    // requests and a closed port or a down API is reported in seconds, not after minutes of backoff.
    HttpSettings s = rest.settings();
    Duration wait = s.maxTotalWait().compareTo(CHECK_WAIT) < 0 ? s.maxTotalWait() : CHECK_WAIT;
    this.probe = RestClient.create(s.toBuilder().retries(Math.min(2, s.maxAttempts()), wait).build());
  }

  static FreshserviceClient create(OptionValues connection) {
    HttpSettings settings = HttpSettings.forAccount("freshservice", connection, FreshserviceOptions.DOMAIN, "https://{label}.freshservice.com")
        .auth(Auth.basicApiKey(connection.string(FreshserviceOptions.API_KEY)))
        .credentialOption(FreshserviceOptions.API_KEY)
        .build();
    return new FreshserviceClient(RestClient.create(settings), connection.string(FreshserviceOptions.DOMAIN));
  }

  /**
   * Checks the connection with {@code GET /api/v2/agents/me} and says which agent of which account
   * it authenticated as: the agent's id only, never a name, an email or the key.
   *
   * @throws UserException on a rejected key (naming api_key), or when the host is not a
   *     Freshservice account: a 404 (Freshworks' answer for an unknown domain), a page that is not
   *     JSON, or a host that refuses connections (naming domain, or base_url when set)
   * @throws ExternalException when Freshservice fails, or refuses the call with 403
   */
  String check() {
    JsonNode agent;
    try {
      agent = probe.get(AGENTS_ME, Map.of()).body().path("agent");
    } catch (ExternalException e) {
      throw checkFailure(e);
    }
    return "Freshservice account '" + domain + "' at " + host() + ": authenticated as agent "
        + agent.path("id").asText("<no id>") + (agent.path("occasional").asBoolean(false) ? " (occasional)" : "");
  }

  private RuntimeException checkFailure(ExternalException e) {
    String cannot = "Cannot check the Freshservice connection to " + host() + ": ";
    String fix = "; check " + probe.settings().hostOption();
    String says = e.providerMessage().map(m -> ": " + m).orElse("");
    Throwable cause = e.getCause();
    if (e.status() == 404) {
      return new UserException(List.of(cannot + "GET " + AGENTS_ME + " answered 404" + says
          + ", so the host is not a Freshservice account" + fix), e);
    }
    if (e.status() >= 200 && e.status() < 300) {
      return new UserException(List.of(cannot + "GET " + AGENTS_ME + " answered " + e.status()
          + " with a body that is not JSON" + says + ", so the host is not Freshservice's API" + fix), e);
    }
    if (cause instanceof ConnectException || cause instanceof NoRouteToHostException) {
      return new UserException(List.of(cannot + "the host cannot be reached ("
          + cause.getClass().getSimpleName() + ")" + fix), e);
    }
    if (e.status() == 403) {
      return new ExternalException(cannot + "Freshservice refused GET " + AGENTS_ME + " with 403" + says
          + ": the account's plan does not include API access, or the API key's agent may not use it",
          403, e.providerMessage().orElse(null), false, e);
    }
    return e;
  }

  /** The host and port requests go to; never a path or query. */
  private String host() {
    URI base = URI.create(probe.settings().baseUrl().trim());
    return base.getPort() < 0 ? base.getHost() : base.getHost() + ":" + base.getPort();
  }

  /**
   * One page of {@code table}'s list at {@code path}: the first page with {@code query}, or the
   * page {@code next} (a Link header URL) names.
   */
  Page page(FreshserviceTable table, String path, Map<String, String> query, Optional<String> next) {
    JsonResponse response = guarded(table, () -> next.isPresent()
        ? rest.get(next.get())
        : rest.get(path, query));
    return new Page(Paging.records(response, "/" + table.envelope()), Paging.linkNext(response));
  }

  /** The first-page query of {@code table}: its own parameters, then per_page. */
  static Map<String, String> query(FreshserviceTable table, Map<String, String> filter, OptionValues tableOptions) {
    Map<String, String> query = new LinkedHashMap<>(filter);
    query.putAll(table.query());
    query.put(CommonOptions.PER_PAGE, tableOptions.string(CommonOptions.PER_PAGE));
    return query;
  }

  ReadMetrics metrics() {
    return rest.metrics().plus(probe.metrics());
  }

  @Override
  public void close() {
    rest.close();
  }

  /**
   * A 403 on one table usually means the plan lacks that module; fail the table naming it, so
   * the user knows to drop the table or upgrade, while other tables carry on.
   */
  private static JsonResponse guarded(FreshserviceTable table, Supplier<JsonResponse> call) {
    try {
      return call.get();
    } catch (ExternalException e) {
      if (e.status() != 403) {
        throw e;
      }
      throw new ExternalException(
          "Cannot read table '" + table.name() + "': Freshservice refused " + table.path()
              + " with 403 Forbidden. Your plan may not include " + table.planFeature()
              + ", or the API key's agent role lacks access to it; remove the table from the "
              + "spec or enable the feature" + e.providerMessage().map(m -> " (Freshservice says: " + m + ")").orElse(""),
          403, e.providerMessage().orElse(null), false, e);
    }
  }

  @Override
  public String toString() {
    return "FreshserviceClient[" + rest + "]";
  }
}
