package io.tributary.source.freshservice;

import io.tributary.api.CommonOptions;
import io.tributary.api.ExternalException;
import io.tributary.api.OptionValues;
import io.tributary.api.ReadMetrics;
import io.tributary.http.Auth;
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
  private final RestClient rest;

  FreshserviceClient(RestClient rest) {
    this.rest = rest;
  }

  static FreshserviceClient create(OptionValues connection) {
    HttpSettings settings = HttpSettings.forAccount("freshservice", connection, FreshserviceOptions.DOMAIN, "https://{label}.freshservice.com")
        .auth(Auth.basicApiKey(connection.string(FreshserviceOptions.API_KEY)))
        .credentialOption(FreshserviceOptions.API_KEY)
        .build();
    return new FreshserviceClient(RestClient.create(settings));
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
    return rest.metrics();
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
