package io.tributary.source.chargebee;

import java.util.Optional;

/** Chargebee's Product Catalog versions; each site runs exactly one. */
enum ChargebeeCatalog {
  V1("1.0", "v1"),
  V2("2.0", "v2");

  private final String optionValue;
  private final String apiValue;

  ChargebeeCatalog(String optionValue, String apiValue) {
    this.optionValue = optionValue;
    this.apiValue = apiValue;
  }

  /** As users write it in {@code product_catalog}: 1.0 or 2.0. */
  String optionValue() {
    return optionValue;
  }

  /** How {@code GET /configurations} names it in {@code product_catalog_version}. */
  String apiValue() {
    return apiValue;
  }

  String displayName() {
    return "Product Catalog " + optionValue;
  }

  /** The catalog an option value pins, or empty for {@code auto}. */
  static Optional<ChargebeeCatalog> fromOption(String value) {
    for (ChargebeeCatalog catalog : values()) {
      if (catalog.optionValue.equals(value)) {
        return Optional.of(catalog);
      }
    }
    return Optional.empty();
  }

  static Optional<ChargebeeCatalog> fromApi(String value) {
    for (ChargebeeCatalog catalog : values()) {
      if (catalog.apiValue.equalsIgnoreCase(value)) {
        return Optional.of(catalog);
      }
    }
    return Optional.empty();
  }
}
