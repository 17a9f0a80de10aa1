package io.tributary.source.chargebee;

import io.tributary.api.CommonOptions;
import io.tributary.api.OptionDef;
import io.tributary.api.OptionSet;
import io.tributary.api.OptionValues;

/** The options of the Chargebee connector, declared once; docs are generated from them. */
public final class ChargebeeOptions {
  public static final String SITE = "site";
  public static final String API_KEY = "api_key";
  public static final String PRODUCT_CATALOG = "product_catalog";
  /** Table option: custom fields lifted out of {@code custom_fields} into typed columns. */
  public static final String CUSTOM_FIELD_TYPES = "custom_field_types";

  static final int MAX_LIMIT = 100;
  static final int DEFAULT_REQUESTS_PER_MINUTE = 150;

  private static final OptionDef SITE_DEF =
      OptionDef.string(SITE).required()
          .matching("[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?",
              "must be the site name only, a hostname label such as acme or acme-test "
                  + "(lower-case letters, digits and inner hyphens, at most 63 characters), "
                  + "not a URL")
          .doc("The {site} of https://{site}.chargebee.com/api/v2, for example acme-test for a "
              + "test site.");

  private static final OptionDef API_KEY_DEF =
      OptionDef.string(API_KEY).required().secret()
          .doc("A read-only full-access API key (Settings > Configure Chargebee > API Keys). Sent "
              + "as the HTTP basic user name with an empty password.");

  private static final OptionDef CATALOG_DEF =
      OptionDef.oneOf(PRODUCT_CATALOG, "auto", "1.0", "2.0").withDefault("auto")
          .doc("The site's Product Catalog version. 1.0 has plans and addons; 2.0 has items, "
              + "item_prices, item_families and attached_items. auto asks the site once "
              + "(GET /configurations). Tables of the other catalog are refused.");

  private static final OptionDef RPM_DEF =
      CommonOptions.requestsPerMinute(DEFAULT_REQUESTS_PER_MINUTE,
          "Chargebee limits each site per minute: test sites 150; live Starter 150, Performance "
              + "1000, Enterprise 3500 (older plans: Launch 150, Grow 200, Scale 300, "
              + "Enterprise 500). Set it to your plan's limit minus what other integrations use.");

  private static final OptionDef CUSTOM_FIELD_TYPES_DEF =
      OptionDef.list(CUSTOM_FIELD_TYPES)
          .matching("\\s*cf_[A-Za-z0-9_]+\\s*:\\s*(string|long|double|boolean|timestamp)\\s*"
                  + "(,\\s*cf_[A-Za-z0-9_]+\\s*:\\s*(string|long|double|boolean|timestamp)\\s*)*",
              "must be comma-separated cf_name:type pairs, type one of string, long, double, "
                  + "boolean, timestamp, for example cf_seats:long,cf_region:string")
          .doc("Custom fields to keep as typed top-level columns instead of entries of the "
              + "custom_fields map, as cf_name:type pairs (string, long, double, boolean, "
              + "timestamp; timestamps are epoch seconds).");

  private ChargebeeOptions() {}

  /**
   * site, api_key, base_url, requests_per_minute, max_concurrent_requests, product_catalog,
   * externalOptionsAllowList.
   */
  public static OptionSet connection() {
    return OptionSet.of(SITE_DEF, API_KEY_DEF, CommonOptions.BASE, RPM_DEF, CommonOptions.CONCURRENCY, CATALOG_DEF,
        CommonOptions.ALLOW_LIST);
  }

  /**
   * per_page (at most 100), max_pages_per_batch, lookback_seconds, start_date, max_partitions,
   * custom_field_types.
   */
  public static OptionSet table() {
    return CommonOptions.tableOptions(MAX_LIMIT, MAX_LIMIT).plus(CommonOptions.PARTITIONS)
        .plus(CommonOptions.MAX_PAGES.doc("Pages one read call fetches at most, and so the size of a micro-batch. A "
            + "first backfill read in created_at windows is one batch whatever its size (a created_at window cannot "
            + "end a batch at an updated_at offset); each of its partitions is read a page at a time."))
        .plus(CUSTOM_FIELD_TYPES_DEF);
  }

  /** The page size to send as Chargebee's {@code limit}: per_page. */
  static int limit(OptionValues options) {
    return options.integer(CommonOptions.PER_PAGE);
  }
}
