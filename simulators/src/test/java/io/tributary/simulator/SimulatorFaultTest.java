package io.tributary.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.api.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class SimulatorFaultTest {

  private static Simulator api() {
    Dataset data = Fixtures.tickets(2);
    return Simulator.builder(data).auth(AuthCheck.basicApiKey("k"))
        .endpoint(Endpoint.list("/api/v2/tickets", data.table("tickets")).envelope(Envelope.key("tickets")))
        .endpoint(Endpoint.item("/api/v2/tickets/{id}", data.table("tickets")).envelope(Envelope.key("ticket")))
        .start();
  }

  private static HttpResponse<String> get(Simulator sim, String path) {
    return Http.get(sim.baseUrl() + path, Http.basic("k", "X"));
  }

  @Test
  void scriptedStatusFaultsHitTheNextRequestsToTheirPathOnly() {
    try (Simulator sim = api()) {
      sim.faults().next("/api/v2/tickets", 2, Fault.status(503)).next("/api/v2/tickets", 1, Fault.tooManyRequests(7));

      HttpResponse<String> other = get(sim, "/api/v2/tickets/1");
      HttpResponse<String> first = get(sim, "/api/v2/tickets");
      HttpResponse<String> second = get(sim, "/api/v2/tickets");
      HttpResponse<String> third = get(sim, "/api/v2/tickets");
      HttpResponse<String> fourth = get(sim, "/api/v2/tickets");

      assertThat(other.statusCode()).isEqualTo(200);
      assertThat(first.statusCode()).isEqualTo(503);
      assertThat(Http.json(first).get("code").asText()).isEqualTo("server_error");
      assertThat(second.statusCode()).isEqualTo(503);
      assertThat(third.statusCode()).isEqualTo(429);
      assertThat(third.headers().firstValue("Retry-After")).hasValue("7");
      assertThat(fourth.statusCode()).isEqualTo(200);
      assertThat(sim.faults().pending()).isZero();
    }
  }

  @Test
  void templatePathsAndAnyPathMatchFaults() {
    try (Simulator sim = api()) {
      sim.faults().next("/api/v2/tickets/{id}", 1, Fault.status(500)).next(Faults.ANY_PATH, 1, Fault.status(502));

      assertThat(get(sim, "/api/v2/tickets/2").statusCode()).isEqualTo(500);
      assertThat(get(sim, "/anything").statusCode()).isEqualTo(502);
    }
  }

  @Test
  void connectionResetFailsTheCallWithAnIoError() {
    try (Simulator sim = api()) {
      sim.faults().next("/api/v2/tickets", 1, Fault.connectionReset());

      assertThatThrownBy(() -> get(sim, "/api/v2/tickets")).isInstanceOf(UncheckedIOException.class)
          .hasCauseInstanceOf(IOException.class);
      assertThat(get(sim, "/api/v2/tickets").statusCode()).isEqualTo(200);
      assertThat(sim.requests()).extracting(LoggedRequest::status).containsExactly(0, 200);
    }
  }

  @Test
  void slowResponseArrivesAfterTheDelay() {
    try (Simulator sim = api()) {
      sim.faults().next("/api/v2/tickets", 1, Fault.slow(Duration.ofMillis(600)));

      long start = System.nanoTime();
      HttpResponse<String> response = get(sim, "/api/v2/tickets");
      long millis = (System.nanoTime() - start) / 1_000_000;

      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(millis).isGreaterThanOrEqualTo(600);
    }
  }

  @Test
  void malformedHtmlAndEmptyBodiesAreNotJson() {
    try (Simulator sim = api()) {
      sim.faults().next("/api/v2/tickets", 1, Fault.malformedJson())
          .next("/api/v2/tickets", 1, Fault.htmlErrorPage(502))
          .next("/api/v2/tickets", 1, Fault.emptyBody(200));

      HttpResponse<String> malformed = get(sim, "/api/v2/tickets");
      HttpResponse<String> html = get(sim, "/api/v2/tickets");
      HttpResponse<String> empty = get(sim, "/api/v2/tickets");

      assertThat(malformed.statusCode()).isEqualTo(200);
      assertThatThrownBy(() -> Json.MAPPER.readTree(malformed.body())).isInstanceOf(IOException.class);
      assertThat(html.statusCode()).isEqualTo(502);
      assertThat(html.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/html"));
      assertThat(html.body()).startsWith("<!DOCTYPE html>");
      assertThat(empty.statusCode()).isEqualTo(200);
      assertThat(empty.body()).isEmpty();
    }
  }

  @Test
  void aBodyWithoutTheEnvelopeIsValidJsonWithoutTheList() {
    try (Simulator sim = api()) {
      sim.faults().next("/api/v2/tickets", 1, Fault.withoutEnvelope());

      HttpResponse<String> response = get(sim, "/api/v2/tickets");

      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(Http.json(response).has("tickets")).isFalse();
      assertThat(Http.json(response).isObject()).isTrue();
    }
  }

  @Test
  void malformedAndHtmlBodiesCarryARecordsEmailAndName() {
    try (Simulator sim = api()) {
      sim.faults().next("/api/v2/tickets", 1, Fault.malformedJson()).next("/api/v2/tickets", 1, Fault.htmlErrorPage(200));

      String malformed = get(sim, "/api/v2/tickets").body();
      String html = get(sim, "/api/v2/tickets").body();

      assertThat(malformed).contains(Fault.RECORD_EMAIL).contains(Fault.RECORD_NAME);
      assertThat(html).contains(Fault.RECORD_EMAIL).contains(Fault.RECORD_NAME);
    }
  }

  @Test
  void scriptedClientErrorsCarryTheVendorsCodeForTheirStatus() {
    try (Simulator sim = api()) {
      sim.faults().next("/api/v2/tickets", 1, Fault.status(401)).next("/api/v2/tickets", 1, Fault.status(403))
          .next("/api/v2/tickets", 1, Fault.status(404));

      assertThat(Http.json(get(sim, "/api/v2/tickets")).get("code").asText()).isEqualTo("invalid_credentials");
      assertThat(Http.json(get(sim, "/api/v2/tickets")).get("code").asText()).isEqualTo("access_denied");
      assertThat(Http.json(get(sim, "/api/v2/tickets")).get("code").asText()).isEqualTo("not_found");
    }
  }

  @Test
  void requestLogRecordsMethodPathQueryStatusAndHeadersWithoutCredentials() {
    try (Simulator sim = api()) {
      get(sim, "/api/v2/tickets?page=2&updated_since=2024-01-01T00%3A00%3A00Z");
      Http.get(sim.baseUrl() + "/api/v2/tickets/1", Http.basic("wrong", "X"));

      assertThat(sim.requests()).hasSize(2);
      LoggedRequest first = sim.requests().get(0);
      assertThat(first.method()).isEqualTo("GET");
      assertThat(first.path()).isEqualTo("/api/v2/tickets");
      assertThat(first.query()).containsEntry("page", "2").containsEntry("updated_since", "2024-01-01T00:00:00Z");
      assertThat(first.status()).isEqualTo(200);
      assertThat(first.headers()).containsEntry("accept", "application/json").doesNotContainKey("authorization");
      assertThat(first.headers().toString()).doesNotContain(Http.basic("k", "X").substring(6));
      assertThat(sim.requests("/api/v2/tickets/{id}")).extracting(LoggedRequest::status).containsExactly(401);
      sim.clearRequests();
      assertThat(sim.requests()).isEmpty();
    }
  }
}
