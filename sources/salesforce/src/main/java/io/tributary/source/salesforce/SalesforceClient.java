package io.tributary.source.salesforce;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.api.CommonOptions;
import io.tributary.api.ExternalException;
import io.tributary.api.Json;
import io.tributary.api.OptionValues;
import io.tributary.api.ReadMetrics;
import io.tributary.http.Auth;
import io.tributary.http.HttpSettings;
import io.tributary.http.JsonResponse;
import io.tributary.http.Page;
import io.tributary.http.Paging;
import io.tributary.http.RestClient;
import io.tributary.http.TextResponse;
import io.tributary.http.TokenSource;
import io.tributary.http.UsageQuota;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Salesforce over connector-http: one {@link RestClient} per connection, every request checked
 * against the API quota first ({@link UsageQuota} on {@code Sforce-Limit-Info}), and
 * {@code QUERY_TIMEOUT} surfaced as {@link QueryTimeout} so the listing can narrow its window.
 */
final class SalesforceClient implements AutoCloseable {
  static final Pattern API_USAGE = Pattern.compile("api-usage=(\\d+)/(\\d+)");

  private final RestClient rest;
  private final UsageQuota quota;
  private final String apiVersion;
  private final String api;
  /** The grant's token source, or the token the driver delegated; see {@link SalesforceConnector#delegate()}. */
  private final TokenSource tokens;

  /** The query ran into Salesforce's time limit; a narrower filter may pass. */
  static final class QueryTimeout extends RuntimeException {
    QueryTimeout(ExternalException cause) {
      super(cause.getMessage(), cause, false, false);
    }
  }

  SalesforceClient(RestClient rest, UsageQuota quota, String apiVersion, TokenSource tokens) {
    this.rest = rest;
    this.quota = quota;
    this.apiVersion = apiVersion;
    this.api = "/services/data/" + apiVersion;
    this.tokens = tokens;
  }

  static SalesforceClient create(OptionValues o, Clock clock) {
    String base = o.optional(CommonOptions.BASE_URL).orElseGet(() -> o.string(SalesforceOptions.INSTANCE_URL));
    SalesforceAuth.Grant grant = SalesforceAuth.grant(o, base, clock);
    boolean viaBaseUrl = o.has(CommonOptions.BASE_URL);
    HttpSettings settings = HttpSettings.builder("salesforce", base)
        .auth(Auth.bearer(grant.tokens()))
        .credentialOption(grant.credentialOptions())
        .hostOption(viaBaseUrl ? CommonOptions.BASE_URL : SalesforceOptions.INSTANCE_URL)
        .baseUrlOption(viaBaseUrl ? CommonOptions.BASE_URL : SalesforceOptions.INSTANCE_URL)
        .requestsPerMinute(o.integer(CommonOptions.REQUESTS_PER_MINUTE))
        .secrets(o.secretValues())
        .build();
    UsageQuota quota = UsageQuota.fromHeader("salesforce", "Sforce-Limit-Info", API_USAGE,
        o.integer(SalesforceOptions.MAX_API_USAGE_PERCENT), SalesforceOptions.MAX_API_USAGE_PERCENT);
    return new SalesforceClient(RestClient.create(settings), quota, o.string(SalesforceOptions.API_VERSION),
        grant.tokens());
  }

  /**
   * A client of the same org, token and quota that spends a {@code 1/shares} part of the
   * connection's request budget: one of {@code shares} partition reads that may run at once.
   */
  SalesforceClient sharing(int shares) {
    return new SalesforceClient(RestClient.sharing(rest.settings(), shares), quota, apiVersion, tokens);
  }

  /** Requests one read of the connection may have in flight at once. */
  int maxConcurrentRequests() {
    return rest.settings().maxConcurrentRequests();
  }

  TokenSource tokens() {
    return tokens;
  }

  /** The first page of a {@code queryAll}, which includes soft-deleted rows. */
  Page queryAll(String soql, int batchSize) {
    Map<String, String> query = Map.of("q", soql);
    Map<String, String> headers = Map.of("Sforce-Query-Options", "batchSize=" + batchSize);
    return page(guarded(() -> rest.get(api + "/queryAll", query, headers)));
  }

