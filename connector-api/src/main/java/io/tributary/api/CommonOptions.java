package io.tributary.api;

import java.util.ArrayList;
import java.util.List;

/**
 * The options every HTTP connector shares, declared once. A connector composes its own sets
 * from these, for example {@code CommonOptions.tableOptions(100, 100)}.
 */
public final class CommonOptions {
  public static final String PER_PAGE = "per_page";
  public static final String MAX_PAGES_PER_BATCH = "max_pages_per_batch";
  public static final String LOOKBACK_SECONDS = "lookback_seconds";
  public static final String START_DATE = "start_date";
  public static final String BASE_URL = "base_url";
  public static final String REQUESTS_PER_MINUTE = "requests_per_minute";
  public static final String MAX_CONCURRENT_REQUESTS = "max_concurrent_requests";
  /** Requests in flight at once by default: enough to fill a budget of a few thousand a minute at 100 ms each. */
  public static final int DEFAULT_CONCURRENT_REQUESTS = 8;
  public static final String EXTERNAL_OPTIONS_ALLOW_LIST = "externalOptionsAllowList";
  public static final String PII = "pii";
  public static final String MAX_PARTITIONS = "max_partitions";
  public static final String API_KEY = "api_key";
  public static final String DOMAIN = "domain";

  public static final OptionDef MAX_PAGES =
      OptionDef.integer(MAX_PAGES_PER_BATCH, 1, 100_000).withDefault("50")
          .doc("Pages one read call fetches at most, and so the size of a micro-batch. A backfill read in "
              + "partitions reads about this many pages in each partition of a batch, a page at a time, and "
              + "is planned a batch at a time when it is larger than that.");

  public static final OptionDef LOOKBACK =
      OptionDef.integer(LOOKBACK_SECONDS, 0, 7 * 24 * 3600).withDefault("300")
          .doc("Seconds re-read behind the cursor on each incremental read, to catch records the "
              + "provider made visible late. The pipeline de-duplicates what is read twice.");

  public static final OptionDef START =
      OptionDef.instant(START_DATE)
          .doc("Earliest cursor value to read on a first run, as YYYY-MM-DDTHH:MM:SSZ. Without it "
              + "the first run reads all history.");

  public static final OptionDef BASE =
      OptionDef.url(BASE_URL)
          .doc("Replaces the scheme and host of the provider's URL, for proxies, sandboxes and "
              + "simulators. The API path is still appended. https only, except for loopback hosts.");

  public static final OptionDef ALLOW_LIST =
      OptionDef.list(EXTERNAL_OPTIONS_ALLOW_LIST)
          .doc("Comma-separated table options a pipeline spec may set, as in Lakeflow. When set, "
              + "any other table option is refused.");

  public static final OptionDef PARTITIONS =
      OptionDef.integer(MAX_PARTITIONS, 1, 256).withDefault("8")
          .doc("Partitions a backfill of a table whose API can bound a window of its cursor is split "
              + "into at most, read in parallel by Spark executors; 1 reads it in one sequential "
              + "listing. A partition read on an executor spends requests_per_minute divided by the "
              + "partitions of its plan (in local mode the one process's limiter holds them all to the "
              + "budget), so on a cluster set it to the executor cores the run may use.");

  public static final OptionDef CONCURRENCY =
      OptionDef.integer(MAX_CONCURRENT_REQUESTS, 1, 64).withDefault(String.valueOf(DEFAULT_CONCURRENT_REQUESTS))
          .doc("Requests one read keeps in flight at once, such as the child lists of a page of "
              + "parents. Each still waits for the connection's rate limiter, so requests_per_minute "
              + "holds; more only helps while the provider's latency, not the budget, is what limits "
              + "a read. 1 sends one request after another.");

  private CommonOptions() {}

  public static OptionDef perPage(int max, int defaultValue) {
    return OptionDef.integer(PER_PAGE, 1, max).withDefault(String.valueOf(defaultValue))
        .doc("Records requested per page.");
  }

  public static OptionDef requestsPerMinute(int defaultValue, String tiers) {
    return OptionDef.integer(REQUESTS_PER_MINUTE, 1, 1_000_000).withDefault(String.valueOf(defaultValue))
        .doc("The plan's request budget per minute; the proactive rate limiter keeps every table "
            + "of a run under it together. " + tiers);
  }

