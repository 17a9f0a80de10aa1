package io.tributary.simulator.chargebee;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.api.Json;
import io.tributary.simulator.DataTable;
import io.tributary.simulator.SimRequest;
import io.tributary.simulator.SimResponse;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Serves one Chargebee list endpoint from a {@link DataTable}, as Chargebee's "List operations"
 * describe: {@code limit} 1..100 (default 10); {@code offset} = the previous {@code next_offset},
 * a keyset position {@code ["<sort value>","<id>"]}; {@code sort_by[asc|desc]}; timestamp filters
 * {@code [after]}, {@code [before]}, {@code [on]}, {@code [between]} in epoch seconds (records
 * lacking the field never match); {@code include_deleted}; {@code event_type[is|in]}. Without
 * {@code sort_by} a list is in creation order: ascending by {@code created_at}, as "List
 * operations" says of every list, except items and item prices, whose list docs say "sorted by the
 * date of creation in descending order"; by record number where the record has no {@code
 * created_at}.
 */
final class ChargebeeSimListing {
  static final String SEQ = "seq";
  private static final Set<String> NEWEST_FIRST = Set.of("items", "item_prices");

  private final ChargebeeSimulator sim;
  private final ChargebeeSimulator.SimTable table;

  ChargebeeSimListing(ChargebeeSimulator sim, ChargebeeSimulator.SimTable table) {
    this.sim = sim;
    this.table = table;
  }

  SimResponse handle(SimRequest request) {
    Optional<SimResponse> refused = sim.refusal(table);
    if (refused.isPresent()) {
      return refused.get();
    }
    Map<String, String> q = request.query();
    int limit;
    try {
      limit = Integer.parseInt(q.getOrDefault("limit", "10"));
    } catch (NumberFormatException e) {
      return sim.badRequest("limit", "limit must be an integer");
    }
    if (limit < 1 || limit > 100) {
      return sim.badRequest("limit", "limit : The value " + limit + " is invalid. It should be between 1 and 100");
    }
    String sortField = null;
    boolean descending = false;
    for (String direction : List.of("asc", "desc")) {
      String field = q.get("sort_by[" + direction + "]");
      if (field != null) {
        if (!table.sortable().contains(field)) {
          return sim.badRequest("sort_by", "sort_by : Sorting is not supported on " + field);
        }
        sortField = field;
        descending = direction.equals("desc");
      }
    }
    if (sortField == null) {
      // A record without created_at (an invoice has date) keeps its record number's order.
      sortField = "created_at".equals(table.data().layout().createdField()) ? "created_at" : null;
      descending = NEWEST_FIRST.contains(table.name());
    }
    List<Predicate<ObjectNode>> tests = new ArrayList<>();
    for (Map.Entry<String, String> param : q.entrySet()) {
      Optional<Predicate<ObjectNode>> test = filter(param.getKey(), param.getValue());
      if (test == null) {
        return sim.badRequest(param.getKey(), param.getKey() + " : invalid filter value " + param.getValue());
      }
      test.ifPresent(tests::add);
    }
    boolean includeDeleted = "true".equals(q.get("include_deleted"));
    List<ObjectNode> records = new ArrayList<>();
    for (ObjectNode raw : table.data().allRecords()) {
      ObjectNode record = sim.served(table, raw);
      if (raw.path("deleted").asBoolean(false) && !includeDeleted) {
        continue;
      }
      if (pathMatches(record, raw, request) && tests.stream().allMatch(t -> t.test(record))) {
        records.add(record);
      }
    }
    String key = sortField;
    Comparator<ObjectNode> order = Comparator.comparing((ObjectNode r) -> sortValue(r, key),
        Comparator.nullsFirst(Comparator.naturalOrder()));
    order = (descending ? order.reversed() : order).thenComparingLong(r -> r.path(SEQ).asLong());
    records.sort(order);
    int from = 0;
    if (q.containsKey("offset")) {
      ObjectNode position = position(q.get("offset"), key);
      if (position == null) {
        return sim.badRequest("offset", "offset : invalid offset " + q.get("offset"));
      }
      while (from < records.size() && order.compare(records.get(from), position) <= 0) {
        from++;
      }
    }
    List<ObjectNode> page = records.subList(from, Math.min(records.size(), from + limit));
    ObjectNode body = Json.object();
    ArrayNode list = body.putArray("list");
    for (ObjectNode record : page) {
      ObjectNode copy = record.deepCopy();
      copy.remove(SEQ);
      table.hiddenFields().forEach(copy::remove);
      list.addObject().set(table.entity(), copy);
    }
    if (from + limit < records.size()) {
      ObjectNode last = page.get(page.size() - 1);
      Long value = sortValue(last, key);
      body.put("next_offset", "[\"" + (value == null ? "" : value) + "\",\"" + last.path(SEQ).asLong() + "\"]");
    }
    sim.pageServed(table);
    return SimResponse.json(200, body);
  }

