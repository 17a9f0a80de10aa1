package io.tributary.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.api.ExternalException;
import io.tributary.api.Json;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RequestKindsTest {
  private final ScriptedServer server = new ScriptedServer();

  @AfterEach
  void close() {
    server.close();
  }

  private RestClient client() {
    return RestClient.create(HttpSettings.builder("demo", server.baseUrl())
        .auth(Auth.bearer(TokenSource.fixed("t0k3n")))
        .requestsPerMinute(100_000)
        .backoff(Duration.ofMillis(10), Duration.ofMillis(20))
        .retries(3, Duration.ofSeconds(5))
        .build());
  }

  @Test
  void sendsPerCallHeadersOnlyWithThatCall() {
    server.then(200, "{}").then(200, "{}");
    RestClient client = client();
    client.get("/q", Map.of("q", "SELECT Id FROM Account"), Map.of("Sforce-Query-Options", "batchSize=200"));
    client.get("/q", Map.of());

    assertThat(server.request(0).getHeaders().get("Sforce-Query-Options")).isEqualTo("batchSize=200");
    assertThat(server.request(1).getHeaders().get("Sforce-Query-Options")).isNull();
  }

  @Test
  void postsJsonBodies() {
    server.then(200, "{\"id\":\"750x\",\"state\":\"UploadComplete\"}");

    JsonResponse r = client().postJson("/jobs/query", Json.object().put("operation", "queryAll"));

    assertThat(r.body().path("id").asText()).isEqualTo("750x");
    assertThat(server.request(0).getMethod()).isEqualTo("POST");
    assertThat(server.request(0).getHeaders().get("Content-Type")).startsWith("application/json");
    assertThat(server.request(0).getBody().string(StandardCharsets.UTF_8)).isEqualTo("{\"operation\":\"queryAll\"}");
  }

  @Test
  void deletesAnswering204WithANullBody() {
    server.then(204, "");

    JsonResponse r = client().delete("/jobs/query/750x");

    assertThat(r.status()).isEqualTo(204);
    assertThat(r.body().isNull()).isTrue();
    assertThat(server.request(0).getMethod()).isEqualTo("DELETE");
  }

  @Test
  void readsTextBodiesWithTheirHeadersAndRetriesThemLikeJson() {
    server.then(503, "busy").then(200, "Id,Name\n001,Acme\n", "Sforce-Locator", "abc", "Content-Type", "text/csv");

    TextResponse r = client().getText("/jobs/query/750x/results", Map.of("maxRecords", "2"));

    assertThat(r.body()).isEqualTo("Id,Name\n001,Acme\n");
    assertThat(r.header("sforce-locator")).contains("abc");
    assertThat(r.path()).isEqualTo("/jobs/query/750x/results");
    assertThat(server.requestCount()).isEqualTo(2);
  }

  @Test
  void textCallsMapErrorsLikeJsonCalls() {
    server.then(404, "[{\"errorCode\":\"NOT_FOUND\",\"message\":\"The requested resource does not exist\"}]");

    assertThatThrownBy(() -> client().getText("/jobs/query/750x/results", Map.of()))
        .isInstanceOf(ExternalException.class)
        .hasMessage("Cannot GET /jobs/query/750x/results from demo: not found (404: The requested "
            + "resource does not exist (NOT_FOUND))");
  }
}
