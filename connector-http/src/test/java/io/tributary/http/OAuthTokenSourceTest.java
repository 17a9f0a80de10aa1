package io.tributary.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.api.Json;
import io.tributary.api.UserException;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.RecordedRequest;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class OAuthTokenSourceTest {
  private final ScriptedServer server = new ScriptedServer();
  /**
   * Sources of one identity share their tokens in the JVM; a client id of its own keeps this test
   * apart from earlier ones whose server had the same port.
   */
  private final String cid = "cid-" + UUID.randomUUID();

  @AfterEach
  void close() {
    server.close();
  }

  private RestClient endpoint() {
    return RestClient.create(HttpSettings.builder("demo", server.baseUrl())
        .requestsPerMinute(100_000)
        .backoff(Duration.ofMillis(10), Duration.ofMillis(20))
        .build());
  }

  private static Map<String, String> form(RecordedRequest request) {
    HttpUrl parsed = HttpUrl.get("http://x/?" + request.getBody().string(StandardCharsets.UTF_8));
    Map<String, String> form = new java.util.LinkedHashMap<>();
    for (String name : parsed.queryParameterNames()) {
      form.put(name, parsed.queryParameter(name));
    }
    return form;
  }

  @Test
  void keepsARotatedRefreshTokenForTheNextRefreshAndReportsIt() {
    server.then(200, "{\"access_token\":\"a1\",\"refresh_token\":\"r2\",\"instance_url\":\"https://x\"}")
        .then(200, "{\"access_token\":\"a2\",\"refresh_token\":\"r3\"}");
    List<String> rotations = new ArrayList<>();
    OAuthTokenSource tokens = OAuthTokenSource.builder(endpoint(), "/oauth/token")
        .refreshTokenGrant(cid, "csecret", "r1")
        .onRotation(rotations::add)
        .build();

    assertThat(tokens.token()).isEqualTo("a1");
    assertThat(tokens.token()).isEqualTo("a1");
    assertThat(tokens.refresh()).isEqualTo("a2");

    assertThat(server.requestCount()).isEqualTo(2);
    assertThat(form(server.request(0))).containsExactly(
        Map.entry("grant_type", "refresh_token"), Map.entry("client_id", cid),
        Map.entry("client_secret", "csecret"), Map.entry("refresh_token", "r1"));
    assertThat(form(server.request(1))).containsEntry("refresh_token", "r2");
    assertThat(rotations).containsExactly("r2", "r3");
    assertThat(tokens.currentRefreshToken()).contains("r3");
    assertThat(tokens.responseField("instance_url")).isEmpty();
  }

  private OAuthTokenSource rotating(RestClient endpoint, List<String> rotations) {
    return OAuthTokenSource.builder(endpoint, "/oauth/token")
        .refreshTokenGrant(cid, "csecret", "r1").onRotation(rotations::add).build();
  }

  @Test
  void sourcesBuiltFromTheSameRefreshTokenGoOnWithTheRotatedOne() {
    server.then(200, "{\"access_token\":\"a1\",\"refresh_token\":\"r2\"}")
        .then(200, "{\"access_token\":\"a2\",\"refresh_token\":\"r3\"}");
    List<String> firstRotations = new ArrayList<>();
    List<String> secondRotations = new ArrayList<>();
    // As a run builds them: one per table, each with its own client and the configured token.
    OAuthTokenSource first = rotating(endpoint(), firstRotations);
    OAuthTokenSource second = rotating(endpoint(), secondRotations);

    assertThat(first.token()).isEqualTo("a1");
    assertThat(second.token()).as("the access token the first obtained").isEqualTo("a1");
    assertThat(second.currentRefreshToken()).contains("r2");
    assertThat(second.refresh()).isEqualTo("a2");

    assertThat(server.requestCount()).isEqualTo(2);
    assertThat(form(server.request(0))).containsEntry("refresh_token", "r1");
    assertThat(form(server.request(1))).as("the rotated token, not the configured one")
        .containsEntry("refresh_token", "r2");
    assertThat(first.currentRefreshToken()).contains("r3");
    assertThat(first.token()).isEqualTo("a2");
    assertThat(rotations(firstRotations, secondRotations)).containsExactly("r2", "r3");
    OAuthTokenSource later = rotating(endpoint(), new ArrayList<>());
    assertThat(later.token()).isEqualTo("a2");
    assertThat(later.currentRefreshToken()).contains("r3");
    assertThat(server.requestCount()).isEqualTo(2);
  }

  private static List<String> rotations(List<String> first, List<String> second) {
    assertThat(first).as("rotations the first source made").containsExactly("r2");
    assertThat(second).as("rotations the second source made").containsExactly("r3");
    List<String> all = new ArrayList<>(first);
    all.addAll(second);
    return all;
  }

  @Test
  void sourcesOfAnotherRefreshTokenOrClientKeepTheirOwnTokens() {
    server.then(200, "{\"access_token\":\"a1\"}").then(200, "{\"access_token\":\"b1\"}")
        .then(200, "{\"access_token\":\"c1\"}");
    OAuthTokenSource one = OAuthTokenSource.builder(endpoint(), "/oauth/token")
        .refreshTokenGrant(cid, "csecret", "r1").build();
    OAuthTokenSource otherToken = OAuthTokenSource.builder(endpoint(), "/oauth/token")
        .refreshTokenGrant(cid, "csecret", "another").build();
    OAuthTokenSource otherClient = OAuthTokenSource.builder(endpoint(), "/oauth/token")
        .refreshTokenGrant(cid + "-2", "csecret", "r1").build();

    assertThat(List.of(one.token(), otherToken.token(), otherClient.token())).containsExactly("a1", "b1", "c1");
    assertThat(server.requestCount()).isEqualTo(3);
  }

  @Test
  void concurrentRefreshesOfOneIdentityHitTheTokenEndpointOnce() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger answered = new AtomicInteger();
    server.answer(request -> {
      int n = answered.incrementAndGet();
      if (n == 2) {
        await(release);
      }
      return ScriptedServer.json("{\"access_token\":\"a" + n + "\",\"refresh_token\":\"r" + (n + 1) + "\"}");
    });
    List<OAuthTokenSource> sources = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      sources.add(rotating(endpoint(), new ArrayList<>()));
    }
    assertThat(sources.get(0).token()).isEqualTo("a1");
    List<Thread> threads = new ArrayList<>();
    ExecutorService pool = Executors.newFixedThreadPool(4, r -> {
      Thread t = new Thread(r);
      threads.add(t);
      return t;
    });
    try {
      List<Future<String>> refreshed = new ArrayList<>();
      for (OAuthTokenSource s : sources) {
        refreshed.add(pool.submit(s::refresh));
      }
      // One refresh is at the endpoint; the three others have read a1 and wait for the lock.
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while ((server.requestCount() < 2 || waiting(threads) < 3) && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
      assertThat(waiting(threads)).as("refreshes waiting for the one in flight").isEqualTo(3);
      release.countDown();

      for (Future<String> f : refreshed) {
        assertThat(f.get(10, TimeUnit.SECONDS)).isEqualTo("a2");
      }
    } finally {
      release.countDown();
      pool.shutdownNow();
    }
    assertThat(server.requestCount()).isEqualTo(2);
    assertThat(form(server.request(1))).containsEntry("refresh_token", "r2");
    assertThat(sources.get(3).currentRefreshToken()).contains("r3");
  }

  private static long waiting(List<Thread> threads) {
    return threads.stream().filter(t -> t.getState() == Thread.State.WAITING).count();
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Test
  void neitherTheSourceNorTheSharedRegistryShowsASecret() {
    String secret = "csecret-" + UUID.randomUUID();
    String refresh = "refresh-" + UUID.randomUUID();
    OAuthTokenSource tokens = OAuthTokenSource.builder(endpoint(), "/oauth/token")
        .refreshTokenGrant(cid, secret, refresh).build();

    assertThat(tokens.toString()).isEqualTo("OAuthTokenSource[refresh_token]");
    assertThat(TokenState.keys()).isNotEmpty().allSatisfy(key ->
        assertThat(key).doesNotContain(secret).doesNotContain(refresh).doesNotContain(cid));
  }

  @Test
  void aRefusedGrantIsAUserErrorNamingTheCredentialOptions() {
    server.then(400, "{\"error\":\"invalid_grant\",\"error_description\":\"expired access/refresh token\"}");
    OAuthTokenSource tokens = OAuthTokenSource.builder(endpoint(), "/oauth/token")
        .refreshTokenGrant(cid, "csecret", "r1")
        .credentialHint("client_id, client_secret and refresh_token")
        .build();

    assertThatThrownBy(tokens::token)
        .isInstanceOf(UserException.class)
        .hasMessage("Cannot obtain an OAuth access token from demo (grant refresh_token): the token "
            + "endpoint refused it (400: invalid_grant; expired access/refresh token); check "
            + "client_id, client_secret and refresh_token");
  }

  @Test
  void clientCredentialsSendsOnlyTheClientPair() {
    server.then(200, "{\"access_token\":\"cc\",\"instance_url\":\"https://acme.my.example.com\"}");
    OAuthTokenSource tokens = OAuthTokenSource.builder(endpoint(), "/oauth/token")
        .clientCredentialsGrant(cid, "csecret").build();

    assertThat(tokens.token()).isEqualTo("cc");
    assertThat(form(server.request(0))).containsExactly(
        Map.entry("grant_type", "client_credentials"), Map.entry("client_id", cid),
        Map.entry("client_secret", "csecret"));
    assertThat(tokens.responseField("instance_url")).contains("https://acme.my.example.com");
  }

  @Test
  void jwtBearerPostsAnAssertionSignedWithTheKey() throws Exception {
    KeyPair pair = KeyPairGenerator.getInstance("RSA").generateKeyPair();
    String pem = "-----BEGIN PRIVATE KEY-----\n"
        + Base64.getMimeEncoder().encodeToString(pair.getPrivate().getEncoded())
        + "\n-----END PRIVATE KEY-----\n";
    Clock clock = Clock.fixed(Instant.parse("2024-06-01T00:00:00Z"), ZoneOffset.UTC);
    server.then(200, "{\"access_token\":\"jwt-token\"}");
    OAuthTokenSource tokens = OAuthTokenSource.builder(endpoint(), "/oauth/token")
        .jwtBearerGrant(JwtBearer.rs256("cid", "user@example.com", "https://login.example.com", pem,
            Duration.ofMinutes(3), clock))
        .build();

    assertThat(tokens.token()).isEqualTo("jwt-token");

    Map<String, String> form = form(server.request(0));
    assertThat(form.get("grant_type")).isEqualTo("urn:ietf:params:oauth:grant-type:jwt-bearer");
    String[] parts = form.get("assertion").split("\\.");
    JsonNode claims = Json.MAPPER.readTree(Base64.getUrlDecoder().decode(parts[1]));
    assertThat(claims.path("iss").asText()).isEqualTo("cid");
    assertThat(claims.path("sub").asText()).isEqualTo("user@example.com");
    assertThat(claims.path("aud").asText()).isEqualTo("https://login.example.com");
    assertThat(claims.path("exp").asLong()).isEqualTo(Instant.parse("2024-06-01T00:03:00Z").getEpochSecond());
    Signature verifier = Signature.getInstance("SHA256withRSA");
    verifier.initVerify(pair.getPublic());
    verifier.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
    assertThat(verifier.verify(Base64.getUrlDecoder().decode(parts[2]))).isTrue();
  }

  @Test
  void aKeyThatIsNotPemIsRefusedWithoutEchoingIt() {
    assertThatThrownBy(() -> JwtBearer.rs256("cid", "u", "aud", "not-a-key-s3cret", Duration.ofMinutes(3),
        Clock.systemUTC()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("Cannot read the private key: it must be PEM text")
        .message().doesNotContain("s3cret");
  }

  @Test
  void aRefusedGrantSurfacesThroughARestClientAsItself() {
    ScriptedServer api = new ScriptedServer();
    try (api) {
      server.answer(request -> ScriptedServer.response(400,
          "{\"error\":\"invalid_grant\",\"error_description\":\"authentication failure\"}"));
      OAuthTokenSource tokens = OAuthTokenSource.builder(endpoint(), "/oauth/token")
          .clientCredentialsGrant(cid, "csecret").credentialHint("client_id and client_secret").build();
      RestClient client = RestClient.create(HttpSettings.builder("demo", api.baseUrl())
          .auth(Auth.bearer(tokens)).requestsPerMinute(100_000).build());

      assertThatThrownBy(() -> client.get("/data", Map.of()))
          .isInstanceOf(UserException.class)
          .hasMessageEndingWith("check client_id and client_secret");
      assertThat(api.requestCount()).isZero();
    }
  }

  @Test
  void aRestClientRetriesA401OnceWithTheRefreshedToken() {
    ScriptedServer api = new ScriptedServer();
    try (api) {
      server.then(200, "{\"access_token\":\"old\",\"refresh_token\":\"r2\"}")
          .then(200, "{\"access_token\":\"new\",\"refresh_token\":\"r3\"}");
      api.then(401, "[{\"message\":\"Session expired or invalid\",\"errorCode\":\"INVALID_SESSION_ID\"}]")
          .then(200, "{\"ok\":true}");
      OAuthTokenSource tokens = OAuthTokenSource.builder(endpoint(), "/oauth/token")
          .refreshTokenGrant(cid, "csecret", "r1").build();
      RestClient client = RestClient.create(HttpSettings.builder("demo", api.baseUrl())
          .auth(Auth.bearer(tokens)).requestsPerMinute(100_000).build());

      assertThat(client.get("/data", Map.of()).body().path("ok").asBoolean()).isTrue();
      assertThat(api.request(0).getHeaders().get("Authorization")).isEqualTo("Bearer old");
      assertThat(api.request(1).getHeaders().get("Authorization")).isEqualTo("Bearer new");
      assertThat(tokens.currentRefreshToken()).contains("r3");
    }
  }
}
