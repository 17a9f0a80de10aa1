package io.tributary.http;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Objects;

/**
 * How a {@link RestClient} authenticates. Immutable; {@link #toString()} names the scheme and
 * never shows a secret.
 *
 * <pre>
 * Auth.basicApiKey(apiKey)            // Freshservice, Freshdesk: "key:X"
 * Auth.basic(apiKey, "")              // Chargebee: the key as user name
 * Auth.emailToken(email, token)       // Zendesk: "email/token:token"
 * Auth.bearer(tokenSource)            // OAuth, refreshed once after a 401
 * </pre>
 */
public final class Auth {
  private final String scheme;
  private final String basicCredentials;
  private final TokenSource tokens;
  private final List<String> secrets;

  private Auth(String scheme, String basicCredentials, TokenSource tokens, List<String> secrets) {
    this.scheme = scheme;
    this.basicCredentials = basicCredentials;
    this.tokens = tokens;
    this.secrets = secrets.stream().filter(s -> s != null && !s.isEmpty()).toList();
  }

  /** No Authorization header. */
  public static Auth none() {
    return new Auth("none", null, null, List.of());
  }

  /** HTTP basic with the API key as user name and {@code X} as password, as Freshworks expects. */
  public static Auth basicApiKey(String apiKey) {
    requireText(apiKey, "API key");
    return new Auth("basic api key", encode(apiKey + ":X"), null, List.of(apiKey));
  }

  /**
   * HTTP basic with a user name and password; the password may be empty (Chargebee sends its key as
   * the user name). Both are treated as secrets.
   */
  public static Auth basic(String user, String password) {
    requireText(user, "user name");
    Objects.requireNonNull(password, "password");
    return new Auth("basic", encode(user + ":" + password), null, List.of(user, password));
  }

  /** HTTP basic as {@code email/token:token}, Zendesk's API token scheme. */
  public static Auth emailToken(String email, String token) {
    requireText(email, "email");
    requireText(token, "API token");
    return new Auth("basic email/token", encode(email + "/token:" + token), null, List.of(token));
  }

  /** {@code Authorization: Bearer <token>}; after a 401 the source is refreshed once. */
  public static Auth bearer(TokenSource tokens) {
    Objects.requireNonNull(tokens, "tokens");
    return new Auth("bearer", null, tokens, List.of());
  }

  /** The value of the Authorization header, or null for {@link #none()}. */
  String header() {
    if (basicCredentials != null) {
      return "Basic " + basicCredentials;
    }
    if (tokens != null) {
      return "Bearer " + tokens.token();
    }
    return null;
  }

  /** The token source, when this is bearer auth. */
  TokenSource tokens() {
    return tokens;
  }

  /**
   * Values that must never be printed: the secret itself, its base64 header form, and the current
   * bearer token.
   */
  List<String> secrets() {
    java.util.ArrayList<String> all = new java.util.ArrayList<>(fixedSecrets());
    if (tokens != null) {
      try {
        all.add(tokens.token());
      } catch (RuntimeException ignored) {
        // A token source that cannot produce a token has nothing to redact.
      }
    }
    return all;
  }

  /** The secrets that do not change: keys, passwords and the basic header. */
  List<String> fixedSecrets() {
    java.util.ArrayList<String> all = new java.util.ArrayList<>(secrets);
    if (basicCredentials != null) {
      all.add(basicCredentials);
    }
    return all;
  }

  @Override
  public String toString() {
    return "Auth[" + scheme + "]";
  }

  private static String encode(String credentials) {
    return Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
  }

  private static void requireText(String value, String what) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("Cannot build auth: the " + what + " is empty");
    }
  }
}
