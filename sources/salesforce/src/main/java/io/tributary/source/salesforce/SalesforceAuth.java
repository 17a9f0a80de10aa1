package io.tributary.source.salesforce;

import io.tributary.api.CommonOptions;
import io.tributary.api.OptionValues;
import io.tributary.api.UserException;
import io.tributary.http.Delegation;
import io.tributary.http.HttpSettings;
import io.tributary.http.JwtBearer;
import io.tributary.http.OAuthTokenSource;
import io.tributary.http.RestClient;
import io.tributary.http.TokenSource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Picks the one OAuth grant the connection options describe and builds its token source. The
 * grants and what each needs are in the docs' auth guide.
 */
final class SalesforceAuth {
  static final String TOKEN_PATH = "/services/oauth2/token";

  /**
   * The grant in use, the options a user checks when Salesforce refuses it, and the option naming
   * the host its token endpoint is on (null for a fixed access token, which calls none).
   */
  record Grant(String name, String credentialOptions, TokenSource tokens, String tokenHostOption) {}

  private SalesforceAuth() {}

  static Grant grant(OptionValues o, String instanceBase, Clock clock) {
    return grant(o, instanceBase, clock, UnaryOperator.identity());
  }

  /** As {@link #grant(OptionValues, String, Clock)}, with {@code tuning} applied to the token endpoint's client. */
  static Grant grant(OptionValues o, String instanceBase, Clock clock, UnaryOperator<HttpSettings.Builder> tuning) {
    Optional<TokenSource> delegated = Delegation.delegated(o, "Salesforce");
    if (delegated.isPresent()) {
      // An executor: the driver redeemed the grant and stripped its secrets from these options.
      return new Grant("delegated access token", "the access token the Spark driver delegated", delegated.get(), null);
    }
    boolean access = o.has(SalesforceOptions.ACCESS_TOKEN);
    boolean refresh = o.has(SalesforceOptions.REFRESH_TOKEN);
    boolean jwt = o.has(SalesforceOptions.PRIVATE_KEY) || o.has(SalesforceOptions.USERNAME);
    boolean secret = o.has(SalesforceOptions.CLIENT_SECRET);
    int chosen = (access ? 1 : 0) + (refresh ? 1 : 0) + (jwt ? 1 : 0)
        + (!refresh && !jwt && secret ? 1 : 0);
    if (chosen != 1) {
      throw new UserException("Cannot connect to Salesforce: set exactly one way to authenticate: "
          + "access_token; or client_id, client_secret and refresh_token (refresh-token grant); or "
          + "client_id and client_secret (client-credentials grant); or client_id, username and "
          + "private_key (JWT bearer grant). "
          + (chosen == 0 ? "None is set" : "Options of more than one are set"));
    }
    if (access) {
      return new Grant("access token", SalesforceOptions.ACCESS_TOKEN,
          TokenSource.fixed(o.string(SalesforceOptions.ACCESS_TOKEN)), null);
    }
    if (refresh) {
      require(o, SalesforceOptions.CLIENT_ID, SalesforceOptions.CLIENT_SECRET);
      String hint = "client_id, client_secret and refresh_token";
      OAuthTokenSource.Builder b = OAuthTokenSource.builder(endpoint(o, loginUrl(o), SalesforceOptions.LOGIN_URL, tuning), TOKEN_PATH)
          .refreshTokenGrant(o.string(SalesforceOptions.CLIENT_ID), o.string(SalesforceOptions.CLIENT_SECRET),
              o.string(SalesforceOptions.REFRESH_TOKEN))
          .credentialHint(hint).clock(clock);
      o.optional(SalesforceOptions.REFRESH_TOKEN_FILE).ifPresent(file -> b.onRotation(token -> persist(Path.of(file), token)));
      return new Grant("refresh token", hint, b.build(), SalesforceOptions.LOGIN_URL);
    }
    if (jwt) {
      require(o, SalesforceOptions.CLIENT_ID, SalesforceOptions.USERNAME, SalesforceOptions.PRIVATE_KEY);
      JwtBearer assertions;
      try {
        // The audience is the authorization server itself: login or test.salesforce.com.
        assertions = JwtBearer.rs256(o.string(SalesforceOptions.CLIENT_ID), o.string(SalesforceOptions.USERNAME),
            loginUrl(o), o.string(SalesforceOptions.PRIVATE_KEY), Duration.ofMinutes(3), clock);
      } catch (IllegalArgumentException e) {
        throw new UserException("Invalid value <redacted> for option 'private_key': " + e.getMessage());
      }
      String hint = "client_id, username and private_key (and that the user is pre-authorized for the app)";
      return new Grant("JWT bearer", hint,
          OAuthTokenSource.builder(endpoint(o, loginUrl(o), SalesforceOptions.LOGIN_URL, tuning), TOKEN_PATH)
              .jwtBearerGrant(assertions).credentialHint(hint).clock(clock).build(), SalesforceOptions.LOGIN_URL);
    }
    require(o, SalesforceOptions.CLIENT_ID, SalesforceOptions.CLIENT_SECRET);
    // The client-credentials grant is served by the org's My Domain, not by login.salesforce.com.
    String hint = "client_id and client_secret (and that the app has a run-as user)";
    return new Grant("client credentials", hint,
        OAuthTokenSource.builder(endpoint(o, instanceBase, SalesforceOptions.INSTANCE_URL, tuning), TOKEN_PATH)
            .clientCredentialsGrant(o.string(SalesforceOptions.CLIENT_ID), o.string(SalesforceOptions.CLIENT_SECRET))
            .credentialHint(hint).clock(clock).build(), SalesforceOptions.INSTANCE_URL);
  }

  private static String loginUrl(OptionValues o) {
    String url = o.string(SalesforceOptions.LOGIN_URL);
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }

  private static RestClient endpoint(OptionValues o, String baseUrl, String option,
      UnaryOperator<HttpSettings.Builder> tuning) {
    return RestClient.create(tuning.apply(HttpSettings.builder("salesforce", baseUrl)
        .credentialOption("client_id")
        .hostOption(option)
        .baseUrlOption(option)
        .requestsPerMinute(o.integer(CommonOptions.REQUESTS_PER_MINUTE))
        .secrets(o.secretValues()))
        .build());
  }

  private static void require(OptionValues o, String... names) {
    List<String> problems = new ArrayList<>();
    for (String name : names) {
      if (!o.has(name) || o.string(name).isBlank()) {
        problems.add("Missing option '" + name + "': the chosen grant needs " + String.join(", ", names));
      }
    }
    if (!problems.isEmpty()) {
      throw new UserException(problems);
    }
  }

  /** Writes the rotated token atomically, readable by the owner only: the old one is now dead. */
  static void persist(Path file, String token) {
    try {
      Path dir = file.toAbsolutePath().getParent();
      Files.createDirectories(dir);
      Path tmp = Files.createTempFile(dir, ".refresh_token", ".tmp");
      try {
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
      } catch (UnsupportedOperationException notPosix) {
        // Windows: the directory's ACL applies.
      }
      Files.writeString(tmp, token, StandardCharsets.UTF_8);
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UserException("Cannot write the rotated refresh token to refresh_token_file "
          + file + ": " + e.getMessage() + ". The old refresh token is no longer valid; fix the "
          + "file's directory and re-authorize the app to obtain a new one");
    }
  }
}
