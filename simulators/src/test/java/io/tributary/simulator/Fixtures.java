package io.tributary.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.api.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Shared test data: a seeded ticket table and helpers to read ids out of responses. */
final class Fixtures {
  static final Instant NOW = Instant.parse("2024-06-01T00:00:00Z");

  private Fixtures() {}

  static Dataset tickets(int count) {
    Dataset data = Dataset.seeded(7, SimClock.at(NOW));
    data.table("tickets", TableLayout.standard().withDeletedFlag("deleted"))
        .seed(count, (id, random) -> Json.object()
            .put("subject", "Ticket " + id)
            .put("status", id % 2 == 0 ? "open" : "closed"));
    return data;
  }

  static List<Long> ids(JsonNode array) {
    List<Long> ids = new ArrayList<>();
    array.forEach(node -> ids.add(node.path("id").asLong()));
    return ids;
  }

  static String resource(String name) {
    try (InputStream in = Fixtures.class.getResourceAsStream("/" + name)) {
      if (in == null) {
        throw new IllegalStateException("missing test resource " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