  /**
   * A connection's options: the source's {@code own}, then what every HTTP source takes, {@code
   * base_url}, the external options allow list and {@code requests_per_minute} with the source's
   * default and its plans' budgets, and {@code max_concurrent_requests}.
   */
  public static OptionSet connection(int requestsPerMinute, String planTiers, OptionDef... own) {
    List<OptionDef> all = new ArrayList<>(List.of(own));
    all.addAll(List.of(BASE, ALLOW_LIST, requestsPerMinute(requestsPerMinute, planTiers), CONCURRENCY));
    return OptionSet.of(all);
  }

  /**
   * The connection options of a product reached at {@code https://{label}.HOST} with an API key
   * sent as HTTP basic auth {@code api_key:X}, as Freshworks products are: {@code api_key}, {@code
   * domain}, then {@link #connection}'s.
   *
   * @param keyLocation where a user finds the key in the product
   */
  public static OptionSet basicApiKeyAccount(String product, String keyLocation, String host,
      int requestsPerMinute, String planTiers) {
    OptionDef apiKey = OptionDef.string(API_KEY).secret().required()
        .doc("Your " + product + " API key (" + keyLocation + "). Sent as HTTP basic auth api_key:X. "
            + "Never logged.");
    return connection(requestsPerMinute, planTiers, apiKey, hostLabel(DOMAIN, "https://{label}." + host));
  }

  /**
   * A hostname label such as the {@code acme-corp} of {@code https://acme-corp.freshservice.com}.
   * Someone who passes a whole host or URL is told which label to pass instead.
   *
   * @param urlTemplate the vendor URL with {@code {label}} where the value goes
   */
  public static OptionDef hostLabel(String name, String urlTemplate) {
    String example = urlTemplate.replace("{label}", "acme-corp");
    return OptionDef.string(name).required()
        .matching(HOST_LABEL, "a hostname label, such as acme-corp for " + example,
            value -> {
              String label = suggestLabel(value);
              return "must be the hostname label only"
                  + (label.isEmpty() || label.equals(value) ? ", such as acme-corp for " + example
                      : "; pass '" + label + "' for " + urlTemplate.replace("{label}", label));
            })
        .doc("The account's hostname label: the acme-corp of " + example + ".");
  }

  private static final String HOST_LABEL = "[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?";

  /** The first DNS label of whatever was passed: a URL, a host, a host with a path. */
  static String suggestLabel(String value) {
    String host = value.trim().replaceFirst("^[A-Za-z][A-Za-z0-9+.-]*://", "");
    int end = 0;
    while (end < host.length() && (Character.isLetterOrDigit(host.charAt(end)) || host.charAt(end) == '-')) {
      end++;
    }
    String label = host.substring(0, end).replaceAll("^-+|-+$", "");
    return label.matches(HOST_LABEL) ? label : "";
  }

  /**
   * {@code pii}: keep (the default) or drop every column tagged as personal data or free text.
   *
   * @param page the connector's docs page, which lists what each table loses
   */
  public static OptionDef pii(String page) {
    return OptionDef.oneOf(PII, "keep", "drop").withDefault("keep")
        .doc("keep (default) or drop. With drop, every column tagged as personal data or free text "
            + "is removed from the schema and from every record before anything is written, and "
            + "fields the schema does not know are dropped and counted instead of kept in "
            + "_rescued_data. " + page + " lists what each table loses.");
  }

  /** per_page, max_pages_per_batch, lookback_seconds and start_date. */
  public static OptionSet tableOptions(int maxPerPage, int defaultPerPage) {
    return OptionSet.of(perPage(maxPerPage, defaultPerPage), MAX_PAGES, LOOKBACK, START);
  }

  /**
   * {@code own} with the options every table that pages takes, first: per_page (1 to 100, default
   * 100, unless {@code own} declares its own), max_pages_per_batch, lookback_seconds, start_date.
   * Code then reads them without asking whether they are declared.
   */
  public static OptionSet paging(OptionSet own) {
    return tableOptions(100, 100).plus(own);
  }
}