  /**
   * The first page of a {@code queryAll} and the number of rows the query matches, its {@code
   * totalSize}: the count a first read decides Bulk API on, without a {@code COUNT()} of its own.
   * Empty when the page has no numeric {@code totalSize}, which Salesforce documents on every
   * query result: the caller then counts another way.
   */
  Counted queryAllCounted(String soql, int batchSize) {
    Map<String, String> query = Map.of("q", soql);
    Map<String, String> headers = Map.of("Sforce-Query-Options", "batchSize=" + batchSize);
    JsonResponse response = guarded(() -> rest.get(api + "/queryAll", query, headers));
    JsonNode total = response.body().get("totalSize");
    Optional<Long> totalSize = total != null && total.isIntegralNumber() ? Optional.of(total.asLong()) : Optional.empty();
    return new Counted(page(response), totalSize);
  }

  /** A query's first page and how many rows the whole query matches, when the page says. */
  record Counted(Page page, Optional<Long> totalSize) {}

  /** A following page, from the previous page's {@code nextRecordsUrl}. */
  Page next(String nextRecordsUrl) {
    return page(guarded(() -> rest.get(nextRecordsUrl)));
  }

  /**
   * A query page's records without the {@code attributes} envelope every REST record carries. A
   * 200 without a {@code records} array is an error, not an empty last page: taken as one, the
   * read would end with nothing and no word of it.
   */
  private static Page page(JsonResponse response) {
    List<ObjectNode> records = Paging.records(response, "/records");
    records.forEach(r -> r.remove("attributes"));
    return new Page(records, nextRecordsUrl(response));
  }

  /**
   * The next page of a query, empty once {@code done}. A page that does not say whether it is
   * done is refused for the same reason as one without records.
   */
  private static Optional<String> nextRecordsUrl(JsonResponse page) {
    JsonNode done = page.body().get("done");
    if (done == null || !done.isBoolean()) {
      throw new ExternalException("Cannot read the query result at " + page.path() + ": it does not say whether "
          + "it is done (no boolean 'done'), so the listing cannot tell its last page", page.status(), null, false);
    }
    if (done.asBoolean()) {
      return Optional.empty();
    }
    JsonNode next = page.body().get("nextRecordsUrl");
    if (next == null || !next.isTextual() || next.asText().isBlank()) {
      throw new ExternalException("Cannot read the query result at " + page.path() + ": it is not done but has "
          + "no nextRecordsUrl", page.status(), null, false);
    }
    return Optional.of(next.asText());
  }

  long count(String soql) {
    return guarded(() -> rest.get(api + "/query", Map.of("q", soql))).body().path("totalSize").asLong();
  }

  JsonNode describe(String object) {
    return guarded(() -> rest.get(api + "/sobjects/" + object + "/describe", Map.of())).body();
  }

  JsonNode deleted(String object, String start, String end) {
    Map<String, String> query = new LinkedHashMap<>();
    query.put("start", start);
    query.put("end", end);
    return guarded(() -> rest.get(api + "/sobjects/" + object + "/deleted/", query)).body();
  }

  JsonNode createQueryJob(String soql) {
    ObjectNode body = Json.object().put("operation", "queryAll").put("query", soql)
        .put("contentType", "CSV").put("columnDelimiter", "COMMA").put("lineEnding", "LF");
    return guarded(() -> rest.postJson(api + "/jobs/query", body)).body();
  }

  JsonNode queryJob(String id) {
    return guarded(() -> rest.get(api + "/jobs/query/" + id, Map.of())).body();
  }

  TextResponse queryJobResults(String id, String locator, int maxRecords) {
    Map<String, String> query = new LinkedHashMap<>();
    if (locator != null && !locator.isEmpty()) {
      query.put("locator", locator);
    }
    query.put("maxRecords", String.valueOf(maxRecords));
    quota.check();
    TextResponse r = rest.getText(api + "/jobs/query/" + id + "/results", query);
    quota.observe(r.headers());
    return r;
  }

  void deleteQueryJob(String id) {
    guarded(() -> rest.delete(api + "/jobs/query/" + id));
  }

  ReadMetrics metrics() {
    return rest.metrics();
  }

  @Override
  public void close() {
    rest.close();
  }

  private JsonResponse guarded(Supplier<JsonResponse> call) {
    quota.check();
    try {
      JsonResponse r = call.get();
      quota.observe(r.headers());
      return r;
    } catch (ExternalException e) {
      if (e.status() == 400 && e.providerMessage().map(m -> m.contains("QUERY_TIMEOUT")).orElse(false)) {
        throw new QueryTimeout(e);
      }
      throw e;
    }
  }

  @Override
  public String toString() {
    return "SalesforceClient[" + rest + ", " + quota + "]";
  }
}
