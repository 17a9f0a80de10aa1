package io.tributary.source.freshservice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.api.Connector;
import io.tributary.api.Offset;
import io.tributary.api.OptionValues;
import io.tributary.api.ReadResult;
import io.tributary.api.TableMetadata;
import io.tributary.api.UserException;
import io.tributary.simulator.Fault;
import io.tributary.simulator.LoggedRequest;
import io.tributary.simulator.freshservice.FreshserviceSimulator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.LongPredicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class FreshserviceRequestedItemsTest {

  @Test
  void itemsAreReadOnlyForServiceRequestTickets() {
    try (FreshserviceSimulator sim = FreshserviceSimulator.start();
        Connector connector = FreshserviceReads.connect(sim)) {
      FreshserviceReads.Run run = FreshserviceReads.records(connector, "requested_items", Offset.START, Map.of());

      Set<Long> serviceRequests = sim.table("tickets").records().stream()
          .filter(t -> t.path("type").asText().equals("Service Request"))
          .map(t -> t.path("id").asLong()).collect(Collectors.toCollection(TreeSet::new));
      Set<Long> asked = sim.requests("/api/v2/tickets/{id}/requested_items").stream()
          .map(r -> Long.parseLong(r.path().split("/")[4])).collect(Collectors.toCollection(TreeSet::new));
      assertThat(asked).isEqualTo(serviceRequests);
      assertThat(run.records().stream().map(FreshserviceRequestedItemsTest::key).collect(Collectors.toSet()))
          .isEqualTo(sim.table("requested_items").keys("id", "ticket_id"));
      List<LoggedRequest> listings = sim.requests("/api/v2/tickets");
      assertThat(listings).allSatisfy(r -> assertThat(r.query())
          .containsEntry("type", "Service Request")
          .containsEntry("updated_since", "1970-01-01T00:00:00Z"));
    }
  }

  @Test
  void everyServiceRequestIsReportedAsACompleteParent() {
    try (FreshserviceSimulator sim = FreshserviceSimulator.start();
        Connector connector = FreshserviceReads.connect(sim)) {
      ReadResult result = connector.read("requested_items", Offset.START, FreshserviceReads.tableOptions(Map.of()));
      Set<Long> parents = result.completeParents().stream()
          .map(p -> p.path("ticket_id").asLong()).collect(Collectors.toSet());
      Set<Long> withItems = result.records().stream()
          .map(r -> r.path("ticket_id").asLong()).collect(Collectors.toSet());
      assertThat(parents).containsAll(withItems);
    }
  }

  @Test
  void ticketDeletedMidRunIsSkippedAndCounted() {
    try (FreshserviceSimulator sim = FreshserviceSimulator.start();
        Connector connector = FreshserviceReads.connect(sim)) {
      long gone = 9;
      // The ticket is listed, then removed before its items are fetched.
      sim.server().faults().next("/api/v2/tickets/" + gone + "/requested_items", 1, Fault.status(404));

      FreshserviceReads.Run run = FreshserviceReads.records(connector, "requested_items", Offset.START, Map.of());

      assertThat(run.records()).noneMatch(r -> r.path("ticket_id").asLong() == gone);
      assertThat(run.records()).anyMatch(r -> r.path("ticket_id").asLong() == 12);
      assertThat(connector.metrics().other()).containsEntry("requested_items_skipped_not_found", 1L);
    }
  }

  @Test
  void ticketPagesAreListedOncePerRunEvenWhenTheFanOutSpansCalls() {
    try (FreshserviceSimulator sim = FreshserviceSimulator.start();
        Connector connector = FreshserviceReads.connect(sim)) {
      FreshserviceReads.Run run = FreshserviceReads.records(connector, "requested_items", Offset.START,
          Map.of("per_page", "10", "max_pages_per_batch", "4"));

      List<ObjectNode> serviceRequests = sim.table("tickets").select(t -> isServiceRequest(t) && !t.path("deleted").asBoolean());
      long spam = serviceRequests.stream().filter(t -> t.path("spam").asBoolean()).count();
      long listed = serviceRequests.size() - spam;
      assertThat(run.calls()).isGreaterThan(5);
      // The default list, then the spam list, which answers one page even when empty. Each page of
      // the default list after its first overlaps the one before by a few records (a ticket updated
      // mid-read moves to the list's end), so it takes more requests than its pages of ten, but
      // never one request twice, and far fewer than listing it twice.
      List<String> defaultList = sim.requests("/api/v2/tickets").stream()
          .filter(r -> !r.query().containsKey("filter")).map(r -> new java.util.TreeMap<>(r.query()).toString()).toList();
      List<String> spamList = sim.requests("/api/v2/tickets").stream()
          .filter(r -> "spam".equals(r.query().get("filter"))).map(r -> new java.util.TreeMap<>(r.query()).toString()).toList();
      assertThat(defaultList).doesNotHaveDuplicates();
      assertThat(defaultList.size()).isBetween((int) Math.ceil(listed / 10.0), 2 * (int) Math.ceil(listed / 10.0) - 1);
      assertThat(spamList).hasSize((int) Math.max(1, Math.ceil(spam / 10.0)));
      assertThat(sim.requests("/api/v2/tickets/{id}/requested_items")).hasSize(serviceRequests.size());
    }
  }

  @Test
  void backfillReadsEveryRequestedItemOfSpamServiceRequests() {
    try (FreshserviceSimulator sim = FreshserviceSimulator.start();
        Connector connector = FreshserviceReads.connect(sim)) {
      Set<Long> spam = sim.spamServiceRequestIds();
      assertThat(spam).hasSizeGreaterThanOrEqualTo(6);

      // Small batches, so calls end inside both lists and resume from their offsets.
      FreshserviceReads.Run run = FreshserviceReads.records(connector, "requested_items", Offset.START,
          Map.of("per_page", "10", "max_pages_per_batch", "3"));

      Set<Long> spamItems = sim.spamServiceRequestItemIds();
      assertThat(spamItems).hasSize(2 * spam.size());
      assertThat(run.records()).filteredOn(r -> spam.contains(r.path("ticket_id").asLong()))
          .extracting(r -> r.path("id").asLong()).containsExactlyInAnyOrderElementsOf(spamItems);
      assertThat(keys(run.records())).isEqualTo(sim.table("requested_items").keys("id", "ticket_id"));
      assertThat(run.completeTickets()).containsAll(spam);
      assertThat(sim.requests("/api/v2/tickets")).anySatisfy(r -> assertThat(r.query())
          .containsEntry("filter", "spam")
          .containsEntry("type", "Service Request")
          .containsEntry("updated_since", "1970-01-01T00:00:00Z"));
    }
  }

  @Test
  void parentListsAreTheListsTheTicketsTableReadsRecordsFrom() {
    try (FreshserviceSimulator sim = FreshserviceSimulator.start();
        Connector connector = FreshserviceReads.connect(sim)) {
      FreshserviceReads.records(connector, "requested_items", Offset.START, Map.of());

      Set<Optional<String>> listed = sim.requests("/api/v2/tickets").stream()
          .map(r -> r.param("filter")).collect(Collectors.toSet());
      Set<Optional<String>> tickets = FreshserviceSource.SOURCE.table("tickets").lists()
          .stream().map(f -> Optional.ofNullable(f.get("filter"))).collect(Collectors.toSet());
      assertThat(listed).isEqualTo(tickets).contains(Optional.empty(), Optional.of("spam"))
          .doesNotContain(Optional.of("deleted"));
    }
  }

  @Test
  void ticketMovedToSpamLaterStillGetsItsItems() {
    try (FreshserviceSimulator sim = FreshserviceSimulator.start();
        Connector connector = FreshserviceReads.connect(sim)) {
      FreshserviceReads.Run first = FreshserviceReads.records(connector, "requested_items", Offset.START, Map.of());
      long moved = first.records().get(0).path("ticket_id").asLong();
      Set<List<String>> itemsOfMoved = itemKeys(sim, t -> t == moved);
      assertThat(itemsOfMoved).isNotEmpty();

      sim.clock().advance(Duration.ofHours(1));
      sim.table("tickets").update(moved, t -> t.put("spam", true));
      FreshserviceReads.Run second = FreshserviceReads.records(connector, "requested_items", Offset.START, Map.of());

      assertThat(keys(second.records())).containsAll(itemsOfMoved);
      assertThat(second.completeTickets()).contains(moved);
    }
  }

  @Test
  void trashedServiceRequestLosesItsItems() {
    try (FreshserviceSimulator sim = FreshserviceSimulator.start();
        Connector connector = FreshserviceReads.connect(sim)) {
      Set<Long> spam = sim.spamServiceRequestIds();
      FreshserviceReads.Run first = FreshserviceReads.records(connector, "requested_items", Offset.START, Map.of());
      long trashed = first.records().get(0).path("ticket_id").asLong();
      long trashedSpam = spam.iterator().next();
      assertThat(first.completeTickets()).contains(trashed, trashedSpam);

      sim.clock().advance(Duration.ofHours(1));
      sim.table("tickets").softDelete(trashed);
      sim.table("tickets").softDelete(trashedSpam);
      FreshserviceReads.Run second = FreshserviceReads.records(connector, "requested_items", Offset.START, Map.of());
      FreshserviceReads.Run ticketDeletes = FreshserviceReads.deletes(connector, "tickets", Offset.START, Map.of());

      // The snapshot no longer holds their items, and tickets reports the trashed ticket as a
      // delete, which the pipeline applies to the child table that declares tickets its parent.
      // (The simulator lists a trashed spam ticket under neither filter=spam nor filter=deleted.)
      assertThat(second.records()).noneMatch(r -> r.path("ticket_id").asLong() == trashed
          || r.path("ticket_id").asLong() == trashedSpam);
      assertThat(second.completeTickets()).doesNotContain(trashed, trashedSpam);
      assertThat(ticketDeletes.ids()).contains(trashed);
      assertThat(connector.metadata("requested_items", FreshserviceReads.tableOptions(Map.of())).childOf())
          .contains(new TableMetadata.ChildOf("tickets", List.of("ticket_id")));
    }
  }

  @Test
  void readResumedInTheSpamListLosesNothing() {
    try (FreshserviceSimulator sim = FreshserviceSimulator.start()) {
      assertThat(sim.spamServiceRequestIds()).isNotEmpty();
      Map<String, String> options = Map.of("per_page", "10", "max_pages_per_batch", "1");
      List<ObjectNode> before = new ArrayList<>();
      Offset inSpam = Offset.START;
      try (Connector connector = FreshserviceReads.connect(sim)) {
        while (inSpam.get("list").isEmpty()) {
          ReadResult result = connector.read("requested_items", inSpam, FreshserviceReads.tableOptions(options));
          assertThat(result.endOffset()).as("an offset in the spam list").isNotEqualTo(inSpam);
          before.addAll(result.records());
          inSpam = result.endOffset();
        }
      }
      assertThat(inSpam.get("done")).isEmpty();

      // A new connector, as after a restart: nothing of the first pass is cached.
      try (Connector connector = FreshserviceReads.connect(sim)) {
        FreshserviceReads.Run rest = FreshserviceReads.records(connector, "requested_items", inSpam, options);
        Set<List<String>> all = keys(before);
        all.addAll(keys(rest.records()));
        assertThat(all).isEqualTo(sim.table("requested_items").keys("id", "ticket_id"));
        assertThat(sim.requests("/api/v2/tickets")).last()
            .satisfies(r -> assertThat(r.query()).containsEntry("filter", "spam"));
      }
    }
  }

  @Test
  void rejectsAnOffsetInAParentListTheTicketsTableDoesNotRead() {
    try (FreshserviceSimulator sim = FreshserviceSimulator.start();
        Connector connector = FreshserviceReads.connect(sim)) {
      Offset beyond = Offset.START.with("list", "2").with("ticket", "0");

      assertThatThrownBy(() -> connector.read("requested_items", beyond, FreshserviceReads.tableOptions(Map.of())))
          .isInstanceOf(UserException.class)
          .hasMessageContaining("Cannot resume table 'requested_items' from offset")
          .hasMessageContaining("parent list 2 of a table whose parents come from 2");
    }
  }

  private static boolean isServiceRequest(ObjectNode ticket) {
    return ticket.path("type").asText().equals("Service Request");
  }

  /** Keys (id, ticket_id) of the simulator's items whose ticket matches. */
  private static Set<List<String>> itemKeys(FreshserviceSimulator sim, LongPredicate ticket) {
    return keys(sim.table("requested_items").select(i -> ticket.test(i.path("ticket_id").asLong())));
  }

  private static Set<List<String>> keys(List<ObjectNode> items) {
    return items.stream().map(FreshserviceRequestedItemsTest::key).collect(Collectors.toCollection(LinkedHashSet::new));
  }

  private static List<String> key(ObjectNode r) {
    return List.of(r.path("id").asText(), r.path("ticket_id").asText());
  }
}
