package io.tributary.source.salesforce;

import static io.tributary.source.salesforce.SalesforceRuns.awaitNextSecond;
import static io.tributary.source.salesforce.SalesforceRuns.drain;
import static io.tributary.source.salesforce.SalesforceRuns.idsOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.api.ExternalException;
import io.tributary.api.Offset;
import io.tributary.api.OptionValues;
import io.tributary.api.ReadResult;
import io.tributary.api.UserException;
import io.tributary.simulator.LoggedRequest;
import io.tributary.simulator.SimClock;
import io.tributary.simulator.salesforce.SalesforceSimulator;
import io.tributary.source.salesforce.SalesforceRuns.Run;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SalesforceReadsTest {
  private final SalesforceSimulator sim = SalesforceSimulator.start(7, 250);

  @AfterEach
  void close() {
    sim.close();
  }

  private SalesforceConnector connector(Map<String, String> extra, Clock clock) {
    Map<String, String> raw = new HashMap<>(sim.connectionOptions());
    raw.put("refresh_token", sim.currentRefreshToken());
    raw.put("requests_per_minute", "100000");
    raw.putAll(extra);
    return new SalesforceConnector(SalesforceOptions.connection().validate(raw), clock);
  }

  private SalesforceConnector connector() {
    return connector(Map.of(), Clock.systemUTC());
  }

  private static OptionValues table(String... pairs) {
    Map<String, String> raw = new HashMap<>(Map.of("bulk_threshold", "0", "lookback_seconds", "0"));
    for (int i = 0; i < pairs.length; i += 2) {
      raw.put(pairs[i], pairs[i + 1]);
    }
    return SalesforceOptions.table().validate(raw);
  }

  @Test
  void tiesOnSystemModstampAcrossPagesAreNeitherLostNorRepeated() {
    List<ObjectNode> seeded = sim.table("Account").records();
    // Seeds share a SystemModstamp in threes: records 200 and 201 straddle the 200-record page.
    assertThat(seeded.get(199).get("SystemModstamp")).isEqualTo(seeded.get(200).get("SystemModstamp"));
    SalesforceConnector c = connector();
    OptionValues options = table("batch_size", "200", "max_pages_per_batch", "1");

    Run run = drain((offset, n) -> c.read("Account", offset, options), Offset.START);

    assertThat(run.ids()).doesNotHaveDuplicates();
    assertThat(Set.copyOf(run.ids())).isEqualTo(idsOf(sim.liveKeys("Account")));
    assertThat(run.calls()).isGreaterThan(2);
    assertThat(sim.simulator().requests("/services/data/{v}/queryAll").stream()
        .anyMatch(r -> r.query().getOrDefault("q", "").contains("(SystemModstamp = ")
            && r.query().get("q").contains("AND Id > '"))).isTrue();
  }

  @Test
  void refreshesAnExpiredSessionMidRunWithTheRotatedRefreshToken(@TempDir Path dir) throws Exception {
    Path tokenFile = dir.resolve("sf_refresh_token");
    SalesforceConnector c = connector(Map.of("refresh_token_file", tokenFile.toString()), Clock.systemUTC());
    OptionValues options = table("batch_size", "200", "max_pages_per_batch", "1");

    Run run = drain((offset, n) -> {
      if (n == 2 || n == 3) {
        sim.expireSessions();
      }
      return c.read("Contact", offset, options);
    }, Offset.START);

    assertThat(Set.copyOf(run.ids())).isEqualTo(idsOf(sim.liveKeys("Contact")));
    assertThat(sim.tokenRequests()).isEqualTo(3);
    assertThat(sim.simulator().requests().stream().filter(r -> r.status() == 401)).hasSize(2);
    assertThat(Files.readString(tokenFile)).isEqualTo(sim.currentRefreshToken());
  }

  @Test
  void aConnectorBuiltFromTheConfiguredRefreshTokenAfterARotationGoesOnWithTheRotatedOne() {
    // As a run does: one connector per table, each from the same configured options.
    SalesforceConnector first = connector();
    SalesforceConnector second = connector();
    OptionValues options = table();

    Run accounts = drain((offset, n) -> first.read("Account", offset, options), Offset.START);
    sim.expireSessions();
    Run contacts = drain((offset, n) -> second.read("Contact", offset, options), Offset.START);

    assertThat(Set.copyOf(accounts.ids())).isEqualTo(idsOf(sim.liveKeys("Account")));
    assertThat(Set.copyOf(contacts.ids())).isEqualTo(idsOf(sim.liveKeys("Contact")));
    assertThat(sim.tokenRequests()).as("one token for both, then one refresh with the rotated token")
        .isEqualTo(2);
  }

  @Test
  void aRevokedRefreshTokenFailsNamingTheOptionsToCheck() {
    SalesforceConnector c = connector(Map.of("refresh_token", "revoked"), Clock.systemUTC());

    assertThatThrownBy(() -> c.read("Account", Offset.START, table()))
        .isInstanceOf(UserException.class)
        .hasMessage("Cannot obtain an OAuth access token from salesforce (grant refresh_token): the "
            + "token endpoint refused it (400: invalid_grant; expired access/refresh token); check "
            + "client_id, client_secret and refresh_token");
  }

  @Test
  void softAndHardDeletesAreReportedAndSoftDeletedRowsAreNotUpserted() {
    OptionValues options = table();
    SalesforceConnector first = connector();
    Run records = drain((o, n) -> first.read("Contact", o, options), Offset.START);
    Run deletes = drain((o, n) -> first.readDeletes("Contact", o, options), Offset.START);
    assertThat(deletes.records()).isEmpty();

    sim.catchUp();
    List<Long> picked = sim.table("Contact").pickIds(2);
    sim.table("Contact").softDelete(picked.get(0));
    sim.table("Contact").hardDelete(picked.get(1));
    // The delete log ignores seconds: a later run sees this minute once it has passed.
    SalesforceConnector later = connector(Map.of(), Clock.offset(Clock.systemUTC(), Duration.ofMinutes(2)));
    Run moreRecords = drain((o, n) -> later.read("Contact", o, options), records.end());
    Run moreDeletes = drain((o, n) -> later.readDeletes("Contact", o, options), deletes.end());

    String soft = SalesforceSimulator.idOf("Contact", picked.get(0));
    String hard = SalesforceSimulator.idOf("Contact", picked.get(1));
    assertThat(moreRecords.ids()).doesNotContain(soft, hard);
    assertThat(moreDeletes.ids()).containsExactlyInAnyOrder(soft, hard);
    assertThat(moreDeletes.records()).allSatisfy(d -> assertThat(d.hasNonNull("SystemModstamp")).isTrue());
  }

  @Test
  void aDeletesReadThatFinishesTheBinAndBringsTheLogToTheOpenMinuteSaysItListedTheTable() {
    sim.table("Contact").pickIds(201).forEach(id -> sim.table("Contact").softDelete(id));
    sim.catchUp();
    OptionValues onePage = table("batch_size", "200", "max_pages_per_batch", "1");
    SalesforceConnector c = connector();

    ReadResult first = c.readDeletes("Contact", Offset.START, onePage);
    assertThat(first.records()).as("the log lists recycled records too: one per Id").hasSize(201);
    assertThat(first.listedAt()).as("the bin's listing stopped after one page").isEmpty();
    Instant before = Instant.now();
    ReadResult second = c.readDeletes("Contact", first.endOffset(), onePage);

    assertThat(second.records()).hasSize(1);
    assertThat(second.listedAt()).as("the bin listed to its end, the log at the open minute").isPresent();
    assertThat(second.listedAt().get()).isBeforeOrEqualTo(before);
    assertThat(sim.simulator().requests("/services/data/{v}/sobjects/{object}/deleted"))
        .as("the log was read up to the open minute by the first call").hasSize(1);
  }

  @Test
  void aFirstReadDecidesBetweenRestAndBulkOnItsFirstPagesTotalSizeWithoutACountQuery() {
    int live = sim.liveKeys("Account").size();
    SalesforceConnector c = connector();
    Run rest = drain((o, n) -> c.read("Account", o, table("bulk_threshold", String.valueOf(live + 50))), Offset.START);

    assertThat(Set.copyOf(rest.ids())).isEqualTo(idsOf(sim.liveKeys("Account")));
    assertThat(sim.simulator().requests("/services/data/{v}/query")).as("no SELECT COUNT()").isEmpty();
    assertThat(sim.simulator().requests("/services/data/{v}/jobs/query")).isEmpty();

    SalesforceConnector again = connector();
    Run bulk = drain((o, n) -> again.read("Account", o, table("bulk_threshold", String.valueOf(live / 2))), Offset.START);

    assertThat(Set.copyOf(bulk.ids())).isEqualTo(idsOf(sim.liveKeys("Account")));
    assertThat(sim.simulator().requests("/services/data/{v}/jobs/query")).as("over the threshold").hasSize(1);
    assertThat(sim.simulator().requests("/services/data/{v}/query")).isEmpty();
  }

  @Test
  void bulkBackfillThenRestIncrementalsLeaveNoGapAndNoDuplicate() {
    OptionValues options = table("bulk_threshold", "100", "bulk_page_size", "100", "max_pages_per_batch", "1");
    SalesforceConnector c = connector();
    Run backfill = drain((o, n) -> c.read("Account", o, options), Offset.START);

    assertThat(backfill.ids()).doesNotHaveDuplicates();
    assertThat(Set.copyOf(backfill.ids())).isEqualTo(idsOf(sim.liveKeys("Account")));
    assertThat(sim.simulator().requests("/services/data/{v}/jobs/query/{id}/results")).hasSize(3);
    assertThat(sim.simulator().requests().stream().filter(r -> r.method().equals("DELETE"))).hasSize(1);
    String bulkSoql = sim.simulator().requests("/services/data/{v}/jobs/query").get(0).toString();
    ObjectNode first = backfill.records().stream().filter(r -> r.path("Id").asText().equals(SalesforceSimulator.idOf("Account", 1)))
        .findFirst().orElseThrow();
    assertThat(first.path("BillingAddress").path("street").asText())
        .isEqualTo(sim.table("Account").find(1).orElseThrow().path("BillingAddress").path("street").asText());
    assertThat(first.get("AnnualRevenue").decimalValue())
        .isEqualByComparingTo(sim.table("Account").find(1).orElseThrow().get("AnnualRevenue").decimalValue());

    sim.catchUp();
    sim.table("Account").update(5, r -> r.put("Rating", "Hot"));
    ObjectNode inserted = sim.table("Account").insert((id, r) -> sim.standardRecord("Account", id, r));
    // The watermark covers closed seconds only: the changes arrive once their second has ended.
    awaitNextSecond();
    Run incremental = drain((o, n) -> c.read("Account", o, options), backfill.end());

    assertThat(incremental.ids()).containsExactlyInAnyOrder(
        SalesforceSimulator.idOf("Account", 5), inserted.path("Id").asText());
    Set<String> union = new HashSet<>(backfill.ids());
    union.addAll(incremental.ids());
    assertThat(union).isEqualTo(idsOf(sim.liveKeys("Account")));
    assertThat(bulkSoql).isNotNull();
  }

  @Test
  void aChangeStampedInTheSecondTheLastListingStartedInArrivesOnceThatSecondHasClosed() {
    OptionValues options = table();
    Instant second = sim.clock().instant().plusSeconds(10);
    sim.clock().set(second);
    sim.table("Account").update(5, r -> r.put("Rating", "Warm"));
    // The connector's listing starts in that same second, so the second is still open.
    SimClock readerClock = SimClock.at(second);
    SalesforceConnector c = connector(Map.of(), readerClock);
    Run first = drain((o, n) -> c.read("Account", o, options), Offset.START);
    assertThat(first.ids()).contains(SalesforceSimulator.idOf("Account", 5));

    // Stamped with the same second, after the listing read past it; then the object stays quiet.
    sim.table("Account").update(6, r -> r.put("Rating", "Cold"));
    readerClock.advance(Duration.ofSeconds(5));
    ReadResult next = c.read("Account", first.end(), options);

    assertThat(next.caughtUp(first.end())).as("the next read plans a batch").isFalse();
    assertThat(next.records()).extracting(r -> r.path("Id").asText())
        .contains(SalesforceSimulator.idOf("Account", 6));
    assertThat(next.endOffset().watermark()).isEqualTo(second);
    assertThat(c.read("Account", next.endOffset(), options).caughtUp(next.endOffset())).isTrue();
  }

  @Test
  void aBulkBackfillHandsOverOnlyClosedSecondsSoAChangeInItsLastSecondIsNotLost() {
    OptionValues options = table("bulk_threshold", "100", "bulk_page_size", "100");
    Instant second = sim.clock().instant().plusSeconds(10);
    sim.clock().set(second);
    // Stamped with the second the backfill starts in: the job, which selects closed seconds only,
    // leaves it to the REST reads that follow.
    sim.table("Account").update(5, r -> r.put("Rating", "Warm"));
    SimClock readerClock = SimClock.at(second);
    SalesforceConnector c = connector(Map.of(), readerClock);
    Run backfill = drain((o, n) -> c.read("Account", o, options), Offset.START);
    assertThat(sim.simulator().requests("/services/data/{v}/jobs/query")).hasSize(1);
    assertThat(backfill.ids()).doesNotContain(SalesforceSimulator.idOf("Account", 5));

    readerClock.advance(Duration.ofSeconds(5));
    Run incremental = drain((o, n) -> c.read("Account", o, options), backfill.end());

    assertThat(incremental.ids()).containsExactly(SalesforceSimulator.idOf("Account", 5));
    Set<String> union = new HashSet<>(backfill.ids());
    union.addAll(incremental.ids());
    assertThat(union).isEqualTo(idsOf(sim.liveKeys("Account")));
  }

  @Test
  void aQueryTimeoutHalvesTheWindowUntilTheQueryPasses() {
    sim.timeoutAbove("Case", 100);
    SalesforceConnector c = connector();
    OptionValues options = table();

    Run run = drain((o, n) -> c.read("Case", o, options), Offset.START);

    assertThat(run.ids()).doesNotHaveDuplicates();
    assertThat(Set.copyOf(run.ids())).isEqualTo(idsOf(sim.liveKeys("Case")));
    List<LoggedRequest> queries = sim.simulator().requests("/services/data/{v}/queryAll");
    assertThat(queries.stream().filter(r -> r.status() == 400)).isNotEmpty();
    assertThat(queries.stream().filter(r -> r.status() == 200 && r.query().get("q").contains("SystemModstamp < ")))
        .isNotEmpty();
  }

  @Test
  void stopsAtTheQuotaShareAtACommittedOffsetThenResumesCleanly() {
    // The read's describe and its first page take the last two requests under the share.
    sim.quota(78, 100);
    OptionValues options = table("batch_size", "200", "max_pages_per_batch", "1");
    SalesforceConnector c = connector();
    List<ObjectNode> delivered = new ArrayList<>();
    Offset committed = Offset.START;
    ExternalException pause = null;
    try {
      for (int i = 0; i < 100; i++) {
        ReadResult r = c.read("Lead", committed, options);
        delivered.addAll(r.records());
        if (r.caughtUp(committed)) {
          break;
        }
        committed = r.endOffset();
      }
    } catch (ExternalException e) {
      pause = e;
    }

    assertThat(pause).isNotNull();
    assertThat(pause.quotaPause()).isTrue();
    assertThat(pause).hasMessageContaining("paused: API quota. 80 of 100 requests (80.0%) are used "
        + "and the next would pass max_api_usage_percent=80");
    assertThat(sim.used()).isEqualTo(80);
    assertThat(delivered).isNotEmpty();

    sim.quota(0, 100_000);
    SalesforceConnector nextRun = connector();
    Run rest = drain((o, n) -> nextRun.read("Lead", o, options), committed);
    Set<String> all = new HashSet<>();
    delivered.forEach(r -> all.add(r.path("Id").asText()));
    all.addAll(rest.ids());
    assertThat(all).isEqualTo(idsOf(sim.liveKeys("Lead")));
  }
}
