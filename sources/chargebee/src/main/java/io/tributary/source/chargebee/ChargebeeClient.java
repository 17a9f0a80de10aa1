package io.tributary.source.chargebee;

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
import io.tributary.http.RestClient;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Chargebee's HTTP side: the base URL, basic auth with the key as user name, and the translation
 * of Chargebee's own error codes into messages that say what to do.
 */
final class ChargebeeClient {
  static final String API_PREFIX = "/api/v2";
  static final String SITE_NOT_READY = "site_not_ready";
  static final String CONFIGURATION_INCOMPATIBLE = "configuration_incompatible";

  private final RestClient rest;
  private final ConnectionCheck probe;
  private final String site;

  private ChargebeeClient(RestClient rest, String site) {
    this.rest = rest;
    this.site = site;
    this.probe = ConnectionCheck.of(rest.settings(), "Chargebee", API_PREFIX + ChargebeeCatalogProbe.PATH)
        .notFoundMeans("the host is not a Chargebee site")
        .forbiddenMeans("the API key lacks permission for it, or the site's plan does not include API access");
  }

  /**
   * A client for the connection. Needs {@code api_key}; {@code base_url}, when set, replaces
   * {@code https://{site}.chargebee.com}.
   */
  static ChargebeeClient create(OptionValues connection) {
    return create(connection, UnaryOperator.identity());
  }

  /** As {@link #create(OptionValues)}, with {@code tuning} applied to the HTTP settings (tests). */
  static ChargebeeClient create(OptionValues connection, UnaryOperator<HttpSettings.Builder> tuning) {
    String site = connection.string(ChargebeeOptions.SITE);
    HttpSettings.Builder settings = HttpSettings.forAccount("chargebee", connection, ChargebeeOptions.SITE, "https://{label}.chargebee.com")
        .auth(Auth.basic(connection.string(ChargebeeOptions.API_KEY), ""))
        .credentialOption(ChargebeeOptions.API_KEY);
    return new ChargebeeClient(RestClient.create(tuning.apply(settings).build()), site);
  }

  /**
   * A client of the same site and settings that spends a {@code 1/shares} part of the connection's
   * budget: one of {@code shares} partition reads that may run at once on different machines.
   */
  ChargebeeClient sharing(int shares) {
    return new ChargebeeClient(RestClient.sharing(rest.settings(), shares), site);
  }

  /** GET {@code /api/v2 + path}; {@code table} names the table in error messages. */
  JsonResponse get(String table, String path, Map<String, String> query) {
    try {
      return rest.get(API_PREFIX + path, query);
    } catch (ExternalException e) {
      throw translate(table, e);
    }
  }

  /** Requests one read may keep in flight at once: {@code max_concurrent_requests}. */
  int maxConcurrentRequests() {
    return rest.settings().maxConcurrentRequests();
  }

  ReadMetrics metrics() {
    return rest.metrics().plus(probe.metrics());
  }

  /**
   * Checks the connection with {@code GET /api/v2/configurations}: one small authenticated answer
   * that holds no customer data, and names the site's Product Catalog. An API key has no identity
   * of its own to report.
   *
   * @throws UserException on a rejected key (naming api_key), or when the host is not a Chargebee
   *     site: a 404, a page that is not JSON, or a host that refuses connections (naming site, or
   *     base_url when set)
   * @throws ExternalException when Chargebee fails, or refuses the key with 403
   * @see ConnectionCheck
   */
  String check() {
    JsonNode configuration = probe.run().path("configurations").path(0);
    String catalog = configuration.path("product_catalog_version").asText("");
    return "Chargebee site '" + site + "' at " + probe.host() + ": API key accepted"
        + (catalog.isEmpty() ? "" : ", Product Catalog " + catalog);
  }

  private RuntimeException translate(String table, ExternalException e) {
    Optional<String> code = errorCode(e);
    if (code.equals(Optional.of(SITE_NOT_READY))) {
      return new ExternalException("Cannot read table '" + table + "': Chargebee site '" + site
          + "' is not ready to serve API calls (site_not_ready): it is still being set up, "
          + "migrated or restored. Nothing is wrong with the request; run again once the site is "
          + "available in the Chargebee app", e.status(), e.providerMessage().orElse(null), true, e);
    }
    if (code.equals(Optional.of(CONFIGURATION_INCOMPATIBLE))) {
      return new UserException(java.util.List.of("Cannot read table '" + table + "': this "
          + "Chargebee site's Product Catalog does not have it (configuration_incompatible). "
          + "Tables of Product Catalog 1.0 are plans, addons and subscription_addons; of 2.0, "
          + "items, item_prices, item_families, attached_items and subscription_items. Set "
          + "product_catalog to the site's version, or to auto"), e);
    }
    return e;
  }

  /**
   * Chargebee's {@code api_error_code}. The toolkit folds the error body into the provider
   * message as "message (api_error_code)", so the code is read back from there.
   */
  static Optional<String> errorCode(ExternalException e) {
    return e.providerMessage().flatMap(message -> {
      for (String code : new String[] {SITE_NOT_READY, CONFIGURATION_INCOMPATIBLE}) {
        if (message.contains(code)) {
          return Optional.of(code);
        }
      }
      return Optional.empty();
    });
  }
}
