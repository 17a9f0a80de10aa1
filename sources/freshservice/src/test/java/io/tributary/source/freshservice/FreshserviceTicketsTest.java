package io.tributary.source.freshservice;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.api.Connector;
import io.tributary.api.Offset;
import io.tributary.simulator.LoggedRequest;
import io.tributary.simulator.freshservice.FreshserviceSimulator;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** Tickets: the 30-day window, ordering, ties, spam and trashed tickets, and a second run. */
class FreshserviceTicketsTest {

  @Test
  void firstRunWithoutStartDateBackfillsTicketsOlderThanThirtyDays() {
    try (FreshserviceSimulator sim = FreshserviceSimulator.start();
        Connector connector = FreshserviceReads.connect(sim)) {
      Instant windowStart = sim.clock().instant().minusSeconds(30L * 24 * 3600);
      long older = sim.table("tickets").records().stream()
          .filter(t -> Instant.parse(t.path("created_at").asText()).isBefore(windowStart)).count();
      assertThat(older).as("seeded tickets created before the 30-day window").isGreaterThan(60);

      FreshserviceReads.Run run = FreshserviceReads.records(connector, "tickets", Offset.START, Map.of());

      assertThat(new TreeSet<>(run.ids())).containsExactlyElementsOf(sim.table("tickets").ids());
      LoggedRequest first = sim.requests("/api/v2/tickets").get(0);
      assertThat(first.query()).containsEntry("updated_since", "1970-01-01T00:00:00Z")
          .containsEntry("order_by", "updated_at")
          .containsEntry("order_type", "asc")
          .containsEntry("per_page", "100");
    }
  }

  @Test
  void startDateBoundsTheFirstRun() {
    try (FreshserviceSimulator sim = FreshserviceSimulator.start();
        Connector connector = FreshserviceReads.connect(sim)) {
      Instant startDate = Instant.parse("2024-05-01T00:00:00Z");
      FreshserviceReads.Run run = FreshserviceReads.records(connector, "tickets", Offset.START,
          Map.of("start_date", startDate.toString()));

      List<Long> expected = sim.table("tickets").records().stream()
          .filter(t -> !Instant.parse(t.path("updated_at").asText()).isBefore(startDate))
          .map(t -> t.path("id").asLong()).toList();
      assertThat(new TreeSet<>(run.ids())).containsExactlyElementsOf(expected);
      assertThat(sim.requests("/api/v2/tickets").get(0).query())
          .containsEntry("updated_since", "2024-05-01T00:00:00Z");
    }
  }

  /**
   * A ticket read on page 1 of the ascending list is updated before page 2 is asked for: it moves
   * to the end, and every later ticket moves up one place. Page 2 of the same query would skip the
   * ticket that slid onto page 1, and the watermark would pass it for good.
   */
  @Test
  void aTicketUpdatedBetweenTwoPagesOfOneListingShiftsNoOtherPastIt() {
    try (FreshserviceSimulator sim = FreshserviceSimulator.start();
        Connector connector = FreshserviceReads.connect(sim)) {
      int[] changed = {0};
      FreshserviceReads.Run run = FreshserviceReads.records(connector, "tickets", Offset.START,
          Map.of("per_page", "10", "max_pages_per_batch", "1"), result -> {
            if (changed[0] < 3 && !result.records().isEmpty()) {
              changed[0]++;
              sim.clock().advance(java.time.Duration.ofSeconds(1));
              sim.table("tickets").update(result.records().get(0).path("id").asLong(), t -> t.put("priority", 4));
            }
          });

      assertThat(changed[0]).isEqualTo(3);
      assertThat(new TreeSet<>(run.ids())).containsExactlyElementsOf(sim.table("tickets").ids());
    }
  }

