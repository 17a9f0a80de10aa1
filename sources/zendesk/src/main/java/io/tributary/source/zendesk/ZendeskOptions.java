package io.tributary.source.zendesk;

import io.tributary.api.CommonOptions;
import io.tributary.api.OptionDef;
import io.tributary.api.OptionSet;
import io.tributary.api.OptionValues;
import io.tributary.api.UserException;
import java.util.Optional;

/**
 * The Zendesk connector's options, each declared once. Docs are generated from these
 * declarations.
 */
public final class ZendeskOptions {
  public static final String SUBDOMAIN = "subdomain";
  public static final String EMAIL = "email";
  public static final String API_TOKEN = "api_token";
  public static final String OAUTH_TOKEN = "oauth_token";
  public static final String EXPORT_REQUESTS_PER_MINUTE = "export_requests_per_minute";
  public static final String START_CURSOR = "start_cursor";

  /** Zendesk's documented maximum page size of the incremental exports. */
  static final int MAX_EXPORT_PAGE = 1000;
  /** Cursor pagination of the list endpoints caps page[size] at 100. */
  static final int MAX_LIST_PAGE = 100;

  static final OptionDef SUBDOMAIN_DEF = OptionDef.string(SUBDOMAIN)
      .matching("(?i)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?",
          "must be a hostname label such as 'acme' (for acme.zendesk.com): letters, digits and "
              + "inner hyphens, at most 63 characters")
      .doc("Your Zendesk subdomain: 'acme' for https://acme.zendesk.com. Required unless "
          + "base_url is set.");

  static final OptionDef EMAIL_DEF = OptionDef.string(EMAIL)
      .matching("[^@\\s/]+@[^@\\s/]+", "must be an email address such as admin@example.com")
      .doc("Email of the admin whose API token is used; goes with api_token.");

  static final OptionDef API_TOKEN_DEF = OptionDef.string(API_TOKEN).secret()
      .doc("API token from Admin Center > Apps and integrations > Zendesk API; sent as Basic "
          + "auth '{email}/token:{api_token}'. Use either email with api_token, or oauth_token.");

  static final OptionDef OAUTH_TOKEN_DEF = OptionDef.string(OAUTH_TOKEN).secret()
      .doc("OAuth access token with the 'read' scope, sent as a Bearer token. Use either "
          + "oauth_token, or email with api_token.");

  static final OptionDef REQUESTS_PER_MINUTE_DEF = CommonOptions.requestsPerMinute(200,
      "Zendesk plans allow 200 (Team), 400 (Growth, Professional), 700 (Enterprise) or 2500 "
          + "(Enterprise Plus, High Volume API add-on) per minute.");

  static final OptionDef EXPORT_REQUESTS_PER_MINUTE_DEF =
      OptionDef.integer(EXPORT_REQUESTS_PER_MINUTE, 1, 1_000_000).withDefault("10")
          .doc("Budget of the incremental export endpoints (tickets, users, organizations, "
              + "ticket_comments, ticket_metric_events) together, which Zendesk limits "
              + "separately: 10 per minute, 30 with the High Volume API add-on.");

  static final OptionDef PER_PAGE_DEF = OptionDef.integer(CommonOptions.PER_PAGE, 1, MAX_EXPORT_PAGE)
      .doc("Records requested per page. Incremental export tables accept up to 1000 (default "
          + "1000); the other tables up to 100 (default 100).");

  static final OptionDef START_CURSOR_DEF = OptionDef.string(START_CURSOR)
      .doc("For tickets and users: an export cursor (after_cursor, as logged in the ingestion "
          + "log's end offset) to re-read from, overriding the stored offset. Changing it "
          + "replays from the new cursor once; keeping it continues normally.");

  private static final OptionSet CONNECTION = OptionSet.of(
      SUBDOMAIN_DEF, EMAIL_DEF, API_TOKEN_DEF, OAUTH_TOKEN_DEF, CommonOptions.BASE,
      REQUESTS_PER_MINUTE_DEF, EXPORT_REQUESTS_PER_MINUTE_DEF, CommonOptions.ALLOW_LIST);

  private static final OptionSet TABLE = OptionSet.of(
      PER_PAGE_DEF, CommonOptions.MAX_PAGES, CommonOptions.LOOKBACK, CommonOptions.START,
      START_CURSOR_DEF);

  private ZendeskOptions() {}

  public static OptionSet connection() {
    return CONNECTION;
  }

  public static OptionSet table() {
    return TABLE;
  }

  /** How requests authenticate, as chosen by the options. */
  sealed interface Credentials {
    record ApiToken(String email, String token) implements Credentials {
      @Override
      public String toString() {
        return "ApiToken[" + email + "]";
      }
    }

    record OAuth(String token) implements Credentials {
      @Override
      public String toString() {
        return "OAuth[<redacted>]";
      }
    }
  }

  /**
   * The auth method, or empty when none is given (listing tables needs no credentials).
   *
   * @throws UserException when the options mix or half-give the two methods
   */
  static Optional<Credentials> credentials(OptionValues options) {
    Optional<String> email = nonBlank(options, EMAIL);
    Optional<String> token = nonBlank(options, API_TOKEN);
    Optional<String> oauth = nonBlank(options, OAUTH_TOKEN);
    boolean tokenAuth = email.isPresent() || token.isPresent();
    if (tokenAuth && oauth.isPresent()) {
      throw new UserException(authProblem("both an API token and an OAuth token are set"));
    }
    if (oauth.isPresent()) {
      return Optional.of(new Credentials.OAuth(oauth.get()));
    }
    if (email.isPresent() && token.isEmpty()) {
      throw new UserException(authProblem("'email' is set without 'api_token'"));
    }
    if (token.isPresent() && email.isEmpty()) {
      throw new UserException(authProblem("'api_token' is set without 'email'"));
    }
    return email.map(e -> new Credentials.ApiToken(e, token.get()));
  }

  /** As {@link #credentials}, but one method is required: reading needs credentials. */
  static Credentials requireCredentials(OptionValues options) {
    return credentials(options).orElseThrow(() -> new UserException(authProblem("none is set")));
  }

  /** {@code https://<subdomain>.zendesk.com}, or base_url when given. */
  static Optional<String> baseUrl(OptionValues options) {
    Optional<String> base = nonBlank(options, CommonOptions.BASE_URL);
    if (base.isPresent()) {
      return base;
    }
    return nonBlank(options, SUBDOMAIN).map(s -> "https://" + s.toLowerCase() + ".zendesk.com");
  }

  static String requireBaseUrl(OptionValues options) {
    return baseUrl(options).orElseThrow(() -> new UserException(
        "Missing option 'subdomain': set it to your Zendesk subdomain ('acme' for "
            + "https://acme.zendesk.com), or set 'base_url'"));
  }

  private static String authProblem(String what) {
    return "Cannot authenticate to Zendesk: " + what + "; set exactly one of 'email' with "
        + "'api_token' (API token) or 'oauth_token' (OAuth)";
  }

  private static Optional<String> nonBlank(OptionValues options, String name) {
    return options.optional(name).map(String::trim).filter(v -> !v.isEmpty());
  }
}
