package io.tributary.source.salesforce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.api.Json;
import io.tributary.simulator.salesforce.SalesforceSimulator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The simulator's own HTTP behaviour, checked with a plain HTTP client and no connector:
 * field-level security, COUNT() and deleted records.
 */
class SalesforceSimulatorTest {
  private static final String DATA = "/services/data/" + SalesforceSimulator.VERSION;

  private final SalesforceSimulator sim = SalesforceSimulator.start(11, 250);
  private final HttpClient http = HttpClient.newHttpClient();
  private String token;

  @BeforeEach
  void signIn() {
    String form = "grant_type=refresh_token&client_id=" + SalesforceSimulator.CLIENT_ID
        + "&client_secret=" + SalesforceSimulator.CLIENT_SECRET
        + "&refresh_token=" + URLEncoder.encode(sim.currentRefreshToken(), StandardCharsets.UTF_8);
    HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(sim.baseUrl() + "/services/oauth2/token"))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(form)));
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    token = json(response).path("access_token").asText();
  }

  @AfterEach
  void close() {
    sim.close();
  }

  private HttpResponse<String> send(HttpRequest.Builder request) {
    try {
      return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private HttpResponse<String> get(String path) {
    return send(HttpRequest.newBuilder(URI.create(sim.baseUrl() + path)).header("Authorization", "Bearer " + token));
  }

  private HttpResponse<String> query(String resource, String soql) {
    return get(DATA + "/" + resource + "?q=" + URLEncoder.encode(soql, StandardCharsets.UTF_8));
  }

  private HttpResponse<String> createBulkJob(String soql) {
    String body = Json.object().put("operation", "query").put("query", soql).put("contentType", "CSV").toString();
    return send(HttpRequest.newBuilder(URI.create(sim.baseUrl() + DATA + "/jobs/query"))
        .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)));
  }

  private static JsonNode json(HttpResponse<String> response) {
    try {
      return Json.MAPPER.readTree(response.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private Set<String> describedFields(String object) {
    HttpResponse<String> response = get(DATA + "/sobjects/" + object + "/describe");
    assertThat(response.statusCode()).isEqualTo(200);
    Set<String> names = new TreeSet<>();
    json(response).path("fields").forEach(f -> names.add(f.path("name").asText()));
    return names;
  }

  /** Every record of a query, following nextRecordsUrl. */
  private List<JsonNode> records(String resource, String soql) {
    List<JsonNode> records = new ArrayList<>();
    HttpResponse<String> response = query(resource, soql);
    while (true) {
      assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
      JsonNode body = json(response);
      body.path("records").forEach(records::add);
      if (body.path("done").asBoolean()) {
        return records;
      }
      response = get(body.path("nextRecordsUrl").asText());
    }
  }

  /** The documented INVALID_FIELD body: an array of one error naming the column and where it is. */
  private static void assertNoSuchColumn(HttpResponse<String> response, String soql, String field, String object) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
    JsonNode errors = json(response);
    assertThat(errors.isArray()).as(response.body()).isTrue();
    assertThat(errors).hasSize(1);
    assertThat(errors.get(0).path("errorCode").asText()).isEqualTo("INVALID_FIELD");
    int column = soql.indexOf(" " + field) + 2;
    assertThat(errors.get(0).path("message").asText())
        .startsWith("\n" + soql + "\n")
        .contains("\n" + " ".repeat(column - 1) + "^\n")
        .contains("ERROR at Row:1:Column:" + column + "\n")
        .contains("No such column '" + field + "' on entity '" + object + "'.");
  }

  @Test
  void describeOmitsFieldsHiddenFromTheIntegrationUser() {
    assertThat(describedFields("Account")).contains("CreatedById", "LastModifiedById", "Region__c");

    sim.hideFields("Account", "CreatedById", "LastModifiedById", "Region__c");

    assertThat(describedFields("Account")).doesNotContain("CreatedById", "LastModifiedById", "Region__c")
        .contains("Id", "Name", "SystemModstamp");
    assertThat(describedFields("Contact")).contains("CreatedById");
  }

  @Test
  void queryNamingAHiddenAuditFieldAnswersInvalidFieldWhereverItIsNamed() {
    sim.hideFields("Account", "CreatedById", "LastModifiedById");

    String select = "SELECT Id, Name, CreatedById FROM Account";
    assertNoSuchColumn(query("query", select), select, "CreatedById", "Account");
    assertNoSuchColumn(query("queryAll", select), select, "CreatedById", "Account");
    String where = "SELECT Id FROM Account WHERE LastModifiedById != null";
    assertNoSuchColumn(query("queryAll", where), where, "LastModifiedById", "Account");
    String order = "SELECT Id FROM Account ORDER BY CreatedById";
    assertNoSuchColumn(query("query", order), order, "CreatedById", "Account");
    assertNoSuchColumn(createBulkJob(select), select, "CreatedById", "Account");
    assertThat(query("query", "SELECT Id, Name FROM Account").statusCode()).isEqualTo(200);
  }

  @Test
  void fieldsAConnectorNeedsCanBeHiddenAndThenEveryQueryNamingThemFails() {
    sim.hideFields("Contact", "SystemModstamp", "IsDeleted", "Id");

    assertThat(describedFields("Contact")).doesNotContain("SystemModstamp", "IsDeleted", "Id");
    String incremental = "SELECT Name FROM Contact WHERE SystemModstamp >= 2020-01-01T00:00:00Z";
    assertNoSuchColumn(query("queryAll", incremental), incremental, "SystemModstamp", "Contact");
    String deletes = "SELECT Name, IsDeleted FROM Contact";
    assertNoSuchColumn(query("queryAll", deletes), deletes, "IsDeleted", "Contact");
    String keys = "SELECT Id FROM Contact";
    assertNoSuchColumn(createBulkJob(keys), keys, "Id", "Contact");
  }

  @Test
  void recordsNeverCarryAHiddenFieldEvenOnPagesFetchedAfterItWasHidden() {
    HttpResponse<String> firstPage = send(HttpRequest.newBuilder(URI.create(sim.baseUrl() + DATA + "/query?q="
            + URLEncoder.encode("SELECT Id, Region__c FROM Account", StandardCharsets.UTF_8)))
        .header("Authorization", "Bearer " + token).header("Sforce-Query-Options", "batchSize=200"));
    assertThat(firstPage.statusCode()).isEqualTo(200);
    JsonNode body = json(firstPage);
    assertThat(body.path("records").get(0).has("Region__c")).isTrue();
    assertThat(body.path("done").asBoolean()).isFalse();

    sim.hideFields("Account", "Region__c");

    HttpResponse<String> rest = get(body.path("nextRecordsUrl").asText());
    assertThat(rest.statusCode()).isEqualTo(200);
    assertThat(json(rest).path("records")).isNotEmpty().allSatisfy(r -> assertThat(r.has("Region__c")).isFalse());
  }

  @Test
  void hidingAFieldTheObjectLacksIsRefused() {
    assertThatThrownBy(() -> sim.hideFields("Account", "NoSuchField__c"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Cannot hide 'NoSuchField__c' on 'Account': no such field");
  }

  @Test
  void countAnswersTotalSizeWithNoRecordsAndOnlyQueryAllCountsDeletedRows() {
    List<Long> picked = sim.table("Contact").pickIds(3);
    sim.clock().advance(Duration.ofMinutes(5));
    sim.table("Contact").softDelete(picked.get(0));
    sim.table("Contact").softDelete(picked.get(1));
    Instant now = sim.clock().instant();
    long live = sim.table("Contact").records().size();
    long all = sim.table("Contact").allRecords().size();
    assertThat(all - live).isEqualTo(2);

    String upToNow = "SELECT COUNT() FROM Contact WHERE SystemModstamp <= " + now;
    JsonNode count = json(query("query", upToNow));
    JsonNode countAll = json(query("queryAll", upToNow));
    JsonNode countBefore = json(query("queryAll",
        "SELECT COUNT() FROM Contact WHERE SystemModstamp <= " + now.minusSeconds(1)));

    assertThat(count.path("totalSize").asLong()).isEqualTo(live);
    assertThat(count.path("done").asBoolean()).isTrue();
    assertThat(count.path("records").isArray()).isTrue();
    assertThat(count.path("records")).isEmpty();
    assertThat(countAll.path("totalSize").asLong()).isEqualTo(all);
    assertThat(countBefore.path("totalSize").asLong()).as("the two deleted at 'now' fall outside").isEqualTo(all - 2);
  }

  @Test
  void countNamingAHiddenFieldFailsToo() {
    sim.hideFields("Contact", "SystemModstamp");

    String soql = "SELECT COUNT() FROM Contact WHERE SystemModstamp <= 2030-01-01T00:00:00Z";

    assertNoSuchColumn(query("queryAll", soql), soql, "SystemModstamp", "Contact");
  }

  @Test
  void deletedRecordsAreHiddenByQueryShownByQueryAllAndListedByTheDeletedResource() {
    List<Long> picked = sim.table("Account").pickIds(2);
    long binned = picked.get(0);
    long purged = picked.get(1);
    String binnedId = SalesforceSimulator.idOf("Account", binned);
    String purgedId = SalesforceSimulator.idOf("Account", purged);
    sim.table("Account").softDelete(binned);
    sim.table("Account").hardDelete(purged);

    List<JsonNode> live = records("query", "SELECT Id, IsDeleted FROM Account");
    List<JsonNode> all = records("queryAll", "SELECT Id, IsDeleted FROM Account");
    Instant wall = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    HttpResponse<String> deleted = get(DATA + "/sobjects/Account/deleted/?start="
        + URLEncoder.encode(wall.minus(Duration.ofDays(3)).toString(), StandardCharsets.UTF_8)
        + "&end=" + URLEncoder.encode(wall.plus(Duration.ofMinutes(2)).toString(), StandardCharsets.UTF_8));

    assertThat(live).noneMatch(r -> r.path("Id").asText().equals(binnedId) || r.path("Id").asText().equals(purgedId));
    assertThat(live).allSatisfy(r -> assertThat(r.path("IsDeleted").asBoolean()).isFalse());
    assertThat(all).anySatisfy(r -> {
      assertThat(r.path("Id").asText()).isEqualTo(binnedId);
      assertThat(r.path("IsDeleted").asBoolean()).isTrue();
    });
    assertThat(all).noneMatch(r -> r.path("Id").asText().equals(purgedId));
    assertThat(deleted.statusCode()).as(deleted.body()).isEqualTo(200);
    Set<String> logged = new TreeSet<>();
    json(deleted).path("deletedRecords").forEach(d -> {
      logged.add(d.path("id").asText());
      assertThat(d.path("deletedDate").asText()).matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}\\+0000");
    });
    assertThat(logged).containsExactlyInAnyOrder(binnedId, purgedId);
  }
}
