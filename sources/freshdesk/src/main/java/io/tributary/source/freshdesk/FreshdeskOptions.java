package io.tributary.source.freshdesk;

import io.tributary.api.CommonOptions;
import io.tributary.api.OptionDef;
import io.tributary.api.OptionSet;

/**
 * The options of the {@code freshdesk} source, declared once: validation, redaction and the
 * generated connector page all read these definitions.
 */
public final class FreshdeskOptions {
  public static final String API_KEY = CommonOptions.API_KEY;
  public static final String DOMAIN = CommonOptions.DOMAIN;
  public static final String PII = CommonOptions.PII;

  /** Growth is the smallest paid plan; a larger plan only makes the default conservative. */
  static final int GROWTH_REQUESTS_PER_MINUTE = 200;

  static final String PLAN_TIERS =
      "Freshdesk's account-wide limits per minute: Growth 200, Pro 400, Enterprise 700 (trial "
          + "accounts 50). The default suits Growth; raise it to your plan's budget, minus what "
          + "other integrations use. The limiter also lowers itself to the X-Ratelimit-Total the API "
          + "reports and charges the X-Ratelimit-Used-CurrentRequest credits it learns per path.";

  static final OptionDef PII_OPTION = CommonOptions.pii("docs/connectors/freshdesk.md");

  private static final OptionSet CONNECTION = CommonOptions.basicApiKeyAccount("Freshdesk",
      "Profile settings > View API Key", "freshdesk.com", GROWTH_REQUESTS_PER_MINUTE, PLAN_TIERS);

  private static final OptionSet TABLE = CommonOptions.tableOptions(100, 100).plus(PII_OPTION);

  private FreshdeskOptions() {}

  /** api_key, domain, base_url, externalOptionsAllowList, requests_per_minute. */
  public static OptionSet connection() {
    return CONNECTION;
  }

  /** per_page (1..100), max_pages_per_batch, lookback_seconds, start_date, pii. */
  public static OptionSet table() {
    return TABLE;
  }
}
