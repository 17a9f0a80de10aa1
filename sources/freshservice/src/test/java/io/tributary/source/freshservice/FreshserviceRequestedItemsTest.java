package io.tributary.source.freshservice;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.api.Connector;
import io.tributary.api.Offset;
import io.tributary.api.ReadResult;
import io.tributary.testkit.sim.Fault;
import io.tributary.testkit.sim.LoggedRequest;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
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

      long serviceRequests = sim.table("tickets").records().stream()
          .filter(t -> t.path("type").asText().equals("Service Request")).count();
      assertThat(run.calls()).isGreaterThan(5);
      assertThat(sim.requests("/api/v2/tickets")).hasSize((int) Math.ceil(serviceRequests / 10.0));
      assertThat(sim.requests("/api/v2/tickets/{id}/requested_items")).hasSize((int) serviceRequests);
    }
  }

  private static List<String> key(ObjectNode r) {
    return List.of(r.path("id").asText(), r.path("ticket_id").asText());
  }
}
