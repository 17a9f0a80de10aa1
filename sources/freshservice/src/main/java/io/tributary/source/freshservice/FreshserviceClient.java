package io.tributary.source.freshservice;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.api.CommonOptions;
import io.tributary.api.ExternalException;
import io.tributary.api.OptionValues;
import io.tributary.api.ReadMetrics;
import io.tributary.api.UserException;
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

  private final RestClient rest;
  private final ConnectionCheck probe;
  private final String domain;

  FreshserviceClient(RestClient rest, String domain) {
    this.rest = rest;
    this.domain = domain;
    this.probe = ConnectionCheck.of(rest.settings(), "Freshservice", AGENTS_ME)
        .forbiddenMeans("the account's plan does not include API access, or the API key's agent may not use it");
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
   * @see ConnectionCheck
   */
  String check() {
    JsonNode agent = probe.run().path("agent");
    return "Freshservice account '" + domain + "' at " + probe.host() + ": authenticated as agent "
        + agent.path("id").asText("<no id>") + (agent.path("occasional").asBoolean(false) ? " (occasional)" : "");
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
