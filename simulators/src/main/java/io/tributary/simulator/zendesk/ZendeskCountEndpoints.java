package io.tributary.simulator.zendesk;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.api.Json;
import io.tributary.simulator.Dataset;
import io.tributary.simulator.Endpoint;
import io.tributary.simulator.SimResponse;
import io.tributary.simulator.Simulator;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The count endpoints, {@code {"count": {"value": n, "refreshed_at": "..."}}}. Up to {@code
 * countCachedAbove} records a count is live. Above it Zendesk caches the count for a day; the
 * first request that finds no fresh cache answers the threshold itself with {@code refreshed_at:
 * null} while the refresh runs, and later requests get the refreshed value and its time.
 *
 * <p>What each counts (VENDOR_NOTES.md, "Counts"): tickets without the deleted ones, which Zendesk
 * lists apart under {@code /deleted_tickets}, and with archived ones, which only the ticket list
 * leaves out (the simulator has no archived state: every ticket it keeps counts); users without
 * deleted users, which {@code /deleted_users/count} counts apart; organizations without deleted
 * ones; every satisfaction rating, ticket field (system and custom), view and tag.
 */
final class ZendeskCountEndpoints {
  private static final Duration CACHED_FOR = Duration.ofHours(24);

  private final Dataset data;
  private final long cachedAbove;
  private final Map<String, Cached> cache = new HashMap<>();

  private record Cached(long value, Instant refreshedAt) {}

  ZendeskCountEndpoints(Dataset data, long cachedAbove) {
    this.data = data;
    this.cachedAbove = cachedAbove;
  }

  void declare(Simulator.Builder builder) {
    count(builder, "/api/v2/tickets/count", "tickets", t -> !"deleted".equals(t.path("status").asText()));
    count(builder, "/api/v2/users/count", "users", u -> u.path("active").asBoolean(true));
    count(builder, "/api/v2/organizations/count", "organizations", o -> !o.hasNonNull("deleted_at"));
    count(builder, "/api/v2/satisfaction_ratings/count", "satisfaction_ratings", r -> true);
    count(builder, "/api/v2/ticket_fields/count", "ticket_fields", f -> true);
    count(builder, "/api/v2/views/count", "views", v -> true);
    count(builder, "/api/v2/tags/count", "tags", t -> true);
  }

  private void count(Simulator.Builder builder, String path, String table, Predicate<ObjectNode> counted) {
    builder.endpoint(Endpoint.custom(path, request -> answer(path, data.table(table).select(counted).size())));
  }

  private synchronized SimResponse answer(String path, long live) {
    Instant now = data.clock().instant();
    if (live <= cachedAbove) {
      return body(live, now.toString());
    }
    Cached cached = cache.get(path);
    if (cached == null || !cached.refreshedAt().plus(CACHED_FOR).isAfter(now)) {
      cache.put(path, new Cached(live, now));
      return body(cachedAbove, null);
    }
    return body(cached.value(), cached.refreshedAt().toString());
  }

  private static SimResponse body(long value, String refreshedAt) {
    ObjectNode count = Json.object().put("value", value);
    if (refreshedAt == null) {
      count.putNull("refreshed_at");
    } else {
      count.put("refreshed_at", refreshedAt);
    }
    ObjectNode body = Json.object();
    body.set("count", count);
    return SimResponse.json(200, body);
  }
}
