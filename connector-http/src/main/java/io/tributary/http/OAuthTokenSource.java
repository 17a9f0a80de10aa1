package io.tributary.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.api.DelegatedToken;
import io.tributary.api.ExternalException;
import io.tributary.api.UserException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Access tokens from an OAuth 2.0 token endpoint (RFC 6749 section 6 and 4.4, RFC 7523), for
 * {@link Auth#bearer}. The first {@link #token()} obtains a token; after a 401 {@link RestClient}
 * calls {@link #refresh()} once and repeats the request.
 *
 * <ul>
 *   <li>{@link Builder#refreshTokenGrant}: {@code grant_type=refresh_token}. When the endpoint
 *       rotates the refresh token (returns a new {@code refresh_token}), the new one is used from
 *       then on by every source of the same identity, for the rest of the run (the JVM), and
 *       handed to the refreshing source's {@link Builder#onRotation} so that the caller can
 *       persist it for the next run: the old one is already invalid.
 *   <li>{@link Builder#clientCredentialsGrant}: {@code grant_type=client_credentials}.
 *   <li>{@link Builder#jwtBearerGrant}: a freshly signed assertion per request.
 * </ul>
 *
 * Token sources of one identity (token endpoint, grant, client credentials and the configured
 * refresh token) share their state in the JVM: the access token, the refresh token in use and the
 * latest response. So the sources a run builds per table, or per planned read, obtain one access
 * token between them and all follow a rotation, however many are built from the configured
 * refresh token. Refreshes run one at a time; a source that waited for another's refresh uses its
 * token. JWT bearer sources keep a state of their own: each assertion is signed afresh anyway.
 *
 * <p>On a Spark cluster only the driver redeems the grant: {@link #delegate} hands its access token
 * to {@link Delegation}, which ships it to executors in place of the grant's secrets.
 *
 * <p>A refused grant (400 or 401 from the endpoint, such as {@code invalid_grant}) is a {@link
 * UserException} naming the options to check. Thread-safe. {@link #toString()} shows no secret.
 */
public final class OAuthTokenSource implements TokenSource {
  private final RestClient endpoint;
  private final String path;
  private final String grant;
  private final Map<String, String> fixedForm;
  private final JwtBearer jwt;
  private final String credentialHint;
  private final Consumer<String> onRotation;
  private final Clock clock;
  private final TokenState state;

  private OAuthTokenSource(Builder b) {
    this.endpoint = b.endpoint;
    this.path = b.path;
    this.grant = Objects.requireNonNull(b.grant, "a grant");
    this.fixedForm = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(b.form));
    this.jwt = b.jwt;
    this.credentialHint = b.credentialHint;
    this.onRotation = b.onRotation;
    this.clock = b.clock;
    if (jwt != null) {
      state = TokenState.unshared();
    } else {
      List<String> secrets = new ArrayList<>(fixedForm.values());
      secrets.add(b.refreshToken);
      state = TokenState.shared(endpoint.settings().baseUrl() + path, grant, secrets, b.refreshToken);
    }
  }

  /** @param endpoint a client whose base URL is the authorization server, with {@code Auth.none()} */
  public static Builder builder(RestClient endpoint, String tokenPath) {
    return new Builder(endpoint, tokenPath);
  }

  @Override
  public String token() {
    String current = state.accessToken;
    if (current != null) {
      return current;
    }
    state.lock.lock();
    try {
      return state.accessToken != null ? state.accessToken : requestToken();
    } finally {
      state.lock.unlock();
    }
  }

  @Override
  public String refresh() {
    String rejected = state.accessToken;
    state.lock.lock();
    try {
      String current = state.accessToken;
      // Another source of the same identity refreshed while this one waited: its token is new.
      if (current != null && !current.equals(rejected)) {
        return current;
      }
      return requestToken();
    } finally {
      state.lock.unlock();
    }
  }

  /**
   * The current access token, to delegate to another JVM (see {@link Delegation}): a new one when
   * none was obtained yet or the current one was obtained {@code maxAge} or longer ago, since a
   * provider may time a session out without saying when. Only this JVM redeems the grant.
   */
  public DelegatedToken delegate(Duration maxAge) {
    state.lock.lock();
    try {
      Instant obtained = state.obtainedAt;
      if (state.accessToken == null || obtained == null
          || !clock.instant().isBefore(obtained.plus(maxAge))) {
        requestToken();
      }
      return new DelegatedToken(state.accessToken, state.obtainedAt);
    } finally {
      state.lock.unlock();
    }
  }

  /** The refresh token in use: the configured one, or the latest rotation by any source of it. */
  public Optional<String> currentRefreshToken() {
    return Optional.ofNullable(state.refreshToken);
  }

  /**
   * A text field of the latest token response, such as Salesforce's {@code instance_url}. Never
   * use it for the tokens themselves.
   */
  public Optional<String> responseField(String name) {
    JsonNode r = state.lastResponse;
    return r == null || !r.hasNonNull(name) ? Optional.empty() : Optional.of(r.get(name).asText());
  }

  /** Called with the state's lock held. */
  private String requestToken() {
    String refreshToken = state.refreshToken;
    Map<String, String> form = new LinkedHashMap<>();
    form.put("grant_type", grant);
    form.putAll(fixedForm);
    if (refreshToken != null) {
      form.put("refresh_token", refreshToken);
    }
    if (jwt != null) {
      form.put("assertion", jwt.assertion());
    }
    JsonResponse response;
    try {
      response = endpoint.postForm(path, form);
    } catch (ExternalException e) {
      if (e.status() != 400 && e.status() != 401) {
        throw e;
      }
      throw new UserException("Cannot obtain an OAuth access token from "
          + endpoint.settings().sourceName() + " (grant " + grantName() + "): the token endpoint "
          + "refused it (" + e.status() + e.providerMessage().map(m -> ": " + m).orElse("")
          + "); check " + credentialHint);
    }
    JsonNode body = response.body();
    String token = body.path("access_token").asText("");
    if (token.isEmpty()) {
      throw new ExternalException("Cannot obtain an OAuth access token from "
          + endpoint.settings().sourceName() + " (grant " + grantName() + "): the token endpoint's "
          + "answer has no access_token", response.status(), null, false);
    }
    state.lastResponse = body.deepCopy();
    state.obtainedAt = clock.instant();
    state.accessToken = token;
    String rotated = body.path("refresh_token").asText("");
    if (refreshToken != null && !rotated.isEmpty() && !rotated.equals(refreshToken)) {
      // The old one is dead now: every source of this identity goes on with the new one.
      state.refreshToken = rotated;
      if (onRotation != null) {
        onRotation.accept(rotated);
      }
    }
    return token;
  }

  private String grantName() {
    return grant.equals(JwtBearer.GRANT_TYPE) ? "jwt-bearer" : grant;
  }

  @Override
  public String toString() {
    return "OAuthTokenSource[" + grantName() + "]";
  }

  /** Chooses the grant and its credentials. */
  public static final class Builder {
    private final RestClient endpoint;
    private final String path;
    private final Map<String, String> form = new LinkedHashMap<>();
    private String grant;
    private String refreshToken;
    private JwtBearer jwt;
    private String credentialHint = "the OAuth client credentials";
    private Consumer<String> onRotation;
    private Clock clock = Clock.systemUTC();

    private Builder(RestClient endpoint, String path) {
      this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
      this.path = Objects.requireNonNull(path, "path");
    }

    public Builder refreshTokenGrant(String clientId, String clientSecret, String token) {
      grant = "refresh_token";
      form.put("client_id", clientId);
      form.put("client_secret", clientSecret);
      refreshToken = Objects.requireNonNull(token, "refresh token");
      return this;
    }

    public Builder clientCredentialsGrant(String clientId, String clientSecret) {
      grant = "client_credentials";
      form.put("client_id", clientId);
      form.put("client_secret", clientSecret);
      return this;
    }

    public Builder jwtBearerGrant(JwtBearer assertions) {
      grant = JwtBearer.GRANT_TYPE;
      jwt = Objects.requireNonNull(assertions, "assertions");
      return this;
    }

    /** What a user should check when the grant is refused, such as "client_id and private_key". */
    public Builder credentialHint(String hint) {
      credentialHint = Objects.requireNonNull(hint, "hint");
      return this;
    }

    /** Receives each rotated refresh token, to persist it; runs on the requesting thread. */
    public Builder onRotation(Consumer<String> listener) {
      onRotation = listener;
      return this;
    }

    /** The clock that dates tokens, for {@link OAuthTokenSource#delegate}; the system's by default. */
    public Builder clock(Clock value) {
      clock = Objects.requireNonNull(value, "clock");
      return this;
    }

    public OAuthTokenSource build() {
      return new OAuthTokenSource(this);
    }
  }
}
