package io.tributary.source.freshservice;

import io.tributary.api.CommonOptions;
import io.tributary.api.OptionSet;
import io.tributary.http.rest.CustomFields;

/**
 * The options of the {@code freshservice} source, declared once: validation, redaction and the
 * generated connector page all read these definitions.
 */
public final class FreshserviceOptions {
  public static final String API_KEY = CommonOptions.API_KEY;
  public static final String DOMAIN = CommonOptions.DOMAIN;
  public static final String CUSTOM_FIELDS = CustomFields.CUSTOM_FIELDS;

  /** Starter (Blossom) is the smallest plan; a larger plan only makes the default conservative. */
  static final int STARTER_REQUESTS_PER_MINUTE = 100;

  static final String PLAN_TIERS =
      "Freshservice's account-wide limits per minute: Starter (Blossom) 100, Growth (Garden) and "
          + "MSP Core 200, Pro (Estate) 400, Enterprise (Forest) 500. The default suits Starter; "
          + "raise it to your plan's budget, minus what other integrations use. The limiter also "
          + "lowers itself to the X-RateLimit-Total the API reports.";

  private static final OptionSet CONNECTION = CommonOptions.basicApiKeyAccount("Freshservice",
      "Profile settings > Your API Key", "freshservice.com", STARTER_REQUESTS_PER_MINUTE, PLAN_TIERS);

  private static final OptionSet TABLE =
      CommonOptions.tableOptions(100, 100).plus(CustomFields.OPTION);

  private FreshserviceOptions() {}

  /** api_key, domain, base_url, externalOptionsAllowList, requests_per_minute. */
  public static OptionSet connection() {
    return CONNECTION;
  }

  /** per_page (1..100), max_pages_per_batch, lookback_seconds, start_date, custom_fields. */
  public static OptionSet table() {
    return TABLE;
  }
}
