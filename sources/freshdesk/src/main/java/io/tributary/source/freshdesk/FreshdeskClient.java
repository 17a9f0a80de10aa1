package io.tributary.source.freshdesk;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.api.CommonOptions;
import io.tributary.api.OptionValues;
import io.tributary.api.ReadMetrics;
import io.tributary.http.Auth;
import io.tributary.http.ConnectionCheck;
import io.tributary.http.HttpSettings;
import io.tributary.http.JsonResponse;
import io.tributary.http.Page;
import io.tributary.http.Paging;
import io.tributary.http.RestClient;
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

  private final RestClient rest;
  private final ConnectionCheck probe;
  private final String domain;

  FreshdeskClient(RestClient rest, String domain) {
    this.rest = rest;
    this.domain = domain;
    this.probe = ConnectionCheck.of(rest.settings(), "Freshdesk", AGENTS_ME)
        .forbiddenMeans("the account's plan does not include API access, or the API key's agent may not use it");
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
   * @throws io.tributary.api.UserException on a rejected key (naming api_key), or when the host is
   *     not a Freshdesk account: a 404 (Freshdesk's answer for an unknown domain), a page that is
   *     not JSON, or a host that refuses connections (naming domain, or base_url when set)
   * @throws io.tributary.api.ExternalException when Freshdesk fails, or refuses the call with 403
   * @see ConnectionCheck
   */
  String check() {
    JsonNode agent = probe.run();
    String type = agent.path("type").asText("");
    return "Freshdesk account '" + domain + "' at " + probe.host() + ": authenticated as agent "
        + agent.path("id").asText("<no id>") + (type.isEmpty() ? "" : " (" + type + ")");
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
