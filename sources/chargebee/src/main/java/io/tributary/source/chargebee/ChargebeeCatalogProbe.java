package io.tributary.source.chargebee;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.api.ExternalException;
import io.tributary.http.JsonResponse;
import java.util.Map;

/** Asks a site for its Product Catalog version with one request. */
final class ChargebeeCatalogProbe {
  static final String PATH = "/configurations";

  private ChargebeeCatalogProbe() {}

  /**
   * The catalog {@code GET /configurations} reports, as {@code product_catalog_version} {@code v1}
   * or {@code v2}.
   *
   * @throws ExternalException when the answer names no known version
   */
  static ChargebeeCatalog detect(ChargebeeClient client) {
    JsonResponse response = client.get("configurations", PATH, Map.of());
    JsonNode version = response.body().path("configurations").path(0).path("product_catalog_version");
    return ChargebeeCatalog.fromApi(version.asText("")).orElseThrow(() -> new ExternalException(
        "Cannot detect the site's Product Catalog: GET /api/v2/configurations answered "
            + "product_catalog_version " + (version.isMissingNode() ? "<absent>" : version.toString())
            + "; set product_catalog to 1.0 or 2.0", response.status(), null, false));
  }
}
