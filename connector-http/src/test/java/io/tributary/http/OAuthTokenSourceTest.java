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
import mockwebserver3.RecordedRequest;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class OAuthTokenSourceTest {
  private final ScriptedServer server = new ScriptedServer();

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
        .refreshTokenGrant("cid", "csecret", "r1")
        .onRotation(rotations::add)
        .build();

    assertThat(tokens.token()).isEqualTo("a1");
    assertThat(tokens.token()).isEqualTo("a1");
    assertThat(tokens.refresh()).isEqualTo("a2");

    assertThat(server.requestCount()).isEqualTo(2);
    assertThat(form(server.request(0))).containsExactly(
        Map.entry("grant_type", "refresh_token"), Map.entry("client_id", "cid"),
        Map.entry("client_secret", "csecret"), Map.entry("refresh_token", "r1"));
    assertThat(form(server.request(1))).containsEntry("refresh_token", "r2");
    assertThat(rotations).containsExactly("r2", "r3");
    assertThat(tokens.currentRefreshToken()).contains("r3");
    assertThat(tokens.responseField("instance_url")).isEmpty();
  }

  @Test
  void aRefusedGrantIsAUserErrorNamingTheCredentialOptions() {
    server.then(400, "{\"error\":\"invalid_grant\",\"error_description\":\"expired access/refresh token\"}");
    OAuthTokenSource tokens = OAuthTokenSource.builder(endpoint(), "/oauth/token")
        .refreshTokenGrant("cid", "csecret", "r1")
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
        .clientCredentialsGrant("cid", "csecret").build();

    assertThat(tokens.token()).isEqualTo("cc");
    assertThat(form(server.request(0))).containsExactly(
        Map.entry("grant_type", "client_credentials"), Map.entry("client_id", "cid"),
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
          .clientCredentialsGrant("cid", "csecret").credentialHint("client_id and client_secret").build();
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
          .refreshTokenGrant("cid", "csecret", "r1").build();
      RestClient client = RestClient.create(HttpSettings.builder("demo", api.baseUrl())
          .auth(Auth.bearer(tokens)).requestsPerMinute(100_000).build());

      assertThat(client.get("/data", Map.of()).body().path("ok").asBoolean()).isTrue();
      assertThat(api.request(0).getHeaders().get("Authorization")).isEqualTo("Bearer old");
      assertThat(api.request(1).getHeaders().get("Authorization")).isEqualTo("Bearer new");
      assertThat(tokens.currentRefreshToken()).contains("r3");
    }
  }
}
