package io.tributary.testkit;

import io.tributary.api.Json;
import io.tributary.testkit.sim.DataTable;
import io.tributary.testkit.sim.Dataset;
import io.tributary.testkit.sim.SimClock;
import io.tributary.testkit.sim.TableLayout;
import java.time.Instant;

/** The toy connector's data: 40 tickets in tie groups of 3 (two soft-deleted), 7 agents. */
final class ToyData {
  private ToyData() {}

  static Dataset create() {
    Dataset data = Dataset.seeded(3, SimClock.at(Instant.parse("2024-06-01T00:00:00Z")));
    DataTable tickets = data.table("tickets", TableLayout.standard().withDeletedFlag("deleted"));
    tickets.seed(40, (id, random) -> {
      var ticket = Json.object().put("subject", "Ticket " + id).put("priority", 1 + random.nextInt(4));
      ticket.putObject("requester").put("id", 100 + random.nextInt(5)).put("name", "Requester " + id);
      return ticket;
    });
    tickets.softDelete(7);
    tickets.softDelete(20);
    data.table("agents", TableLayout.standard().withUpdated(null).withCreated(null))
        .seed(7, (id, random) -> Json.object().put("name", "Agent " + id).put("email", "agent" + id + "@example.com"));
    return data;
  }
}
