package io.tributary.source.salesforce;

import io.tributary.api.CommonOptions;
import io.tributary.api.OptionDef;
import io.tributary.api.OptionSet;

/**
 * The options of the {@code salesforce} source, declared once: validation, redaction and the
 * generated connector page all read these definitions.
 */
public final class SalesforceOptions {
  public static final String INSTANCE_URL = "instance_url";
  public static final String LOGIN_URL = "login_url";
  public static final String API_VERSION = "api_version";
  public static final String CLIENT_ID = "client_id";
  public static final String CLIENT_SECRET = "client_secret";
  public static final String REFRESH_TOKEN = "refresh_token";
  public static final String REFRESH_TOKEN_FILE = "refresh_token_file";
  public static final String USERNAME = "username";
  public static final String PRIVATE_KEY = "private_key";
  public static final String ACCESS_TOKEN = "access_token";
  public static final String MAX_API_USAGE_PERCENT = "max_api_usage_percent";
  public static final String OBJECTS = "objects";

  public static final String BATCH_SIZE = "batch_size";
  public static final String BULK_THRESHOLD = "bulk_threshold";
  public static final String BULK_PAGE_SIZE = "bulk_page_size";
  public static final String CUSTOM_FIELDS = "custom_fields";
  public static final String FORMULA_FIELDS = "formula_fields";
  public static final String PII = "pii";

  /** Bulk API 2.0 query jobs exist from v47.0; older versions cannot backfill. */
  static final int MIN_API_VERSION = 47;

  private static final OptionSet CONNECTION = CommonOptions.connection(1000,
      "Salesforce limits requests per 24 hours, not per minute; see max_api_usage_percent. This "
          + "only smooths bursts.",
      OptionDef.url(INSTANCE_URL).required()
          .doc("Your org's My Domain URL, such as https://acme.my.salesforce.com. Every data request "
              + "goes here."),
      OptionDef.url(LOGIN_URL).withDefault("https://login.salesforce.com")
          .doc("The OAuth authorization server for the refresh-token and JWT grants. Sandboxes use "
              + "https://test.salesforce.com. The client-credentials grant always uses instance_url."),
      OptionDef.string(API_VERSION).withDefault("v62.0")
          .matching("v(4[7-9]|[5-9][0-9]|[1-9][0-9]{2})\\.0",
              "must be a REST API version from v47.0 on, written like v62.0")
          .doc("The REST API version. v47.0 or later, since Bulk API 2.0 query jobs need it."),
      OptionDef.string(CLIENT_ID)
          .doc("The connected app's (or external client app's) consumer key. Needed by every grant "
              + "except access_token."),
      OptionDef.string(CLIENT_SECRET).secret()
          .doc("The consumer secret, for the refresh-token and client-credentials grants."),
      OptionDef.string(REFRESH_TOKEN).secret()
          .doc("A refresh token, for the refresh-token grant (with client_id and client_secret). Only "
              + "the Spark driver redeems it; executors read with an access token the driver delegates. "
              + "If the app rotates refresh tokens, the new one is used for the rest of the run and, "
              + "with refresh_token_file, written back."),
      OptionDef.string(REFRESH_TOKEN_FILE)
          .doc("A file the connector overwrites with each rotated refresh token (mode 600), so the "
              + "next run can read it with refresh_token=${file:PATH}."),
      OptionDef.string(USERNAME)
          .doc("The Salesforce user name the JWT bearer grant acts as (with client_id and private_key)."),
      OptionDef.string(PRIVATE_KEY).secret()
          .doc("The PEM RSA private key whose certificate is uploaded to the connected app, for the "
              + "JWT bearer grant."),
      OptionDef.string(ACCESS_TOKEN).secret()
          .doc("A ready access token (session id), for short jobs and tests; it cannot be refreshed."),
      OptionDef.integer(MAX_API_USAGE_PERCENT, 1, 100).withDefault("80")
          .doc("Share of the org's rolling 24-hour API request allocation (Sforce-Limit-Info) a run "
              + "may bring usage to. When the next request would pass it, every table stops at its "
              + "last committed offset and the run reports paused: API quota."),
      OptionDef.list(OBJECTS)
          .matching("[A-Za-z][A-Za-z0-9_]*(\\s*,\\s*[A-Za-z][A-Za-z0-9_]*)*",
              "must be comma-separated object API names such as Invoice__c,Shipment__c")
          .doc("More objects to offer as tables, such as custom objects (Invoice__c), with schemas "
              + "read from describe."));

  private static final OptionSet TABLE = OptionSet.of(
      OptionDef.integer(BATCH_SIZE, 200, 2000).withDefault("2000")
          .doc("Records per query page, sent as Sforce-Query-Options: batchSize. Salesforce treats "
              + "it as a hint."),
      CommonOptions.MAX_PAGES.doc("Pages one read call fetches at most, and so the size of a micro-batch. A "
          + "backfill read in partitions is planned a batch at a time, each batch's partitions together about "
          + "this many pages: a partition's query is read whole."),
      CommonOptions.LOOKBACK,
      CommonOptions.START,
      CommonOptions.PARTITIONS,
      OptionDef.integer(BULK_THRESHOLD, 0, Integer.MAX_VALUE).withDefault("100000")
          .doc("On a first read, when the first query page's totalSize counts more records than this, the backfill runs "
              + "as a Bulk API 2.0 queryAll job; later reads use REST. 0 turns Bulk off."),
      OptionDef.integer(BULK_PAGE_SIZE, 100, 1_000_000).withDefault("50000")
          .doc("Records per Bulk result page (maxRecords); each page is one request."),
      OptionDef.oneOf(CUSTOM_FIELDS, "exclude", "include").withDefault("exclude")
          .doc("include adds the org's custom (__c) fields of a standard object as typed columns, "
              + "read from describe when the run starts."),
      OptionDef.oneOf(FORMULA_FIELDS, "include", "exclude").withDefault("include")
          .doc("exclude leaves out formula (calculated) fields. Their values change without "
              + "changing SystemModstamp, so incremental reads can hold stale values."),
      OptionDef.oneOf(PII, "keep", "drop").withDefault("keep")
          .doc("drop removes the columns tagged as personal data or free text (names, e-mail, "
              + "phones, street addresses, descriptions, comments) from the schema and the query."));

  private SalesforceOptions() {}

  /** Connection options: instance, login, version, one auth grant, quota share, extra objects. */
  public static OptionSet connection() {
    return CONNECTION;
  }

  /** Table options: batch_size, paging, lookback, start_date, Bulk, custom/formula fields, pii. */
  public static OptionSet table() {
    return TABLE;
  }
}
