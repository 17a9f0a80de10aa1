package io.tributary.benchmarks;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.api.Json;
import io.tributary.simulator.Dataset;
import io.tributary.simulator.Endpoint;
import io.tributary.simulator.SimClock;
import io.tributary.simulator.SimRequest;
import io.tributary.simulator.SimResponse;
import io.tributary.simulator.Simulator;
import io.tributary.simulator.freshservice.FreshserviceSimulator;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Freshservice's tickets list with {@code count} tickets made up page by page instead of held in
 * memory, so that P6 can ingest a million of them without the simulator's heap mattering. Each
 * ticket is the simulator's first ticket with its own id, subject and timestamps, one second apart
 * in update order. It honours what the connector sends: {@code updated_since}, {@code page} and
 * {@code per_page}, ascending {@code updated_at}, and a {@code Link: rel="next"} header; the spam
 * and deleted lists are empty.
 */
final class GeneratedTickets implements AutoCloseable {
  private static final Instant BASE = Instant.parse("2023-01-01T00:00:00Z");

  private final int count;
  private final ObjectNode template;
  private final Simulator server;

  GeneratedTickets(int count) {
    this.count = count;
    try (FreshserviceSimulator seed = FreshserviceSimulator.start()) {
      this.template = seed.table("tickets").records().get(0).deepCopy();
    }
    this.server = Simulator.builder(Dataset.seeded(1, SimClock.at(Instant.now())))
        .endpoint(Endpoint.custom("/api/v2/tickets", this::page))
        .start();
  }

  String baseUrl() {
    return server.baseUrl();
  }

  Simulator server() {
    return server;
  }

  private SimResponse page(SimRequest request) {
    ObjectNode body = Json.object();
    ArrayNode tickets = body.putArray("tickets");
    if (request.param("filter").isPresent()) {
      return SimResponse.json(200, body);
    }
    int perPage = Math.min(100, Integer.parseInt(request.param("per_page").orElse("30")));
    int page = Integer.parseInt(request.param("page").orElse("1"));
    long first = request.param("updated_since")
        .map(since -> Math.max(0, Instant.parse(since).getEpochSecond() - BASE.getEpochSecond()))
        .orElse(0L);
    long from = first + (long) (page - 1) * perPage;
    long to = Math.min(count, from + perPage);
    for (long i = from; i < to; i++) {
      ObjectNode ticket = template.deepCopy();
      String at = BASE.plus(i, ChronoUnit.SECONDS).toString();
      ticket.put("id", i + 1).put("subject", "Generated ticket " + (i + 1)).put("created_at", at)
          .put("updated_at", at);
      tickets.add(ticket);
    }
    SimResponse response = SimResponse.json(200, body);
    if (to < count) {
      StringBuilder next = new StringBuilder(request.baseUrl()).append(request.path()).append("?page=")
          .append(page + 1).append("&per_page=").append(perPage);
      request.param("updated_since").ifPresent(s -> next.append("&updated_since=").append(s));
      request.param("order_by").ifPresent(s -> next.append("&order_by=").append(s));
      request.param("order_type").ifPresent(s -> next.append("&order_type=").append(s));
      response = response.header("Link", "<" + next + ">; rel=\"next\"");
    }
    return response;
  }

  @Override
  public void close() {
    server.close();
  }
}