  @Test
  void ticketsSharingUpdatedAtAcrossPageBoundariesAreAllRead() {
    // Groups of 5 equal updated_at values and pages of 3: every page boundary splits a tie.
    FreshserviceSimulator.Config config = FreshserviceSimulator.Config.defaults().tieGroup(5).tickets(40);
    try (FreshserviceSimulator sim = FreshserviceSimulator.start(config);
        Connector connector = FreshserviceReads.connect(sim)) {
      // Three pages per call: the fewest that hold the final re-read (the newest tie group, two
      // pages, and the spam list), without which no call could report the table caught up.
      Map<String, String> options = Map.of("per_page", "3", "max_pages_per_batch", "3");

      FreshserviceReads.Run run = FreshserviceReads.records(connector, "tickets", Offset.START, options);

      assertThat(new TreeSet<>(run.ids())).containsExactlyElementsOf(sim.table("tickets").ids());
      assertThat(run.calls()).as("calls, each ending on a page boundary").isGreaterThan(40 / 9);
    }
  }

  @Test
  void spamTicketsAreRecordsAndTrashedTicketsAreDeletes() {
    try (FreshserviceSimulator sim = FreshserviceSimulator.start();
        Connector connector = FreshserviceReads.connect(sim)) {
      FreshserviceReads.Run records = FreshserviceReads.records(connector, "tickets", Offset.START, Map.of());
      FreshserviceReads.Run deletes = FreshserviceReads.deletes(connector, "tickets", Offset.START, Map.of());

      ObjectNode spam = records.records().stream().filter(r -> r.path("id").asLong() == 7).findFirst().orElseThrow();
      assertThat(spam.path("spam").asBoolean()).isTrue();
      assertThat(records.ids()).doesNotContain(4L, 5L);
      // Re-reads within the lookback repeat keys; the pipeline de-duplicates.
      assertThat(new TreeSet<>(deletes.ids())).containsExactly(4L, 5L);
      assertThat(deletes.records()).allSatisfy(key -> assertThat(key.has("updated_at")).isTrue());
      assertThat(sim.requests("/api/v2/tickets").stream().map(r -> r.query().get("filter")))
          .contains("spam", "deleted");
    }
  }

  @Test
  void secondRunAfterUpdatesInsertsAndDeletesEqualsTheSimulator() {
    try (FreshserviceSimulator sim = FreshserviceSimulator.start();
        Connector connector = FreshserviceReads.connect(sim)) {
      Map<Long, ObjectNode> destination = new TreeMap<>();
      Offset[] offsets = apply(connector, destination, Offset.START, Offset.START);
      sim.mutate();
      apply(connector, destination, offsets[0], offsets[1]);

      Map<Long, ObjectNode> truth = new TreeMap<>();
      sim.table("tickets").records().forEach(t -> truth.put(t.path("id").asLong(), t));
      assertThat(destination.keySet()).containsExactlyElementsOf(truth.keySet());
      truth.forEach((id, ticket) ->
          assertThat(destination.get(id).toString()).as("ticket %d", id).isEqualTo(ticket.toString()));
    }
  }

  /** Upserts then deletes, as the pipeline's MERGE does; returns the end offsets. */
  private static Offset[] apply(Connector connector, Map<Long, ObjectNode> destination, Offset records, Offset deletes) {
    FreshserviceReads.Run upserts = FreshserviceReads.records(connector, "tickets", records, Map.of());
    upserts.records().forEach(r -> destination.put(r.path("id").asLong(), r));
    FreshserviceReads.Run removed = FreshserviceReads.deletes(connector, "tickets", deletes, Map.of());
    removed.ids().forEach(destination::remove);
    return new Offset[] {upserts.end(), removed.end()};
  }

  @Test
  void cursorNeverPassesTheMomentTheReadStarted() {
    try (FreshserviceSimulator sim = FreshserviceSimulator.start();
        Connector connector = FreshserviceReads.connect(sim)) {
      FreshserviceReads.Run run = FreshserviceReads.records(connector, "tickets", Offset.START, Map.of());
      assertThat(run.end().watermark()).isBeforeOrEqualTo(sim.clock().instant());
      Set<String> sinces = new HashSet<>();
      FreshserviceReads.records(connector, "tickets", run.end(), Map.of("lookback_seconds", "600"));
      sim.requests("/api/v2/tickets").forEach(r -> sinces.add(r.query().get("updated_since")));
      assertThat(sinces).contains(run.end().watermark().minusSeconds(600).toString());
    }
  }
}
