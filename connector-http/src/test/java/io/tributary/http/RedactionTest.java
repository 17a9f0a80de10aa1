package io.tributary.http;

import static io.tributary.http.ScriptedServer.query;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RedactionTest {
  private static final String KEY = "Sup3rSecretKey42";
  private final ScriptedServer server = new ScriptedServer();
  private final Logger logger = Logger.getLogger("io.tributary.http");
  private final List<String> logLines = new ArrayList<>();
  private final Handler capture = new Handler() {
    @Override
    public void publish(LogRecord record) {
      logLines.add(record.getMessage());
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  };

  @AfterEach
  void close() {
    logger.removeHandler(capture);
    server.close();
  }

  private RestClient client() {
    return RestClient.create(HttpSettings.builder("demo", server.baseUrl())
        .auth(Auth.basicApiKey(KEY))
        .credentialOption("api_key")
        .secrets(List.of(KEY))
        .backoff(Duration.ofMillis(5), Duration.ofMillis(10))
        .retries(2, Duration.ofSeconds(5))
        .build());
  }

  @Test
  void redactsSecretsInFailures() {
    logger.addHandler(capture);
    logger.setLevel(Level.ALL);
    server.then(503, Fixtures.text("echoes-key.json")).then(400, Fixtures.text("echoes-key.json"));
    RestClient client = client();

    Throwable failure = catchThrowable(
        () -> client.get("/api/v2/tickets/" + KEY, query("api_key", KEY, "page", "1")));

    String basic = Base64.getEncoder().encodeToString((KEY + ":X").getBytes());
    assertThat(failure).hasMessage("Cannot GET /api/v2/tickets/***** from demo: the provider "
        + "refused the request (400: Invalid API key '*****' for account acme)");
    assertThat(((io.tributary.api.ExternalException) failure).providerMessage())
        .contains("Invalid API key '*****' for account acme");
    // Two request lines and one retry line, each naming the path whose last segment is the key.
    assertThat(logLines).hasSize(3).filteredOn(line -> line.contains("retrying")).hasSize(1);
    assertThat(String.join("\n", logLines)).doesNotContain(KEY).doesNotContain(basic).contains("*****");
    assertThat(client.toString()).doesNotContain(KEY).doesNotContain(basic);
    assertThat(client.settings().toString()).doesNotContain(KEY).contains("Auth[basic api key]");
  }

  @Test
  void redactsTheBearerTokenInFailures() {
    server.then(400, "{\"message\":\"bad token tok-ABCDEF-123\"}");
    RestClient client = RestClient.create(HttpSettings.builder("demo", server.baseUrl())
        .auth(Auth.bearer(TokenSource.fixed("tok-ABCDEF-123"))).build());

    Throwable failure = catchThrowable(() -> client.get("/x", Map.of()));

    assertThat(failure).hasMessageContaining("bad token *****").hasMessageNotContaining("tok-ABCDEF-123");
  }

  @Test
  void responsesPrintTheirPathOnly() {
    JsonResponse response = new JsonResponse(200, Map.of(), "https://h.example/api?token=" + KEY,
        com.fasterxml.jackson.databind.node.NullNode.getInstance());

    assertThat(response.toString()).isEqualTo("JsonResponse[200 /api]");
  }
}
