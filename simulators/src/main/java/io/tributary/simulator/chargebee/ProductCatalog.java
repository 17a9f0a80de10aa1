package io.tributary.simulator.chargebee;

/**
 * The Product Catalog version a simulated Chargebee site runs; each site runs exactly one, and
 * {@code GET /configurations} names it in {@code product_catalog_version}.
 */
public enum ProductCatalog {
  V1("1.0", "v1"),
  V2("2.0", "v2");

  private final String version;
  private final String apiValue;

  ProductCatalog(String version, String apiValue) {
    this.version = version;
    this.apiValue = apiValue;
  }

  /** As Chargebee's docs and error messages write it: 1.0 or 2.0. */
  public String version() {
    return version;
  }

  /** As {@code GET /configurations} reports it: v1 or v2. */
  public String apiValue() {
    return apiValue;
  }
}
