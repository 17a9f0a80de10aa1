package io.tributary.source.freshservice;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.api.Connector;
import io.tributary.http.rest.RestTable;
import io.tributary.api.IngestionType;
import io.tributary.api.Offset;
import io.tributary.simulator.LoggedRequest;
import io.tributary.simulator.freshservice.FreshserviceSimulator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Request counts, taken from the simulator's request log. */
class FreshserviceEfficiencyTest {

  @Test
  void incrementalRunWithoutChangesMakesOneListRequestPerFilterPlusOnePerSnapshotPage() {
    try (FreshserviceSimulator sim = FreshserviceSimulator.start();
        Connector connector = FreshserviceReads.connect(sim)) {
      Map<String, Offset[]> offsets = new HashMap<>();
      for (RestTable table : FreshserviceSource.SOURCE.tables()) {
        offsets.put(table.name(), run(connector, table, new Offset[] {Offset.START, Offset.START}));
      }
      sim.server().clearRequests();

      for (RestTable table : FreshserviceSource.SOURCE.tables()) {
        run(connector, table, offsets.get(table.name()));
      }

      List<LoggedRequest> ticketLists = sim.requests("/api/v2/tickets").stream()
          .filter(r -> r.param("type").isEmpty()).toList();
      assertThat(ticketLists).as("tickets: default list, spam, deleted").hasSize(3);
      for (String table : List.of("problems", "changes", "releases")) {
        assertThat(sim.requests("/api/v2/" + table)).as(table).hasSize(1);
      }
      for (RestTable table : FreshserviceSource.SOURCE.tables()) {
        if (table.metadata().ingestionType() == IngestionType.SNAPSHOT && table.metadata().childOf().isEmpty()) {
          int pages = Math.max(1, (int) Math.ceil(sim.table(table.name()).size() / 100.0));
          assertThat(sim.requests(table.path())).as(table.name()).hasSize(pages);
        }
      }
      long serviceRequests = sim.table("tickets").records().stream()
          .filter(t -> t.path("type").asText().equals("Service Request")).count();
      long spam = sim.spamServiceRequestIds().size();
      assertThat(sim.requests("/api/v2/tickets").stream().filter(r -> r.param("type").isPresent()))
          .as("service-request ticket pages: the default list's, then the spam list's")
          .hasSize(pages(serviceRequests - spam) + pages(spam));
      assertThat(sim.requests("/api/v2/tickets/{id}/requested_items"))
          .as("one items page per service request").hasSize((int) serviceRequests);
    }
  }

  /**
   * Requests per 1,000 tickets on a full backfill at per_page=100 (the floor is 10): the default
   * list's pages, the spam and deleted lists, and the re-read that confirms the fixed point.
   */
  @Test
  void fullBackfillCostsFewRequestsPerThousandTickets() {
    FreshserviceSimulator.Config config = FreshserviceSimulator.Config.defaults().tickets(5_000);
    try (FreshserviceSimulator sim = FreshserviceSimulator.start(config);
        Connector connector = FreshserviceReads.connect(sim)) {
      RestTable tickets = FreshserviceSource.SOURCE.table("tickets");
      run(connector, tickets, new Offset[] {Offset.START, Offset.START});

      int requests = sim.requests("/api/v2/tickets").size();
      double perThousand = requests * 1000.0 / sim.table("tickets").size();
      System.out.printf("freshservice full backfill: %d requests for %d tickets = %.1f per 1,000 (floor 10)%n",
          requests, sim.table("tickets").size(), perThousand);
      assertThat(perThousand).isBetween(10.0, 11.5);
    }
  }

  /** Pages of 100 a list of {@code records} answers; an empty list still answers one. */
  private static int pages(long records) {
    return Math.max(1, (int) Math.ceil(records / 100.0));
  }

  private static Offset[] run(Connector connector, RestTable table, Offset[] from) {
    boolean snapshot = table.metadata().ingestionType() == IngestionType.SNAPSHOT;
    Offset start = snapshot ? Offset.START : from[0];
    Offset records = FreshserviceReads.records(connector, table.name(), start, Map.of()).end();
    Offset deletes = from[1];
    if (!table.deleteLists().isEmpty()) {
      deletes = FreshserviceReads.deletes(connector, table.name(), from[1], Map.of()).end();
    }
    return new Offset[] {records, deletes};
  }
}
