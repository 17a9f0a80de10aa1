package io.tributary.simulator.zendesk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.api.Json;
import io.tributary.simulator.DataTable;
import io.tributary.simulator.Dataset;
import io.tributary.simulator.Endpoint;
import io.tributary.simulator.SimRequest;
import io.tributary.simulator.SimResponse;
import io.tributary.simulator.Simulator;
import io.tributary.simulator.TimeFormat;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The simulated incremental export endpoints: their paging (cursor and time-based), the minute
 * they withhold (or, as before October 2024, none), StartTimeTooRecent, and their own request
 * budget, which the testkit's single rate limit cannot express.
 */
final class ZendeskExportEndpoints {
  private final Dataset data;
  private final ZendeskSimulator.Config config;
  private final ArrayDeque<Long> recent = new ArrayDeque<>();
  private final AtomicInteger served = new AtomicInteger();

  private final Runnable beforeEachRequest;

  ZendeskExportEndpoints(Dataset data, ZendeskSimulator.Config config, Runnable beforeEachRequest) {
    this.data = data;
    this.config = config;
    this.beforeEachRequest = beforeEachRequest;
  }

  void declare(Simulator.Builder builder) {
    builder.endpoint(Endpoint.custom("/api/v2/incremental/tickets/cursor.json",
        r -> limited(r, () -> cursorExport(r, "tickets"))));
    builder.endpoint(Endpoint.custom("/api/v2/incremental/users/cursor.json",
        r -> limited(r, () -> cursorExport(r, "users"))));
    builder.endpoint(Endpoint.custom("/api/v2/incremental/organizations.json",
        r -> limited(r, () -> timeExport(r, "organizations", "organizations", "updated_at"))));
    builder.endpoint(Endpoint.custom("/api/v2/incremental/ticket_events.json",
        r -> limited(r, () -> timeExport(r, "ticket_events", "ticket_events", "created_at"))));
    builder.endpoint(Endpoint.custom("/api/v2/incremental/ticket_metric_events.json",
        r -> limited(r, () -> timeExport(r, "ticket_metric_events", "ticket_metric_events", "time"))));
  }

  int served() {
    return served.get();
  }

  /** The exports' own budget: at most {@code exportLimit} requests in any {@code exportWindow}. */
  private SimResponse limited(SimRequest request, java.util.function.Supplier<SimResponse> answer) {
    long now = System.nanoTime();
    long window = config.exportWindow().toNanos();
    synchronized (recent) {
      while (!recent.isEmpty() && now - recent.peekFirst() >= window) {
        recent.removeFirst();
      }
      if (recent.size() >= config.exportLimit()) {
        long wait = window - (now - recent.peekFirst());
        long seconds = Math.max(1, (wait + 999_999_999L) / 1_000_000_000L);
        return error(429, "APIRateLimitExceeded", "Number of allowed incremental export API requests "
            + "per minute exceeded").header("Retry-After", String.valueOf(seconds));
      }
      recent.addLast(now);
    }
    served.incrementAndGet();
    beforeEachRequest.run();
    return answer.get();
  }

  private SimResponse cursorExport(SimRequest request, String table) {
    Optional<SimResponse> bad = perPageProblem(request);
    if (bad.isPresent()) {
      return bad.get();
    }
    Instant cutoff = data.clock().instant().minus(config.withheld());
    Position from;
    if (request.param("cursor").isPresent()) {
      from = Position.decode(request.param("cursor").get());
      if (from == null) {
        return error(400, "InvalidCursor", "cursor is not one this export issued");
      }
    } else {
      Optional<SimResponse> problem = startTimeProblem(request);
      if (problem.isPresent()) {
        return problem.get();
      }
      from = new Position(Long.parseLong(request.param("start_time").get()), -1, false);
    }
    int perPage = perPage(request);
    List<ObjectNode> after = data.table(table).allRecords().stream()
        .filter(r -> !time(r, "updated_at").isAfter(cutoff))
        .filter(r -> from.before(epoch(r, "updated_at"), id(r)))
        .sorted(order("updated_at")).toList();
    List<ObjectNode> page = after.subList(0, Math.min(perPage, after.size()));
    boolean end = after.size() <= perPage;
    Position next = page.isEmpty() ? from.settled()
        : new Position(epoch(page.get(page.size() - 1), "updated_at"), id(page.get(page.size() - 1)), false);
    if (config.emptyPageBeforeEnd() && end && !page.isEmpty() && !from.emptyServed()) {
      // Zendesk may answer an empty page that is not the end; only end_of_stream says so.
      page = List.of();
      end = false;
      next = new Position(from.time(), from.id(), true);
    }
    ObjectNode body = Json.object();
    ArrayNode records = Json.MAPPER.createArrayNode();
    for (ObjectNode record : page) {
      ObjectNode copy = record.deepCopy();
      if (table.equals("tickets")) {
        copy.put("generated_timestamp", epoch(record, "updated_at"));
      }
      records.add(copy);
    }
    body.set(table, records);
    String token = next.encode();
    body.put("after_cursor", token);
    body.put("after_url", request.baseUrl() + request.path() + "?cursor=" + token);
    body.putNull("before_cursor");
    body.putNull("before_url");
    body.put("end_of_stream", end);
    return SimResponse.json(200, body);
  }

