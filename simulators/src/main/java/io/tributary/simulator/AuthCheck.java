package io.tributary.simulator;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * The credentials a simulator accepts. A request without them answers 401 with the vendor-like
 * body of the simulator's {@link ErrorStyle}, or the body given to {@link #rejectingWith}.
 */
public final class AuthCheck {
  private final Predicate<String> accepts;
  private final String description;
  private final String rejectionBody;

  private AuthCheck(Predicate<String> accepts, String description, String rejectionBody) {
    this.accepts = accepts;
    this.description = description;
    this.rejectionBody = rejectionBody;
  }

  /** Accepts every request. */
  public static AuthCheck none() {
    return new AuthCheck(header -> true, "none", null);
  }

  /** Basic auth with the API key as user and any password ({@code key:X}): Freshservice, Freshdesk, Chargebee. */
  public static AuthCheck basicApiKey(String apiKey) {
    Objects.requireNonNull(apiKey, "apiKey");
    return new AuthCheck(header -> basicUser(header).equals(apiKey), "basic api key", null);
  }

  /** Basic auth with exactly {@code user:password}. */
  public static AuthCheck basic(String user, String password) {
    String expected = "Basic " + base64(user + ":" + password);
    return new AuthCheck(expected::equals, "basic", null);
  }

  /** Zendesk's API-token form: basic auth with {@code email/token:token}. */
  public static AuthCheck emailToken(String email, String token) {
    return basic(email + "/token", token);
  }

  /** {@code Authorization: Bearer <token>}. Swap it with {@link Simulator#auth} to expire a token. */
  public static AuthCheck bearer(String token) {
    String expected = "Bearer " + Objects.requireNonNull(token, "token");
    return new AuthCheck(expected::equals, "bearer", null);
  }

  /** The same check, answering 401 with exactly {@code body} (JSON). */
  public AuthCheck rejectingWith(String body) {
    return new AuthCheck(accepts, description, body);
  }

  boolean accepts(String authorizationHeader) {
    return accepts.test(authorizationHeader == null ? "" : authorizationHeader);
  }

  String rejectionBody() {
    return rejectionBody;
  }

  private static String basicUser(String header) {
    if (!header.startsWith("Basic ")) {
      return "";
    }
    try {
      String decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
      int colon = decoded.indexOf(':');
      return colon < 0 ? "" : decoded.substring(0, colon);
    } catch (IllegalArgumentException e) {
      return "";
    }
  }

  private static String base64(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public String toString() {
    return "AuthCheck[" + description + "]"; // never the credentials
  }
}
