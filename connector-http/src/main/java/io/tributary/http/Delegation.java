package io.tributary.http;

import io.tributary.api.DelegatedToken;
import io.tributary.api.DelegatesAuth;
import io.tributary.api.ExternalException;
import io.tributary.api.OptionValues;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * {@link DelegatesAuth} for connectors that authenticate with a {@link TokenSource}: the driver
 * delegates its access token, executors use it and nothing else. A connector declares it once:
 *
 * <pre>
 * // where the client is built: the delegated token on executors, the grant on the driver
 * TokenSource tokens = Delegation.delegated(options, "Salesforce").orElseGet(() -> grantFrom(options));
 * // in Connector.delegate(): the options to ship
 * return Delegation.delegate(options, tokens);
 * </pre>
 *
 * A delegated token cannot be refreshed where it was shipped: after a 401 its {@link
 * TokenSource#refresh()} throws a retryable {@link ExternalException}, so the task fails instead of
 * redeeming a grant it does not hold, and the driver ships a fresh token with the next plan.
 */
public final class Delegation {
  /**
   * A token the driver obtained this long ago or longer is replaced before it is shipped: shorter
   * than any session timeout Salesforce offers (15 minutes at least), so a shipped token has most
   * of its session left, while a stream planning every few seconds redeems the grant rarely.
   */
  public static final Duration MAX_AGE = Duration.ofMinutes(5);

  private Delegation() {}

  /**
   * The token source of a connection built from {@code options} when they carry a delegated token
   * (on an executor); empty when the connection must use its own grant (on the driver, or outside
   * Spark).
   *
   * @param sourceName the provider, named when it rejects the token
   */
  public static Optional<TokenSource> delegated(OptionValues options, String sourceName) {
    return options.delegatedToken().map(t -> new Delegated(t, sourceName));
  }

  /**
   * The options to ship for a connection whose token source is {@code tokens}: its secrets removed
   * and an access token delegated, obtained from the grant when the current one is missing or old
   * ({@link #MAX_AGE}). Options that already carry a delegated token are shipped as they are.
   */
  public static OptionValues delegate(OptionValues options, TokenSource tokens) {
    Objects.requireNonNull(tokens, "tokens");
    if (tokens instanceof Delegated) {
      return options;
    }
    DelegatedToken token = tokens instanceof OAuthTokenSource oauth
        ? oauth.delegate(MAX_AGE)
        : new DelegatedToken(tokens.token(), Instant.now());
    return options.delegating(token);
  }

  /** The token a driver delegated; it cannot be refreshed here. */
  static final class Delegated implements TokenSource {
    private final DelegatedToken token;
    private final String sourceName;

    Delegated(DelegatedToken token, String sourceName) {
      this.token = Objects.requireNonNull(token, "token");
      this.sourceName = Objects.requireNonNull(sourceName, "sourceName");
    }

    @Override
    public String token() {
      return token.accessToken();
    }

    @Override
    public String refresh() {
      throw new ExternalException("Cannot go on with the access token the Spark driver delegated (obtained "
          + token.obtainedAt() + "): " + sourceName + " rejected it (401), as it does once a session timed out "
          + "or was revoked. Executors never redeem the OAuth grant themselves, so that a rotating refresh "
          + "token stays valid; this task fails without committing anything, and the driver delegates a "
          + "fresh token when it plans the read again (the retried micro-batch or the next run)",
          401, null, true);
    }

    @Override
    public String toString() {
      return "TokenSource[delegated by the driver]";
    }
  }
}
