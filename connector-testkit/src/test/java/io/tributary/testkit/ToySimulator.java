package io.tributary.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.api.Json;
import io.tributary.simulator.AuthCheck;
import io.tributary.simulator.Dataset;
import io.tributary.simulator.Endpoint;
import io.tributary.simulator.Envelope;
import io.tributary.simulator.Paging;
import io.tributary.simulator.Simulator;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/** The toy API as a simulator, as a source declares its own, and a minimal client for it. */
final class ToySimulator {
  static final String API_KEY = "toy-key";

  private ToySimulator() {}

  static Simulator start(Dataset data) {
    return Simulator.builder(data)
        .auth(AuthCheck.basicApiKey(API_KEY))
        .endpoint(Endpoint.list("/api/tickets", data.table("tickets")).envelope(Envelope.key("tickets"))
            .paging(Paging.pageNumber("page", "per_page").perPage(30, 100).withLinkHeader())
            .since("updated_since", "updated_at")
            .hiddenUnless("filter", "deleted", "deleted")
            .sortParams("order_by", "order_type", "updated_at"))
        .endpoint(Endpoint.list("/api/agents", data.table("agents")).envelope(Envelope.array())
            .paging(Paging.pageNumber("page", "per_page").perPage(30, 100)))
        .endpoint(Endpoint.list("/api/tickets/{id}/notes", data.table("notes")).envelope(Envelope.key("notes"))
            .pathField("id", "ticket_id").parent(data.table("tickets")))
        .start();
  }

  /**
   * Pages read over HTTP: what a real source does through connector-http, with a few retries of a
   * 429, a 5xx or a dropped connection; {@code defects} plant the bugs of the HTTP kind.
   */
  record HttpPages(String baseUrl, String apiKey, Set<ToyConnector.Defect> defects) implements ToyConnector.Pages {
    private static final HttpClient CLIENT = HttpClient.newHttpClient();
    private static final int ATTEMPTS = 6;

    @Override
    public List<ObjectNode> tickets(Instant since, int page, int perPage) {
      if (defects.contains(ToyConnector.Defect.NO_SINCE_FILTER)) {
        // the bug: every page of the whole list is asked for, and filtered here
        List<ObjectNode> all = new ArrayList<>();
        for (int p = 1; ; p++) {
          List<ObjectNode> slice = records(get("/api/tickets?order_by=updated_at&order_type=asc" + pageParams(p, perPage)), "tickets");
          all.addAll(slice);
          if (slice.size() < perPage) {
            break;
          }
        }
        List<ObjectNode> kept = all.stream().filter(t -> !Instant.parse(t.get("updated_at").asText()).isBefore(since)).toList();
        int from = (page - 1) * perPage;
        return from >= kept.size() ? List.of() : kept.subList(from, Math.min(kept.size(), from + perPage));
      }
      return records(get("/api/tickets?order_by=updated_at&order_type=asc&updated_since="
          + URLEncoder.encode(since.toString(), StandardCharsets.UTF_8) + pageParams(page, perPage)), "tickets");
    }

    @Override
    public List<ObjectNode> agents(int page, int perPage) {
      return records(get("/api/agents?" + pageParams(page, perPage).substring(1)), null);
    }

    @Override
    public List<ObjectNode> notes(long ticketId) {
      return records(get("/api/tickets/" + ticketId + "/notes"), "notes");
    }

    private String pageParams(int page, int perPage) {
      return "&page=" + page + (defects.contains(ToyConnector.Defect.IGNORES_PER_PAGE) ? "" : "&per_page=" + perPage);
    }

    /** The body, or null for a 5xx that {@link ToyConnector.Defect#SWALLOWS_5XX} takes for an empty page. */
    private JsonNode get(String pathAndQuery) {
      String auth = Base64.getEncoder().encodeToString((apiKey + ":X").getBytes(StandardCharsets.UTF_8));
      HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + pathAndQuery))
          .header("Authorization", "Basic " + auth).build();
      String last = "";
      for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
        try {
          HttpResponse<String> response = CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
          int status = response.statusCode();
          if (status >= 500 && defects.contains(ToyConnector.Defect.SWALLOWS_5XX)) {
            return null; // the bug
          }
          if (status == 429 || status >= 500) {
            last = "HTTP " + status;
            Thread.sleep(10);
            continue;
          }
          if (status != 200) {
            throw new IllegalStateException("Cannot read " + pathAndQuery + ": HTTP " + status + " " + response.body());
          }
          return Json.MAPPER.readTree(response.body());
        } catch (IOException e) {
          last = e.toString();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("Interrupted reading " + pathAndQuery, e);
        }
      }
      throw new IllegalStateException("Cannot read " + pathAndQuery + " in " + ATTEMPTS + " attempts: " + last);
    }

    private static List<ObjectNode> records(JsonNode body, String key) {
      List<ObjectNode> records = new ArrayList<>();
      if (body != null) {
        (key == null ? body : body.get(key)).forEach(node -> records.add((ObjectNode) node));
      }
      return records;
    }
  }

  /**
   * Moves a ticket to the end of the updated_at-ascending list, as the conformance suites declare
   * in {@code updateBetweenPages}: a second later, it is updated.
   */
  static Optional<Consumer<ObjectNode>> moveToEnd(Dataset data, String table) {
    if (!table.equals("tickets")) {
      return Optional.empty();
    }
    return Optional.of(ticket -> {
      data.clock().advance(Duration.ofSeconds(1));
      data.table("tickets").update(ticket.get("id").asLong(), t -> t.put("priority", 4));
    });
  }
}
