package io.tributary.source.freshdesk;

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
import java.util.Map;
import java.util.Optional;

/**
 * Freshdesk over connector-http: one {@link RestClient} per connection, so every table of a run and
 * the conversations fan-out share one rate budget. Lists are bare JSON arrays paged with {@code
 * page}/{@code per_page} and a {@code Link: rel="next"} header holding the next page's full URL.
 */
final class FreshdeskClient implements AutoCloseable {
  /** The agent the API key belongs to: Freshdesk's cheapest authenticated call, one small object. */
  static final String AGENTS_ME = "/api/v2/agents/me";
  /** The most one check may take, its one retry and waits included. */
  static final Duration CHECK_WAIT = Duration.ofSeconds(30);

  private final RestClient rest;
  private final RestClient probe;
  private final String domain;

  FreshdeskClient(RestClient rest, String domain) {
    this.rest = rest;
    this.domain = domain;
    // A check answers someone waiting at a prompt: one retry at most, so it spends at most two
    // requests and a closed port or a down API is reported in seconds, not after minutes of backoff.
    HttpSettings s = rest.settings();
    Duration wait = s.maxTotalWait().compareTo(CHECK_WAIT) < 0 ? s.maxTotalWait() : CHECK_WAIT;
    this.probe = RestClient.create(s.toBuilder().retries(Math.min(2, s.maxAttempts()), wait).build());
  }

  static FreshdeskClient create(OptionValues connection) {
    HttpSettings settings = HttpSettings.forAccount("freshdesk", connection, FreshdeskOptions.DOMAIN, "https://{label}.freshdesk.com")
        .auth(Auth.basicApiKey(connection.string(FreshdeskOptions.API_KEY)))
        .credentialOption(FreshdeskOptions.API_KEY)
        .build();
    return new FreshdeskClient(RestClient.create(settings), connection.string(FreshdeskOptions.DOMAIN));
  }

  /**
   * Checks the connection with {@code GET /api/v2/agents/me} and says which agent of which account
   * it authenticated as: ids and the agent type only, never a name, an email or the key.
   *
   * @throws UserException on a rejected key (naming api_key), or when the host is not a Freshdesk
   *     account: a 404 (Freshdesk's answer for an unknown domain), a page that is not JSON, or a
   *     host that refuses connections (naming domain, or base_url when set)
   * @throws ExternalException when Freshdesk fails, or refuses the call with 403
   */
  String check() {
    JsonNode agent;
    try {
      agent = probe.get(AGENTS_ME, Map.of()).body();
    } catch (ExternalException e) {
      throw checkFailure(e);
    }
    String type = agent.path("type").asText("");
    return "Freshdesk account '" + domain + "' at " + host() + ": authenticated as agent "
        + agent.path("id").asText("<no id>") + (type.isEmpty() ? "" : " (" + type + ")");
  }

  private RuntimeException checkFailure(ExternalException e) {
    String cannot = "Cannot check the Freshdesk connection to " + host() + ": ";
    String fix = "; check " + probe.settings().hostOption();
    String says = e.providerMessage().map(m -> ": " + m).orElse("");
    Throwable cause = e.getCause();
    if (e.status() == 404) {
      return new UserException(java.util.List.of(cannot + "GET " + AGENTS_ME + " answered 404" + says
          + ", so the host is not a Freshdesk account" + fix), e);
    }
    if (e.status() >= 200 && e.status() < 300) {
      return new UserException(java.util.List.of(cannot + "GET " + AGENTS_ME + " answered " + e.status()
          + " with a body that is not JSON" + says + ", so the host is not Freshdesk's API" + fix), e);
    }
    if (cause instanceof ConnectException || cause instanceof NoRouteToHostException) {
      return new UserException(java.util.List.of(cannot + "the host cannot be reached ("
          + cause.getClass().getSimpleName() + ")" + fix), e);
    }
    if (e.status() == 403) {
      return new ExternalException(cannot + "Freshdesk refused GET " + AGENTS_ME + " with 403" + says
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

  /** One page of a list: the first with {@code query}, or the page {@code next} (a Link URL) names. */
  Page page(String path, Map<String, String> query, Optional<String> next) {
    JsonResponse response = next.isPresent() ? rest.get(next.get()) : rest.get(path, query);
    return new Page(Paging.records(response, ""), Paging.linkNext(response));
  }

  /** The first-page query of {@code table}: a filter, its own parameters, then per_page. */
  static Map<String, String> query(FreshdeskTable table, Map<String, String> filter, OptionValues tableOptions) {
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

  @Override
  public String toString() {
    return "FreshdeskClient[" + rest + "]";
  }
}
