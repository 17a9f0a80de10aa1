package io.tributary.testkit;

import io.tributary.api.Json;
import io.tributary.simulator.DataTable;
import io.tributary.simulator.Dataset;
import io.tributary.simulator.SimClock;
import io.tributary.simulator.TableLayout;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The toy connector's data: 40 tickets in tie groups of 3 (two soft-deleted; every tenth, from 3,
 * spam), 7 agents, and {@code id % 3} notes per ticket, spam tickets included.
 */
final class ToyData {
  private ToyData() {}

  /** The key set a complete read of {@code table} must deliver: notes of live tickets only. */
  static Set<List<String>> expectedKeys(Dataset data, String table) {
    if (!table.equals("ticket_notes")) {
      return data.table(table).keys();
    }
    Set<List<String>> live = data.table("tickets").keys();
    Set<List<String>> keys = new LinkedHashSet<>();
    for (List<String> key : data.table("notes").keys("id", "ticket_id")) {
      if (live.contains(List.of(key.get(1)))) {
        keys.add(key);
      }
    }
    return keys;
  }

  static Dataset create() {
    Dataset data = Dataset.seeded(3, SimClock.at(Instant.parse("2024-06-01T00:00:00Z")));
    DataTable tickets = data.table("tickets", TableLayout.standard().withDeletedFlag("deleted"));
    tickets.seed(40, (id, random) -> {
      var ticket = Json.object().put("subject", "Ticket " + id).put("priority", 1 + random.nextInt(4))
          .put("spam", id % 10 == 3);
      ticket.putObject("requester").put("id", 100 + random.nextInt(5)).put("name", "Requester " + id);
      return ticket;
    });
    tickets.softDelete(7);
    tickets.softDelete(20);
    data.table("agents", TableLayout.standard().withUpdated(null).withCreated(null))
        .seed(7, (id, random) -> Json.object().put("name", "Agent " + id).put("email", "agent" + id + "@example.com"));
    DataTable notes = data.table("notes", TableLayout.standard().withUpdated(null).withCreated(null));
    for (long ticket = 1; ticket <= 40; ticket++) {
      long parent = ticket;
      for (int i = 0; i < ticket % 3; i++) {
        notes.insert((id, random) -> Json.object().put("ticket_id", parent).put("body", "Note " + id));
      }
    }
    return data;
  }
}