  private boolean pathMatches(ObjectNode record, ObjectNode raw, SimRequest request) {
    String parentId = request.pathVars().get("id");
    return parentId == null || parentId.equals(raw.path(table.parentField()).asText());
  }

  /** The sort key: epoch millis of a timestamp field, or the record number for the default order. */
  private static Long sortValue(ObjectNode record, String field) {
    if (field == null) {
      return record.path(SEQ).asLong();
    }
    JsonNode value = record.get(field);
    return value == null || value.isNull() ? null : value.asLong() * 1000;
  }

  private static ObjectNode position(String offset, String field) {
    try {
      JsonNode parsed = Json.MAPPER.readTree(offset);
      ObjectNode probe = Json.object();
      String value = parsed.get(0).asText();
      probe.put(SEQ, Long.parseLong(parsed.get(1).asText()));
      if (field != null && !value.isEmpty()) {
        probe.put(field, Long.parseLong(value) / 1000);
      }
      return probe;
    } catch (Exception e) {
      return null;
    }
  }

  /** The predicate of a filter parameter, empty for a non-filter parameter, null when malformed. */
  private Optional<Predicate<ObjectNode>> filter(String param, String value) {
    if (param.equals("event_type[is]")) {
      return Optional.of(r -> value.equals(r.path("event_type").asText()));
    }
    if (param.equals("event_type[in]")) {
      Set<String> types = Set.copyOf(strings(value));
      return Optional.of(r -> types.contains(r.path("event_type").asText()));
    }
    int bracket = param.indexOf('[');
    if (bracket < 0 || !param.endsWith("]") || param.startsWith("sort_by")) {
      return Optional.empty();
    }
    String field = param.substring(0, bracket);
    String operator = param.substring(bracket + 1, param.length() - 1);
    if (!table.timestampFilters().contains(field)) {
      return null;
    }
    try {
      return Optional.of(switch (operator) {
        case "after" -> at(field, t -> t > Long.parseLong(value));
        case "before" -> at(field, t -> t < Long.parseLong(value));
        case "on" -> {
          long day = Instant.ofEpochSecond(Long.parseLong(value)).atZone(ZoneOffset.UTC).toLocalDate().toEpochDay();
          yield at(field, t -> Instant.ofEpochSecond(t).atZone(ZoneOffset.UTC).toLocalDate().toEpochDay() == day);
        }
        case "between" -> {
          List<String> bounds = strings(value);
          long low = Long.parseLong(bounds.get(0));
          long high = Long.parseLong(bounds.get(1));
          yield at(field, t -> t >= low && t <= high);
        }
        default -> throw new IllegalArgumentException(operator);
      });
    } catch (RuntimeException e) {
      return null;
    }
  }

  private static Predicate<ObjectNode> at(String field, java.util.function.LongPredicate test) {
    return r -> r.hasNonNull(field) && test.test(r.get(field).asLong());
  }

  private static List<String> strings(String jsonArray) {
    try {
      List<String> values = new ArrayList<>();
      Json.MAPPER.readTree(jsonArray).forEach(v -> values.add(v.asText()));
      return values;
    } catch (Exception e) {
      throw new IllegalArgumentException(jsonArray, e);
    }
  }
}
