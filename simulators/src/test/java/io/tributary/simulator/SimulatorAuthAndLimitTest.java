package io.tributary.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class SimulatorAuthAndLimitTest {

  private static Simulator withAuth(AuthCheck check) {
    Dataset data = Fixtures.tickets(2);
    return Simulator.builder(data).auth(check)
        .endpoint(Endpoint.list("/tickets", data.table("tickets")))
        .endpoint(Endpoint.custom("/oauth/token", r -> SimResponse.json(200, "{\"access_token\":\"t\"}"))
            .method("POST").withoutAuth())
        .start();
  }

  @Test
  void basicApiKeyAcceptsTheKeyWithAnyPasswordAndRejectsOthersWithTheVendorBody() {
    String vendorBody = Fixtures.resource("sim/freshdesk-401.json").trim();
    try (Simulator sim = withAuth(AuthCheck.basicApiKey("secret-key").rejectingWith(vendorBody))) {
      assertThat(Http.get(sim.baseUrl() + "/tickets", Http.basic("secret-key", "X")).statusCode()).isEqualTo(200);
      HttpResponse<String> wrong = Http.get(sim.baseUrl() + "/tickets", Http.basic("other-key", "X"));
      HttpResponse<String> none = Http.get(sim.baseUrl() + "/tickets");

      assertThat(wrong.statusCode()).isEqualTo(401);
      assertThat(wrong.body()).isEqualTo(vendorBody);
      assertThat(none.statusCode()).isEqualTo(401);
    }
  }

  @Test
  void emailTokenAndBearerChecksAcceptOnlyTheirExactForm() {
    try (Simulator sim = withAuth(AuthCheck.emailToken("a@b.co", "tok"))) {
      assertThat(Http.get(sim.baseUrl() + "/tickets", Http.basic("a@b.co/token", "tok")).statusCode()).isEqualTo(200);
      assertThat(Http.get(sim.baseUrl() + "/tickets", Http.basic("a@b.co", "tok")).statusCode()).isEqualTo(401);
      assertThat(Http.json(Http.get(sim.baseUrl() + "/tickets")).get("code").asText()).isEqualTo("invalid_credentials");
    }
    try (Simulator sim = withAuth(AuthCheck.bearer("token-1"))) {
      assertThat(Http.get(sim.baseUrl() + "/tickets", "Bearer token-1").statusCode()).isEqualTo(200);
      sim.auth(AuthCheck.bearer("token-2")); // the old token expires
      assertThat(Http.get(sim.baseUrl() + "/tickets", "Bearer token-1").statusCode()).isEqualTo(401);
      assertThat(Http.get(sim.baseUrl() + "/tickets", "Bearer token-2").statusCode()).isEqualTo(200);
    }
  }

  @Test
  void authCheckNeverPrintsCredentials() {
    assertThat(AuthCheck.basicApiKey("secret-key").toString()).doesNotContain("secret-key");
    assertThat(AuthCheck.bearer("tok-123").toString()).doesNotContain("tok-123");
  }

  @Test
  void rateLimitCountsDownInHeadersThenAnswers429WithRetryAfterUntilRefilled() {
    AtomicLong nanos = new AtomicLong();
    Dataset data = Fixtures.tickets(1);
    try (Simulator sim = Simulator.builder(data)
        .rateLimit(RateLimit.perMinute(3).withTicker(nanos::get))
        .endpoint(Endpoint.list("/tickets", data.table("tickets")))
        .start()) {
      HttpResponse<String> first = Http.get(sim.baseUrl() + "/tickets");
      Http.get(sim.baseUrl() + "/tickets");
      HttpResponse<String> third = Http.get(sim.baseUrl() + "/tickets");
      HttpResponse<String> limited = Http.get(sim.baseUrl() + "/tickets");
      nanos.addAndGet(20_000_000_000L); // 20 s refill one of 3 tokens per minute
      HttpResponse<String> refilled = Http.get(sim.baseUrl() + "/tickets");

      assertThat(first.headers().firstValue("X-RateLimit-Total")).hasValue("3");
      assertThat(first.headers().firstValue("X-RateLimit-Remaining")).hasValue("2");
      assertThat(first.headers().firstValue("X-RateLimit-Used-CurrentRequest")).hasValue("1");
      assertThat(third.headers().firstValue("X-RateLimit-Remaining")).hasValue("0");
      assertThat(limited.statusCode()).isEqualTo(429);
      assertThat(limited.headers().firstValue("Retry-After")).hasValue("20");
      assertThat(limited.headers().firstValue("X-RateLimit-Remaining")).hasValue("0");
      assertThat(refilled.statusCode()).isEqualTo(200);
      assertThat(sim.requests()).extracting(LoggedRequest::status).containsExactly(200, 200, 200, 429, 200);
    }
  }

  @Test
  void rateLimitHeaderNamesAreConfigurable() {
    Dataset data = Fixtures.tickets(1);
    try (Simulator sim = Simulator.builder(data)
        .rateLimit(RateLimit.perMinute(700).withHeaders("X-Rate-Limit", "X-Rate-Limit-Remaining", null))
        .endpoint(Endpoint.list("/tickets", data.table("tickets")))
        .start()) {
      HttpResponse<String> response = Http.get(sim.baseUrl() + "/tickets");

      assertThat(response.headers().firstValue("X-Rate-Limit")).hasValue("700");
      assertThat(response.headers().firstValue("X-Rate-Limit-Remaining")).hasValue("699");
      assertThat(response.headers().firstValue("X-RateLimit-Used-CurrentRequest")).isEmpty();
    }
  }
}
