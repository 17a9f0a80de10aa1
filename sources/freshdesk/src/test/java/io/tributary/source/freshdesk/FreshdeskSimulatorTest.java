package io.tributary.source.freshdesk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.api.Json;
import io.tributary.simulator.freshdesk.FreshdeskSimulator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The simulator's own HTTP behaviour, checked with a plain HTTP client and no connector: the
 * 300-page wall, exclusive {@code updated_since}, the hidden lists and the wall account.
 */
class FreshdeskSimulatorTest {
  private static final Pattern NEXT = Pattern.compile("<([^>]+)>;\\s*rel=\"next\"");
  private static final String ASCENDING = "order_by=updated_at&order_type=asc";
  /** 3,500 listed tickets, 51 of them tied across the wall at 10 per page; shared, never changed. */
  private static final FreshdeskSimulator WALL = FreshdeskSimulator.wallAccount(3_500, 51, 10);
  private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @AfterAll
  static void stop() {
    WALL.close();
  }

  private static HttpResponse<String> get(FreshdeskSimulator sim, String pathAndQuery) {
    String url = pathAndQuery.startsWith("http") ? pathAndQuery : sim.server().baseUrl() + pathAndQuery;
    String auth = Base64.getEncoder().encodeToString((FreshdeskSimulator.API_KEY + ":X").getBytes(StandardCharsets.UTF_8));
    try {
      return HTTP.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Basic " + auth).build(),
          HttpResponse.BodyHandlers.ofString());
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

  private static List<Long> ids(JsonNode page) {
    List<Long> ids = new ArrayList<>();
    page.forEach(t -> ids.add(t.path("id").asLong()));
    return ids;
  }

  private static String link(HttpResponse<String> response) {
    Matcher m = NEXT.matcher(response.headers().firstValue("Link").orElse(""));
    return m.find() ? m.group(1) : null;
  }

  /** Every ticket of a listing, in order, following Link headers (which stop at page 300). */
  private static List<JsonNode> follow(FreshdeskSimulator sim, String pathAndQuery) {
    List<JsonNode> tickets = new ArrayList<>();
    for (String next = pathAndQuery; next != null; ) {
      HttpResponse<String> response = get(sim, next);
      assertThat(response.statusCode()).as(next + ": " + response.body()).isEqualTo(200);
      json(response).forEach(tickets::add);
      next = link(response);
    }
    return tickets;
  }

  private static Set<Long> idSet(List<JsonNode> tickets) {
    Set<Long> ids = new LinkedHashSet<>();
    tickets.forEach(t -> ids.add(t.path("id").asLong()));
    return ids;
  }

  @Test
  void pageAboveThreeHundredAnswers400WithFreshdesksValidationBody() {
    HttpResponse<String> response = get(WALL, "/api/v2/tickets?updated_since=0&per_page=10&page=301");

    assertThat(response.statusCode()).isEqualTo(400);
    JsonNode body = json(response);
    assertThat(body.path("description").asText()).isEqualTo("Validation failed");
    assertThat(body.path("errors")).hasSize(1);
    assertThat(body.path("errors").get(0).path("field").asText()).isEqualTo("page");
    assertThat(body.path("errors").get(0).path("code").asText()).isEqualTo("invalid_value");
    assertThat(body.path("errors").get(0).path("message").asText()).contains("beyond the 300th page");
  }

  @Test
  void pageThreeHundredCarriesNoNextLinkThoughMoreTicketsMatch() {
    String query = "/api/v2/tickets?updated_since=0&per_page=10&" + ASCENDING + "&page=";

    HttpResponse<String> page299 = get(WALL, query + 299);
    HttpResponse<String> page300 = get(WALL, query + 300);

    assertThat(link(page299)).contains("page=300");
    assertThat(json(page300)).hasSize(10);
    assertThat(page300.headers().firstValue("Link")).isEmpty();
    assertThat(WALL.table("tickets").records().stream()
        .filter(t -> !t.path("spam").asBoolean()).count()).isEqualTo(3_500);
    assertThat(link(get(WALL, query + 1))).as("earlier pages link on").contains("page=2");
  }

  @Test
  void theTieBlockStraddlesTheWallOfTheAscendingList() {
    FreshdeskSimulator.WallShape shape = WALL.wallShape();
    // Positions below 2,970 lie on pages 1-297; the tie starts later, so pages 298-300 hold every
    // tied ticket a client can reach.
    List<JsonNode> lastPages = new ArrayList<>();
    for (int page = 297; page <= 300; page++) {
      json(get(WALL, "/api/v2/tickets?updated_since=0&per_page=10&" + ASCENDING + "&page=" + page))
          .forEach(lastPages::add);
    }

    assertThat(shape.tiedIds()).hasSize(51);
    assertThat(shape.wallPosition()).isEqualTo(3_000);
    assertThat(shape.tieStart()).isEqualTo(2_975);
    assertThat(lastPages.get(0).path("updated_at").asText()).isLessThan(shape.tiedUpdatedAt());
    Set<Long> tiedReached = new TreeSet<>(idSet(lastPages));
    tiedReached.retainAll(shape.tiedIds());
    assertThat(tiedReached).as("tied tickets on pages 1-300").hasSize(25);
    assertThat(lastPages.get(2_975 - 2_960 - 1).path("updated_at").asText()).isLessThan(shape.tiedUpdatedAt());
    assertThat(lastPages.subList(2_975 - 2_960, 40)).allSatisfy(t ->
        assertThat(t.path("updated_at").asText()).isEqualTo(shape.tiedUpdatedAt()));
  }

  @Test
  void updatedSinceIsExclusiveSoTheTiedSecondIsLeftOut() {
    FreshdeskSimulator.WallShape shape = WALL.wallShape();
    Instant tie = Instant.parse(shape.tiedUpdatedAt());

    Set<Long> fromTie = idSet(follow(WALL, "/api/v2/tickets?per_page=100&" + ASCENDING + "&updated_since=" + tie));
    Set<Long> fromBefore = idSet(follow(WALL,
        "/api/v2/tickets?per_page=100&" + ASCENDING + "&updated_since=" + tie.minusSeconds(1)));

    assertThat(fromTie).doesNotContainAnyElementsOf(shape.tiedIds()).isNotEmpty();
    assertThat(fromBefore).containsAll(shape.tiedIds());
    assertThat(fromBefore).hasSize(fromTie.size() + 51);
  }

  @Test
  void spamAndDeletedTicketsAreHiddenFromTheDefaultListAndSpreadToTheLatestUpdate() {
    List<JsonNode> listed = follow(WALL, "/api/v2/tickets?per_page=100&" + ASCENDING
        + "&updated_since=" + WALL.wallShape().tiedUpdatedAt());
    List<JsonNode> spam = follow(WALL, "/api/v2/tickets?filter=spam&per_page=100&updated_since=0");
    List<JsonNode> deleted = follow(WALL, "/api/v2/tickets?filter=deleted&per_page=100&updated_since=0");
    String latest = WALL.table("tickets").allRecords().stream().map(t -> t.path("updated_at").asText())
        .max(String::compareTo).orElseThrow();

    assertThat(spam).hasSizeGreaterThanOrEqualTo(17).allSatisfy(t -> assertThat(t.path("spam").asBoolean()).isTrue());
    assertThat(deleted).hasSizeGreaterThanOrEqualTo(7).allSatisfy(t -> assertThat(t.path("deleted").asBoolean()).isTrue());
    assertThat(idSet(listed)).doesNotContainAnyElementsOf(idSet(spam)).doesNotContainAnyElementsOf(idSet(deleted));
    assertThat(spam).anySatisfy(t -> assertThat(t.path("updated_at").asText()).isEqualTo(latest));
    assertThat(spam).anySatisfy(t -> assertThat(t.path("updated_at").asText()).isEqualTo(WALL.wallShape().tiedUpdatedAt()));
    assertThat(spam).anySatisfy(t -> assertThat(t.path("updated_at").asText()).isLessThan("2023-06-01"));
    assertThat(deleted).anySatisfy(t -> assertThat(t.path("updated_at").asText()).isGreaterThan("2024-05-01"));
  }

  @Test
  void hiddenListsHonourUpdatedSinceButNotTheAskedOrder() {
    String since = "2024-01-01T00:00:00Z";

    List<JsonNode> spam = follow(WALL, "/api/v2/tickets?filter=spam&per_page=100&" + ASCENDING + "&updated_since=" + since);

    assertThat(spam).isNotEmpty().allSatisfy(t -> assertThat(t.path("updated_at").asText()).isGreaterThan(since));
    List<String> created = spam.stream().map(t -> t.path("created_at").asText()).toList();
    assertThat(created).as("newest created first, whatever order_by says").isSortedAccordingTo(
        java.util.Comparator.reverseOrder());
    List<String> updated = spam.stream().map(t -> t.path("updated_at").asText()).toList();
    assertThat(updated).as("not ascending updated_at").isNotEqualTo(updated.stream().sorted().toList());
  }

  @Test
  void withoutUpdatedSinceOnlyTicketsCreatedInTheLastThirtyDaysAreListed() {
    List<JsonNode> recent = follow(WALL, "/api/v2/tickets?per_page=100");
    String windowStart = FreshdeskSimulator.NOW.minus(Duration.ofDays(30)).toString();

    assertThat(recent).isNotEmpty().allSatisfy(t ->
        assertThat(t.path("created_at").asText()).isGreaterThanOrEqualTo(windowStart));
    assertThat(WALL.table("tickets").records()).anySatisfy(t ->
        assertThat(t.path("created_at").asText()).isLessThan(windowStart));
  }

  @Test
  void badParametersAnswer400NamingTheField() {
    HttpResponse<String> perPage = get(WALL, "/api/v2/tickets?per_page=101");
    HttpResponse<String> since = get(WALL, "/api/v2/tickets?updated_since=yesterday");

    assertThat(perPage.statusCode()).isEqualTo(400);
    assertThat(json(perPage).path("errors").get(0).path("field").asText()).isEqualTo("per_page");
    assertThat(since.statusCode()).isEqualTo(400);
    assertThat(json(since).path("errors").get(0).path("field").asText()).isEqualTo("updated_since");
  }

  @Test
  void changingTheWallAccountStampsTheClocksSecondAndShiftsTheWall() {
    try (FreshdeskSimulator sim = FreshdeskSimulator.wallAccount(3_100, 11, 10)) {
      FreshdeskSimulator.WallShape shape = sim.wallShape();
      String page300 = "/api/v2/tickets?updated_since=0&per_page=10&" + ASCENDING + "&page=300";
      List<Long> page300Before = ids(json(get(sim, page300)));
      Instant run2 = sim.clock().advance(Duration.ofMinutes(10));

      FreshdeskSimulator.WallChange change = sim.changeWallAccount();

      assertThat(change.at()).isEqualTo(run2.toString());
      assertThat(change.updated()).contains(shape.tiedIds().get(0), shape.tiedIds().get(shape.tiedIds().size() - 1));
      assertThat(change.markedSpam()).containsAnyElementsOf(shape.tiedIds());
      assertThat(change.deleted()).containsAnyElementsOf(shape.tiedIds());
      assertThat(change.inserted()).hasSize(3);
      List<JsonNode> since = follow(sim, "/api/v2/tickets?per_page=100&" + ASCENDING
          + "&updated_since=" + run2.minusSeconds(1));
      assertThat(since).allSatisfy(t -> assertThat(t.path("updated_at").asText()).isEqualTo(run2.toString()));
      Set<Long> changedListed = new TreeSet<>(change.updated());
      changedListed.addAll(change.inserted());
      assertThat(idSet(since)).isEqualTo(changedListed);
      assertThat(idSet(follow(sim, "/api/v2/tickets?filter=spam&per_page=100&updated_since=" + run2.minusSeconds(1))))
          .containsExactlyInAnyOrderElementsOf(change.markedSpam());
      assertThat(idSet(follow(sim, "/api/v2/tickets?filter=deleted&per_page=100&updated_since=" + run2.minusSeconds(1))))
          .containsExactlyInAnyOrderElementsOf(change.deleted());
      assertThat(ids(json(get(sim, page300)))).as("tickets leaving the tie shift what page 300 holds")
          .isNotEqualTo(page300Before)
          .doesNotContainAnyElementsOf(change.markedSpam()).doesNotContainAnyElementsOf(change.deleted());
    }
  }

  @Test
  void aWallAccountTheTieCannotStraddleIsRefused() {
    assertThatThrownBy(() -> FreshdeskSimulator.wallAccount(3_000, 51, 10))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Cannot build a wall account of 3000 tickets with 51 tied at 10 per page: the tie must "
            + "straddle position 3000 with tickets before and after it");
  }

  @Test
  void theDefaultSimulatorKeepsItsWallToo() {
    try (FreshdeskSimulator sim = FreshdeskSimulator.start(920, io.tributary.simulator.SimClock.at(FreshdeskSimulator.NOW))) {
      HttpResponse<String> page300 = get(sim, "/api/v2/tickets?updated_since=0&per_page=3&" + ASCENDING + "&page=300");

      assertThat(json(page300)).hasSize(3);
      assertThat(page300.headers().firstValue("Link")).isEmpty();
      assertThat(get(sim, "/api/v2/tickets?updated_since=0&per_page=3&page=301").statusCode()).isEqualTo(400);
    }
  }
}
