package io.tributary.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.api.DelegatedToken;
import io.tributary.api.ExternalException;
import io.tributary.api.OptionDef;
import io.tributary.api.OptionSet;
import io.tributary.api.OptionValues;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DelegationTest {
  private static final OptionSet DEFS = OptionSet.of(OptionDef.string("client_id"),
      OptionDef.string("client_secret").secret(), OptionDef.string("refresh_token").secret());
  private final ScriptedServer server = new ScriptedServer();
  /** Token sources of one identity share state in the JVM: a client id of its own per test. */
  private final String cid = "cid-" + UUID.randomUUID();
  private final OptionValues driverOptions =
      DEFS.validate(Map.of("client_id", cid, "client_secret", "client-secret", "refresh_token", "refresh-one"));

  @AfterEach
  void close() {
    server.close();
  }

  /** A clock a test moves by hand. */
  private RestClient client(String baseUrl, Auth auth) {
    return RestClient.create(HttpSettings.builder("demo", baseUrl).auth(auth).requestsPerMinute(100_000)
        .backoff(Duration.ofMillis(10), Duration.ofMillis(20)).build());
  }

  private OAuthTokenSource grant(Clock clock) {
    return OAuthTokenSource.builder(client(server.baseUrl(), Auth.none()), "/oauth/token")
        .refreshTokenGrant(cid, "client-secret", "refresh-one").clock(clock).build();
  }

  @Test
  void shipsTheCurrentTokenWithoutTheSecretsAndRedeemsTheGrantAgainOnlyOnceTheTokenIsOld() {
    server.then(200, "{\"access_token\":\"access-one\",\"refresh_token\":\"refresh-two\"}")
        .then(200, "{\"access_token\":\"access-two\",\"refresh_token\":\"refresh-three\"}");
    HandClock clock = new HandClock(Instant.parse("2026-01-01T00:00:00Z"));
    OAuthTokenSource tokens = grant(clock);

    OptionValues first = Delegation.delegate(driverOptions, tokens);
    clock.set(clock.instant().plus(Delegation.MAX_AGE).minusSeconds(1));
    OptionValues young = Delegation.delegate(driverOptions, tokens);
    clock.set(clock.instant().plusSeconds(1));
    OptionValues old = Delegation.delegate(driverOptions, tokens);

    assertThat(first.delegatedToken()).contains(new DelegatedToken("access-one", Instant.parse("2026-01-01T00:00:00Z")));
    assertThat(young.delegatedToken().orElseThrow().accessToken()).isEqualTo("access-one");
    assertThat(old.delegatedToken().orElseThrow().accessToken()).isEqualTo("access-two");
    assertThat(server.requestCount()).isEqualTo(2);
    assertThat(first.asMap()).containsOnlyKeys("client_id");
    assertThat(first.secretValues()).containsExactly("access-one");
    assertThat(first.toString()).doesNotContain("access-one", "client-secret", "refresh-one").endsWith("delegated token=*****}");
    assertThat(driverOptions.delegatedToken()).isEmpty();
  }

  @Test
  void aConnectionBuiltFromDelegatedOptionsUsesTheTokenAndFailsRetryablyWhenItIsRejected() {
    OptionValues shipped = driverOptions.delegating(new DelegatedToken("access-one", Instant.parse("2026-01-01T00:00:00Z")));
    TokenSource tokens = Delegation.delegated(shipped, "Demo").orElseThrow();
    server.then(200, "{\"ok\":true}").then(401, "[{\"errorCode\":\"INVALID_SESSION_ID\"}]");
    RestClient api = client(server.baseUrl(), Auth.bearer(tokens));

    api.get("/things", Map.of());

    assertThat(server.request(0).getHeaders().get("Authorization")).isEqualTo("Bearer access-one");
    assertThatThrownBy(() -> api.get("/things", Map.of()))
        .isInstanceOfSatisfying(ExternalException.class, e -> {
          assertThat(e.retryable()).isTrue();
          assertThat(e.status()).isEqualTo(401);
        })
        .hasMessageStartingWith("Cannot go on with the access token the Spark driver delegated (obtained 2026-01-01T00:00:00Z): "
            + "Demo rejected it (401)")
        .hasMessageNotContaining("access-one");
    assertThat(server.requestCount()).as("no token request: the executor holds no grant").isEqualTo(2);
    assertThat(tokens.toString()).doesNotContain("access-one");
    assertThat(Delegation.delegate(shipped, tokens)).as("shipped on as it is").isSameAs(shipped);
    assertThat(Delegation.delegated(driverOptions, "Demo")).isEmpty();
  }
}
