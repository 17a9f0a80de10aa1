package io.tributary.source.salesforce;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.api.CommonOptions;
import io.tributary.api.ExternalException;
import io.tributary.api.OptionValues;
import io.tributary.api.ReadMetrics;
import io.tributary.api.UserException;
import io.tributary.http.Auth;
import io.tributary.http.ConnectionCheck;
import io.tributary.http.HttpSettings;
import io.tributary.http.OAuthTokenSource;
import io.tributary.http.TokenSource;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.function.Consumer;

/**
 * {@link SalesforceConnector#check()}: an access token from the grant the options describe (one
 * token request; none for {@code access_token}), then {@code GET /services/data/vXX.X/limits} with
 * that token (one more). Two requests at most:
 *
 * <ul>
 *   <li>each client retries once at most, so a closed port or a down API is reported in seconds;
 *   <li>the limits call uses the token just obtained and does not refresh it after a 401: a fresh
 *       token the instance refuses means the instance is not the credentials' org, which another
 *       token would not change.
 * </ul>
 */
final class SalesforceCheck {
  private SalesforceCheck() {}

  /**
   * Runs the check and returns the line it verified; {@code spent} receives what the limits call
   * spent, whether it succeeded or not.
   */
  static String run(OptionValues o, Clock clock, Consumer<ReadMetrics> spent) {
    boolean viaBaseUrl = o.has(CommonOptions.BASE_URL);
    String base = o.optional(CommonOptions.BASE_URL).orElseGet(() -> o.string(SalesforceOptions.INSTANCE_URL));
    String hostOption = viaBaseUrl ? CommonOptions.BASE_URL : SalesforceOptions.INSTANCE_URL;
    SalesforceAuth.Grant grant = SalesforceAuth.grant(o, base, clock, SalesforceCheck::capped);
    String token = token(grant, o);
    String refused = grant.tokenHostOption() == null
        ? SalesforceOptions.ACCESS_TOKEN + " (and that it was issued for " + hostOption + ")"
        : hostOption + " (the org the credentials belong to) and " + grant.credentialOptions();
    HttpSettings settings = HttpSettings.builder("salesforce", base)
        .auth(Auth.bearer(TokenSource.fixed(token)))
        .credentialOption(refused)
        .hostOption(hostOption)
        .baseUrlOption(hostOption)
        .requestsPerMinute(o.integer(CommonOptions.REQUESTS_PER_MINUTE))
        .secrets(o.secretValues())
        .build();
    ConnectionCheck probe = ConnectionCheck.of(settings, "Salesforce",
            "/services/data/" + o.string(SalesforceOptions.API_VERSION) + "/limits")
        .notFoundMeans("the host is not a Salesforce instance, or it does not serve that API version",
            SalesforceOptions.API_VERSION)
        .forbiddenMeans("the org's edition may not include API access (API_DISABLED_FOR_ORG), its daily API "
            + "requests may be used up (REQUEST_LIMIT_EXCEEDED), or the user lacks the 'View Setup and "
            + "Configuration' permission the limits resource needs");
    JsonNode limits;
    try {
      limits = probe.run();
    } finally {
      spent.accept(probe.metrics());
    }
    JsonNode daily = limits.path("DailyApiRequests");
    String usage = daily.has("Max")
        ? "; DailyApiRequests " + daily.path("Remaining").asLong() + " of " + daily.path("Max").asLong() + " remaining"
        : "";
    return identity(grant).map(ids -> "Salesforce org " + ids[0] + " at " + probe.host() + " ("
            + grant.name() + " grant): authenticated as user " + ids[1])
        .orElse("Salesforce org at " + probe.host() + " (" + grant.name() + "): token accepted") + usage;
  }

  /** The token request retries no more than the limits call: see {@link ConnectionCheck}. */
  private static HttpSettings.Builder capped(HttpSettings.Builder builder) {
    return builder.retries(ConnectionCheck.MAX_ATTEMPTS, ConnectionCheck.MAX_WAIT);
  }

  private static String token(SalesforceAuth.Grant grant, OptionValues o) {
    try {
      return grant.tokens().token();
    } catch (ExternalException e) {
      // A refused grant (400 or 401) is already a UserException naming the credential options.
      String option = grant.tokenHostOption();
      String host = host(o.string(option));
      String cannot = "Cannot check the Salesforce connection: the token endpoint at " + host + " ";
      String fix = "; check " + option;
      String says = e.providerMessage().map(m -> ": " + m).orElse("");
      Throwable cause = e.getCause();
      if (e.status() == 404) {
        throw new UserException(List.of(cannot + "answered 404" + says
            + ", so the host is not a Salesforce authorization server" + fix), e);
      }
      if (e.status() >= 200 && e.status() < 300) {
        throw new UserException(List.of(cannot + "answered " + e.status() + " with a body that is not JSON"
            + says + ", so the host is not a Salesforce authorization server" + fix), e);
      }
      if (cause instanceof ConnectException || cause instanceof NoRouteToHostException) {
        throw new UserException(List.of(cannot + "cannot be reached (" + cause.getClass().getSimpleName()
            + ")" + fix), e);
      }
      throw e;
    }
  }

  /**
   * The org and user ids from the token response's {@code id}, the identity URL
   * {@code https://login.salesforce.com/id/<org id>/<user id>}; empty for a fixed access token.
   */
  private static java.util.Optional<String[]> identity(SalesforceAuth.Grant grant) {
    if (!(grant.tokens() instanceof OAuthTokenSource source)) {
      return java.util.Optional.empty();
    }
    return source.responseField("id").map(url -> URI.create(url).getPath().split("/"))
        .filter(parts -> parts.length >= 4 && parts[parts.length - 3].equals("id"))
        .map(parts -> new String[] {parts[parts.length - 2], parts[parts.length - 1]});
  }

  /** The host and port of {@code url}; never a path or query. */
  private static String host(String url) {
    URI uri = URI.create(url.trim());
    return uri.getPort() < 0 ? uri.getHost() : uri.getHost() + ":" + uri.getPort();
  }
}