  private SimResponse timeExport(SimRequest request, String table, String key, String timeField) {
    Optional<SimResponse> problem = startTimeProblem(request).or(() -> perPageProblem(request));
    if (problem.isPresent()) {
      return problem.get();
    }
    long start = Long.parseLong(request.param("start_time").get());
    Instant cutoff = data.clock().instant().minus(config.withheld());
    int perPage = perPage(request);
    boolean comments = request.param("include").orElse("").contains("comment_events");
    List<ObjectNode> items = data.table(table).allRecords().stream()
        .filter(r -> epoch(r, timeField) >= start && !time(r, timeField).isAfter(cutoff))
        .sorted(order(timeField)).toList();
    List<ObjectNode> page = items.subList(0, Math.min(perPage, items.size()));
    long endTime = page.isEmpty() ? start : epoch(page.get(page.size() - 1), timeField);
    ArrayNode array = Json.MAPPER.createArrayNode();
    for (ObjectNode item : page) {
      array.add(table.equals("ticket_events") ? event(item, comments) : item);
    }
    ObjectNode body = Json.object();
    body.set(key, array);
    body.put("count", page.size());
    body.put("end_time", endTime);
    body.put("next_page", request.baseUrl() + request.path() + "?start_time=" + endTime
        + (comments ? "&include=comment_events" : ""));
    body.put("end_of_stream", items.size() <= perPage);
    return SimResponse.json(200, body);
  }

  /** Ticket events carry an epoch {@code timestamp}; without the side-load, comments are flags. */
  private static ObjectNode event(ObjectNode item, boolean comments) {
    ObjectNode event = item.deepCopy();
    event.put("timestamp", epoch(item, "created_at"));
    if (!comments) {
      ArrayNode children = Json.MAPPER.createArrayNode();
      for (JsonNode child : item.withArray("child_events")) {
        if (child.path("event_type").asText().equals("Comment")) {
          children.add(Json.object().put("id", child.get("id").asLong()).put("comment_present", true)
              .put("comment_public", child.path("public").asBoolean()));
        } else {
          children.add(child);
        }
      }
      event.set("child_events", children);
    }
    return event;
  }

  private Optional<SimResponse> startTimeProblem(SimRequest request) {
    Optional<String> value = request.param("start_time");
    if (value.isEmpty() || !value.get().matches("\\d+")) {
      return Optional.of(error(400, "InvalidValue", "start_time is required, in epoch seconds"));
    }
    long latest = data.clock().instant().minusSeconds(60).getEpochSecond();
    if (Long.parseLong(value.get()) > latest) {
      return Optional.of(error(400, "StartTimeTooRecent",
          "Too recent start_time. Use a start_time older than 1 minute"));
    }
    return Optional.empty();
  }

  private static Optional<SimResponse> perPageProblem(SimRequest request) {
    Optional<String> value = request.param("per_page");
    if (value.isPresent() && (!value.get().matches("\\d+") || Integer.parseInt(value.get()) < 1
        || Integer.parseInt(value.get()) > 1000)) {
      return Optional.of(error(400, "InvalidValue", "per_page must be between 1 and 1000"));
    }
    return Optional.empty();
  }

  private static int perPage(SimRequest request) {
    return request.param("per_page").map(Integer::parseInt).orElse(1000);
  }

  private static SimResponse error(int status, String code, String description) {
    return SimResponse.json(status, Json.object().put("error", code).put("description", description));
  }

  private static ArrayNode array(List<ObjectNode> records) {
    ArrayNode array = Json.MAPPER.createArrayNode();
    records.forEach(array::add);
    return array;
  }

  private static Comparator<ObjectNode> order(String field) {
    return Comparator.<ObjectNode>comparingLong(r -> epoch(r, field)).thenComparingLong(ZendeskExportEndpoints::id);
  }

  private static Instant time(ObjectNode record, String field) {
    return TimeFormat.parse(record.get(field)).orElse(Instant.EPOCH);
  }

  private static long epoch(ObjectNode record, String field) {
    return time(record, field).getEpochSecond();
  }

  private static long id(ObjectNode record) {
    return record.get("id").asLong();
  }

  /** A cursor export's keyset position: after (time, id); {@code emptyServed} marks the quirk page. */
  record Position(long time, long id, boolean emptyServed) {
    boolean before(long t, long i) {
      return t > time || (t == time && i > id);
    }

    Position settled() {
      return new Position(time, id, false);
    }

    String encode() {
      String raw = time + "|" + id + "|" + (emptyServed ? "e" : "");
      return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    static Position decode(String token) {
      try {
        String[] parts = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8).split("\\|", -1);
        return new Position(Long.parseLong(parts[0]), Long.parseLong(parts[1]), parts[2].equals("e"));
      } catch (IllegalArgumentException | ArrayIndexOutOfBoundsException e) {
        return null;
      }
    }
  }

}
