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
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

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

  /** Pages read over HTTP: what a real source does through connector-http. */
  record HttpPages(String baseUrl, String apiKey) implements ToyConnector.Pages {
    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    @Override
    public List<ObjectNode> tickets(Instant since, int page, int perPage) {
      return records(get("/api/tickets?order_by=updated_at&order_type=asc&updated_since="
          + URLEncoder.encode(since.toString(), StandardCharsets.UTF_8) + "&page=" + page + "&per_page=" + perPage)
          .get("tickets"));
    }

    @Override
    public List<ObjectNode> agents(int page, int perPage) {
      return records(get("/api/agents?page=" + page + "&per_page=" + perPage));
    }

    @Override
    public List<ObjectNode> notes(long ticketId) {
      return records(get("/api/tickets/" + ticketId + "/notes").get("notes"));
    }

    private JsonNode get(String pathAndQuery) {
      String auth = Base64.getEncoder().encodeToString((apiKey + ":X").getBytes(StandardCharsets.UTF_8));
      HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + pathAndQuery))
          .header("Authorization", "Basic " + auth).build();
      try {
        HttpResponse<String> response = CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
          throw new IllegalStateException("Cannot read " + pathAndQuery + ": HTTP " + response.statusCode()
              + " " + response.body());
        }
        return Json.MAPPER.readTree(response.body());
      } catch (IOException e) {
        throw new IllegalStateException("Cannot read " + pathAndQuery, e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("Interrupted reading " + pathAndQuery, e);
      }
    }

    private static List<ObjectNode> records(JsonNode array) {
      List<ObjectNode> records = new ArrayList<>();
      array.forEach(node -> records.add((ObjectNode) node));
      return records;
    }
  }
}
