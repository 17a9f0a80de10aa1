package io.tributary.source.freshdesk;

import io.tributary.api.CommonOptions;
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

/**
 * Freshdesk over connector-http: one {@link RestClient} per connection, so every table of a run and
 * the conversations fan-out share one rate budget. Lists are bare JSON arrays paged with {@code
 * page}/{@code per_page} and a {@code Link: rel="next"} header holding the next page's full URL.
 */
final class FreshdeskClient implements AutoCloseable {
  private final RestClient rest;

  FreshdeskClient(RestClient rest) {
    this.rest = rest;
  }

  static FreshdeskClient create(OptionValues connection) {
    HttpSettings settings = HttpSettings.forAccount("freshdesk", connection, FreshdeskOptions.DOMAIN, "https://{label}.freshdesk.com")
        .auth(Auth.basicApiKey(connection.string(FreshdeskOptions.API_KEY)))
        .credentialOption(FreshdeskOptions.API_KEY)
        .build();
    return new FreshdeskClient(RestClient.create(settings));
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
    return rest.metrics();
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
