package io.tributary.http;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * What the {@link OAuthTokenSource}s of one identity share in a JVM: the current access token,
 * the current refresh token and the latest token response. A run builds a connector per table
 * (and per planned read), each with the configured refresh token; once one of them has
 * rotated it, the configured one is dead, so all must go on with the rotated one. Hence one state
 * per identity, in a process-wide registry, the same way {@link HttpClients} keeps one rate
 * limiter per connection. The lock makes refreshes one at a time.
 */
final class TokenState {
  private static final Map<String, TokenState> SHARED = new ConcurrentHashMap<>();

  final ReentrantLock lock = new ReentrantLock();
  volatile String accessToken;
  volatile String refreshToken;
  volatile JsonNode lastResponse;
  /** When {@link #accessToken} was obtained. */
  volatile java.time.Instant obtainedAt;

  private TokenState(String refreshToken) {
    this.refreshToken = refreshToken;
  }

  /**
   * The state of the sources with this token endpoint, grant and credentials; {@code secrets}
   * (client credentials and the configured, not the rotated, refresh token) are hashed, so that
   * the registry's keys hold none of them.
   */
  static TokenState shared(String tokenUrl, String grant, List<String> secrets, String refreshToken) {
    String key = tokenUrl + "|" + grant + "|" + fingerprint(secrets);
    return SHARED.computeIfAbsent(key, k -> new TokenState(refreshToken));
  }

  /** A state of its own, for grants whose credentials cannot be keyed (a signing key). */
  static TokenState unshared() {
    return new TokenState(null);
  }

  /** The registry's keys, for tests that check they hold no secret. */
  static java.util.Set<String> keys() {
    return java.util.Set.copyOf(SHARED.keySet());
  }

  static String fingerprint(List<String> secrets) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      for (String secret : secrets) {
        digest.update(String.valueOf(secret).getBytes(StandardCharsets.UTF_8));
        digest.update((byte) 0);
      }
      return HexFormat.of().formatHex(digest.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public String toString() {
    return "TokenState[" + (accessToken == null ? "no token" : "token") + "]";
  }
}
