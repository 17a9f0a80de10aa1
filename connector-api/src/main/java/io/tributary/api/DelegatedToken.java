package io.tributary.api;

import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

/**
 * An access token a Spark driver obtained from a connection's grant and ships to executors in
 * place of the grant's secrets ({@link OptionValues#delegating}), so that the grant is redeemed in
 * one JVM only: a rotating refresh token stays valid for the driver and for the next run. {@link
 * #toString()} never shows the token.
 *
 * @param accessToken the bearer token executors send; a secret
 * @param obtainedAt when the driver obtained it from the token endpoint
 */
public record DelegatedToken(String accessToken, Instant obtainedAt) implements Serializable {

  public DelegatedToken {
    if (accessToken == null || accessToken.isBlank()) {
      throw new IllegalArgumentException("Cannot delegate an access token: it is empty");
    }
    Objects.requireNonNull(obtainedAt, "obtainedAt");
  }

  @Override
  public String toString() {
    return "DelegatedToken[obtained " + obtainedAt + "]";
  }
}
