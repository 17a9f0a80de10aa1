package io.tributary.source.freshservice;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.api.Json;
import io.tributary.simulator.freshservice.FreshserviceSimulator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The simulator's own HTTP behaviour, checked with a plain HTTP client and no connector: spam
 * service requests and their items, and trashed tickets.
 */
class FreshserviceSimulatorTest {
  private static final Pattern NEXT = Pattern.compile("<([^>]+)>;\\s*rel=\"next\"");
  private static final String EVERYTHING = "updated_since=1970-01-01T00:00:00Z&per_page=100";

  private final FreshserviceSimulator sim = FreshserviceSimulator.start();
  private final HttpClient http = HttpClient.newHttpClient();

  @AfterEach
  void close() {
    sim.close();
  }

  private HttpResponse<String> get(String pathAndQuery) {
    String url = pathAndQuery.startsWith("http") ? pathAndQuery : sim.server().baseUrl() + pathAndQuery;
    String auth = Base64.getEncoder().encodeToString(
        (FreshserviceSimulator.API_KEY + ":X").getBytes(StandardCharsets.UTF_8));
    HttpRequest request = HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Basic " + auth).build();
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static JsonNode json(HttpResponse<String> response) {
    try {
      return Json.MAPPER.readTree(response.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Ids under {@code key} across every page, following the Link header. */
  private Set<Long> listAll(String pathAndQuery, String key) {
    Set<Long> ids = new TreeSet<>();
    String next = pathAndQuery;
    for (int pages = 0; next != null; pages++) {
      assertThat(pages).as("pages of " + pathAndQuery).isLessThan(1_000);
      HttpResponse<String> response = get(next);
      assertThat(response.statusCode()).as(next + ": " + response.body()).isEqualTo(200);
      json(response).path(key).forEach(r -> ids.add(r.path("id").asLong()));
      Matcher link = NEXT.matcher(response.headers().firstValue("Link").orElse(""));
      next = link.find() ? link.group(1) : null;
    }
    return ids;
  }

  @Test
  void seedsAtLeastSixSpamServiceRequestsWithTwoItemsEach() {
    Set<Long> spam = sim.spamServiceRequestIds();

    assertThat(spam).hasSizeGreaterThanOrEqualTo(6);
    Set<Long> served = new TreeSet<>();
    for (long id : spam) {
      HttpResponse<String> response = get("/api/v2/tickets/" + id + "/requested_items");
      assertThat(response.statusCode()).as("items of spam ticket " + id).isEqualTo(200);
      JsonNode items = json(response).path("requested_items");
      assertThat(items).as("items of spam ticket " + id).hasSize(2);
      items.forEach(i -> served.add(i.path("id").asLong()));
    }
    assertThat(served).hasSizeGreaterThanOrEqualTo(12).isEqualTo(sim.spamServiceRequestItemIds());
  }

  @Test
  void spamServiceRequestsAreListedOnlyUnderTheSpamFilter() {
    Set<Long> spam = sim.spamServiceRequestIds();

    Set<Long> listed = listAll("/api/v2/tickets?" + EVERYTHING, "tickets");
    Set<Long> serviceRequests = listAll("/api/v2/tickets?type=Service%20Request&" + EVERYTHING, "tickets");
    Set<Long> spamListed = listAll("/api/v2/tickets?filter=spam&" + EVERYTHING, "tickets");

    assertThat(listed).isNotEmpty().doesNotContainAnyElementsOf(spam);
    assertThat(serviceRequests).isNotEmpty().doesNotContainAnyElementsOf(spam);
    assertThat(spamListed).containsAll(spam);
    // Spread over the whole range: some were created before the default 30-day window.
    assertThat(spam).anySatisfy(id -> assertThat(
        sim.table("tickets").find(id).orElseThrow().path("created_at").asText()).isLessThan("2024-05-02"));
  }

  @Test
  void trashedServiceRequestAnswers404ForItsItemsAndIsListedOnlyUnderTheDeletedFilter() {
    long request = sim.table("tickets").records().stream()
        .filter(t -> t.path("type").asText().equals("Service Request") && !t.path("spam").asBoolean())
        .map(t -> t.path("id").asLong()).findFirst().orElseThrow();
    assertThat(get("/api/v2/tickets/" + request + "/requested_items").statusCode()).isEqualTo(200);

    sim.table("tickets").softDelete(request);

    HttpResponse<String> items = get("/api/v2/tickets/" + request + "/requested_items");
    assertThat(items.statusCode()).isEqualTo(404);
    assertThat(json(items).path("code").asText()).isEqualTo("not_found");
    assertThat(listAll("/api/v2/tickets?" + EVERYTHING, "tickets")).doesNotContain(request);
    assertThat(listAll("/api/v2/tickets?filter=spam&" + EVERYTHING, "tickets")).doesNotContain(request);
    assertThat(listAll("/api/v2/tickets?filter=deleted&" + EVERYTHING, "tickets")).contains(request);
  }

  @Test
  void ticketGoneForGoodAnswers404ForItsItems() {
    long request = sim.spamServiceRequestIds().iterator().next();

    sim.table("tickets").hardDelete(request);

    assertThat(get("/api/v2/tickets/" + request + "/requested_items").statusCode()).isEqualTo(404);
    assertThat(listAll("/api/v2/tickets?filter=spam&" + EVERYTHING, "tickets")).doesNotContain(request);
  }

  @Test
  void requestedItemsPageWithALinkHeader() {
    long request = sim.spamServiceRequestIds().iterator().next();

    HttpResponse<String> first = get("/api/v2/tickets/" + request + "/requested_items?per_page=1");

    assertThat(json(first).path("requested_items")).hasSize(1);
    assertThat(first.headers().firstValue("Link")).hasValueSatisfying(link -> assertThat(link).contains("page=2"));
    assertThat(listAll("/api/v2/tickets/" + request + "/requested_items?per_page=1", "requested_items")).hasSize(2);
  }
}
