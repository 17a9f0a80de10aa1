package io.tributary.simulator;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The credentials a simulator accepts, read from the request headers. A request without them
 * answers 401 (or the status given to {@link #rejectingWith(int, String)}) with the vendor-like
 * body of the simulator's {@link ErrorStyle}, or the body given to {@code rejectingWith}.
 *
 * <p>Checks combine with {@link #and}: Harvest wants a bearer token and an account header,
 *
 * <pre>
 * AuthCheck.bearer(token).rejectingWith(401, invalidToken)
 *     .and(AuthCheck.header("Harvest-Account-Id", accountId).rejectingWith(403, wrongAccount))
 * </pre>
 *
 * and the first check a request fails answers it.
 */
public final class AuthCheck {
  private static final String AUTHORIZATION = "authorization";

  private final Predicate<Map<String, String>> accepts;
  private final String description;
  private final int status;
  private final String rejectionBody;
  private final AuthCheck next;

  private AuthCheck(Predicate<Map<String, String>> accepts, String description, int status, String rejectionBody,
      AuthCheck next) {
    this.accepts = accepts;
    this.description = description;
    this.status = status;
    this.rejectionBody = rejectionBody;
    this.next = next;
  }

  private static AuthCheck onAuthorization(Predicate<String> accepts, String description) {
    return new AuthCheck(headers -> accepts.test(headers.getOrDefault(AUTHORIZATION, "")), description, 401,
        null, null);
  }

  /** Accepts every request. */
  public static AuthCheck none() {
    return new AuthCheck(headers -> true, "none", 401, null, null);
  }

  /** Basic auth with the API key as user and any password ({@code key:X}): Freshservice, Freshdesk, Chargebee. */
  public static AuthCheck basicApiKey(String apiKey) {
    Objects.requireNonNull(apiKey, "apiKey");
    return onAuthorization(header -> basicUser(header).equals(apiKey), "basic api key");
  }

  /** Basic auth with exactly {@code user:password}. */
  public static AuthCheck basic(String user, String password) {
    String expected = "Basic " + base64(user + ":" + password);
    return onAuthorization(expected::equals, "basic");
  }

  /** Zendesk's API-token form: basic auth with {@code email/token:token}. */
  public static AuthCheck emailToken(String email, String token) {
    return basic(email + "/token", token);
  }

  /** {@code Authorization: Bearer <token>}. Swap it with {@link Simulator#auth} to expire a token. */
  public static AuthCheck bearer(String token) {
    String expected = "Bearer " + Objects.requireNonNull(token, "token");
    return onAuthorization(expected::equals, "bearer");
  }

  /**
   * {@code Authorization: Bearer <token>} with any token {@code live} holds when the request
   * arrives: a provider that keeps several sessions valid at once. Add and remove tokens to issue
   * and expire them; pass a thread-safe collection.
   */
  public static AuthCheck bearerAny(java.util.Collection<String> live) {
    Objects.requireNonNull(live, "live");
    return onAuthorization(header -> header.startsWith("Bearer ") && live.contains(header.substring(7)), "bearer");
  }

  /** The header {@code name} (any case) with exactly {@code value}, such as {@code Harvest-Account-Id: 123}. */
  public static AuthCheck header(String name, String value) {
    String key = Objects.requireNonNull(name, "name").toLowerCase(Locale.ROOT);
    Objects.requireNonNull(value, "value");
    return new AuthCheck(headers -> value.equals(headers.get(key)), "header " + name, 401, null, null);
  }

  /** The same check, answering 401 with exactly {@code body} (JSON). */
  public AuthCheck rejectingWith(String body) {
    return rejectingWith(401, body);
  }

  /** The same check, answering {@code status} (401 or 403, as the vendor does) with exactly {@code body} (JSON). */
  public AuthCheck rejectingWith(int status, String body) {
    if (status != 401 && status != 403) {
      throw new IllegalArgumentException("Cannot reject credentials with status " + status + ": use 401 or 403");
    }
    return new AuthCheck(accepts, description, status, Objects.requireNonNull(body, "body"), next);
  }

  /** Both checks: this one first, then {@code other}; the first one a request fails answers it. */
  public AuthCheck and(AuthCheck other) {
    Objects.requireNonNull(other, "other");
    return new AuthCheck(accepts, description, status, rejectionBody, next == null ? other : next.and(other));
  }

  /**
   * The answer to a request whose headers (names in lower case) lack these credentials, or empty
   * when it may pass.
   */
  Optional<SimResponse> rejection(Map<String, String> headers, ErrorStyle errors) {
    if (!accepts.test(headers)) {
      String body = rejectionBody != null ? rejectionBody : status == 403
          ? errors.body(403, "access_denied", "You are not authorized to perform this action.")
          : errors.body(401, "invalid_credentials", "You have to be logged in to perform this action.");
      return Optional.of(SimResponse.json(status, body));
    }
    return next == null ? Optional.empty() : next.rejection(headers, errors);
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
    return "AuthCheck[" + description() + "]"; // names the checks, never the credentials
  }

  private String description() {
    return description + (next == null ? "" : " and " + next.description());
  }
}
