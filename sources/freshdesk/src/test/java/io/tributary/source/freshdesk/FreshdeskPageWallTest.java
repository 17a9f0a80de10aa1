package io.tributary.source.freshdesk;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.api.Connector;
import io.tributary.api.Offset;
import io.tributary.api.ReadResult;
import io.tributary.simulator.LoggedRequest;
import io.tributary.simulator.SimClock;
import io.tributary.simulator.freshdesk.FreshdeskSimulator;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The account shape that lost 7% of its tickets against an independent simulator: a tie block
 * of one {@code updated_at} straddling page 300 of the ascending list, page 300 without a next
 * link, and spam tickets across the whole range, the newest update of all a spam ticket's. Its
 * tickets table is mirrored as the pipeline would (upsert the highest {@code updated_at}, apply
 * deletes) through a backfill, a change run and a replay from the start, and must equal the
 * source every time.
 */
class FreshdeskPageWallTest {
  private static final int PER_PAGE = 10;
  private static final Map<String, String> OPTIONS = Map.of("per_page", Integer.toString(PER_PAGE),
      "max_pages_per_batch", "40", "lookback_seconds", "0");

  /** The tickets table as a destination holds it: id to updated_at. */
  private static final class Mirror {
    final Map<Long, String> rows = new TreeMap<>();
    Offset records = Offset.START;
    Offset deletes = Offset.START;

    void catchUp(Connector c) {
      records = drain(c, records, false);
      deletes = drain(c, deletes, true);
    }

    private Offset drain(Connector c, Offset from, boolean deleted) {
      Offset offset = from;
      for (int calls = 0; calls < 1_000; calls++) {
        ReadResult r = deleted
            ? c.readDeletes("tickets", offset, FreshdeskOptions.table().validate(OPTIONS))
            : c.read("tickets", offset, FreshdeskOptions.table().validate(OPTIONS));
        for (ObjectNode record : r.records()) {
          long id = record.path("id").asLong();
          if (deleted) {
            rows.remove(id);
          } else {
            rows.merge(id, record.path("updated_at").asText(), (a, b) -> a.compareTo(b) >= 0 ? a : b);
          }
        }
        if (r.caughtUp(offset)) {
          return offset;
        }
        offset = Offset.fromJson(r.endOffset().toJson());
      }
      throw new AssertionError("no fixed point");
    }
  }

  private static Connector connect(FreshdeskSimulator sim) {
    FreshdeskConnectorFactory factory = new FreshdeskConnectorFactory();
    return factory.create(factory.connectionOptions().validate(sim.connectionOptions()));
  }

  /** What the source holds for the tickets table: every ticket not deleted, spam included. */
  private static Map<Long, String> source(FreshdeskSimulator sim) {
    Map<Long, String> rows = new TreeMap<>();
    for (ObjectNode t : sim.table("tickets").select(t -> !t.path("deleted").asBoolean(false))) {
      rows.put(t.path("id").asLong(), t.path("updated_at").asText());
    }
    return rows;
  }

  @Test
  void losesNothingAtThePageWallThroughBackfillChangesAndReplay() {
    try (FreshdeskSimulator sim = FreshdeskSimulator.wallAccount(3_500, 51, PER_PAGE); Connector c = connect(sim)) {
      Mirror table = new Mirror();

      table.catchUp(c);

      assertThat(sim.server().requests("/api/v2/tickets")).as("the listing never asked past the wall")
          .allSatisfy(q -> assertThat(q.status()).isEqualTo(200));
      assertThat(table.rows).as("backfill").isEqualTo(source(sim));
      assertTheSortedListPagedOnlyThroughTheTieBlock(sim);

      sim.clock().advance(Duration.ofMinutes(5));
      FreshdeskSimulator.WallChange change = sim.changeWallAccount();
      sim.clock().advance(Duration.ofMinutes(5));
      table.catchUp(c);

      assertThat(table.rows).as("after changes").isEqualTo(source(sim));
      assertThat(table.rows).containsKeys(change.inserted().toArray(Long[]::new))
          .doesNotContainKeys(change.deleted().toArray(Long[]::new));
      assertThat(change.markedSpam()).allSatisfy(id -> assertThat(table.rows.get(id)).isEqualTo(change.at()));

      Mirror replay = new Mirror();
      replay.catchUp(c);

      assertThat(replay.rows).as("replay from the start").isEqualTo(source(sim));
    }
  }

  /**
   * The default list is sorted by updated_at, so each page is a new query from the highest
   * updated_at read: only the block of tickets sharing one second is followed page by page, the
   * wall is never neared, and each query re-reads the tickets of the second it starts from.
   */
  private static void assertTheSortedListPagedOnlyThroughTheTieBlock(FreshdeskSimulator sim) {
    List<LoggedRequest> defaultList = sim.server().requests("/api/v2/tickets").stream()
        .filter(q -> !q.query().containsKey("filter")).toList();
    int tiePages = (sim.wallShape().tiedIds().size() + PER_PAGE - 1) / PER_PAGE;
    assertThat(defaultList).allSatisfy(q ->
        assertThat(Integer.parseInt(q.query().getOrDefault("page", "1"))).isLessThanOrEqualTo(tiePages + 1));
    int minimum = (3_500 + PER_PAGE - 1) / PER_PAGE;
    assertThat(defaultList.size()).isLessThanOrEqualTo(minimum * PER_PAGE / (PER_PAGE - 1) + tiePages + 2);
  }

  /**
   * The shift: after page 1 of the ascending list is read, a ticket on it is updated, so it moves
   * to the end and every later ticket moves up one place. Asking for page 2 of the same query then
   * skips the ticket that slid onto page 1, and the watermark passes it for good.
   */
  @Test
  void aTicketUpdatedBetweenTwoPagesOfOneListingShiftsNoOtherPastIt() {
    Map<String, String> onePage = Map.of("per_page", Integer.toString(PER_PAGE), "max_pages_per_batch", "1",
        "lookback_seconds", "0");
    try (FreshdeskSimulator sim = FreshdeskSimulator.start(60, SimClock.at(FreshdeskSimulator.NOW));
        Connector c = connect(sim)) {
      Map<Long, String> rows = new TreeMap<>();
      Offset offset = Offset.START;
      for (int calls = 0; ; calls++) {
        assertThat(calls).as("calls to the fixed point").isLessThan(200);
        ReadResult r = c.read("tickets", offset, FreshdeskOptions.table().validate(onePage));
        r.records().forEach(t -> rows.put(t.path("id").asLong(), t.path("updated_at").asText()));
        if (calls < 3 && !r.records().isEmpty()) {
          // A ticket this call read is updated before the next page is asked for.
          long read = r.records().get(0).path("id").asLong();
          sim.clock().advance(Duration.ofSeconds(1));
          sim.table("tickets").update(read, t -> t.put("status", 4));
        }
        if (r.caughtUp(offset)) {
          break;
        }
        offset = Offset.fromJson(r.endOffset().toJson());
      }
      sim.clock().advance(Duration.ofMinutes(1));

      assertThat(rows.keySet()).isEqualTo(source(sim).keySet());
    }
  }
}
