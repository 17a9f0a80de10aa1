package io.tributary.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Collections;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Where a table's read stands. Immutable, compared by value, and serialized as versioned JSON:
 *
 * <pre>{"version":1,"watermark":"2024-05-01T10:00:00Z","state":{"page":"3"}}</pre>
 *
 * <ul>
 *   <li>{@code watermark} is the cursor's high-water mark: every record with a cursor below it
 *       has been delivered. It never moves backwards; {@link #requireForward} enforces that.
 *       Null means nothing has been read yet (or the table has no cursor).
 *   <li>{@code state} is the connector's private position within a listing: a page number, the
 *       provider's own cursor, the filter value a listing started from. The framework stores it
 *       and hands it back, and never interprets it.
 * </ul>
 */
public record Offset(Instant watermark, Map<String, String> state) {
  /** The version written into every serialized offset. */
  public static final int VERSION = 1;

  /** The offset of a table from which nothing has been read. */
  public static final Offset START = new Offset(null, Map.of());

  /**
   * State keys that start with this carry what a connector remembers from one listing to the next
   * (which parents' children it has read, say), not a position within a listing: an offset whose
   * state holds nothing else is at a listing boundary ({@link #atListingBoundary}).
   */
  public static final String MEMO_PREFIX = "memo_";

  public Offset {
    Objects.requireNonNull(state, "state");
    for (Map.Entry<String, String> entry : state.entrySet()) {
      if (entry.getKey() == null || entry.getValue() == null) {
        throw new IllegalArgumentException("Offset state cannot hold nulls: " + state);
      }
    }
    state = Collections.unmodifiableMap(new TreeMap<>(state));
  }

  public static Offset at(Instant watermark) {
    return new Offset(watermark, Map.of());
  }

  public Optional<Instant> watermarkIfSet() {
    return Optional.ofNullable(watermark);
  }

  public Optional<String> get(String key) {
    return Optional.ofNullable(state.get(key));
  }

  /** A copy with {@code key} set; a null value removes the key. */
  public Offset with(String key, String value) {
    TreeMap<String, String> next = new TreeMap<>(state);
    if (value == null) {
      next.remove(key);
    } else {
      next.put(key, value);
    }
    return new Offset(watermark, next);
  }

  public Offset withWatermark(Instant next) {
    return new Offset(next, state);
  }

  /** A copy with the same watermark and no state: the position after a completed listing. */
  public Offset withoutState() {
    return new Offset(watermark, Map.of());
  }

  /**
   * True when this offset holds no position within a listing: its state is empty or holds only
   * {@link #MEMO_PREFIX} keys. The next read begins a listing.
   */
  public boolean atListingBoundary() {
    return state.keySet().stream().allMatch(key -> key.startsWith(MEMO_PREFIX));
  }

  public boolean isStart() {
    return watermark == null && state.isEmpty();
  }

  public String toJson() {
    ObjectNode node = Json.object();
    node.put("version", VERSION);
    if (watermark != null) {
      node.put("watermark", watermark.toString());
    }
    ObjectNode stateNode = node.putObject("state");
    state.forEach(stateNode::put);
    try {
      return Json.MAPPER.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new InternalException("Cannot serialize offset " + state, e);
    }
  }

  /**
   * Parses {@link #toJson()} output. Rejects other versions, unknown keys and malformed values
   * with a {@link UserException}, since a stored offset is something a user may have edited.
   */
  public static Offset fromJson(String json) {
    JsonNode node;
    try {
      node = Json.MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new UserException("Cannot read offset " + json + ": it is not JSON");
    }
    if (node == null || !node.isObject()) {
      throw new UserException("Cannot read offset " + json + ": it must be a JSON object");
    }
    int version = node.path("version").asInt(-1);
    if (version != VERSION) {
      throw new UserException(
          "Cannot read offset " + json + ": version " + node.path("version")
              + " is not supported; this build reads version " + VERSION);
    }
    for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!name.equals("version") && !name.equals("watermark") && !name.equals("state")) {
        throw new UserException("Cannot read offset " + json + ": unknown key '" + name + "'");
      }
    }
    Instant watermark = null;
    if (node.hasNonNull("watermark")) {
      try {
        watermark = Instant.parse(node.get("watermark").asText());
      } catch (DateTimeParseException e) {
        throw new UserException(
            "Cannot read offset " + json + ": watermark must be an ISO-8601 instant");
      }
    }
    TreeMap<String, String> state = new TreeMap<>();
    JsonNode stateNode = node.path("state");
    if (!stateNode.isMissingNode() && !stateNode.isObject()) {
      throw new UserException("Cannot read offset " + json + ": state must be a JSON object");
    }
    stateNode.fields().forEachRemaining(e -> state.put(e.getKey(), e.getValue().asText()));
    return new Offset(watermark, state);
  }

  /**
   * Checks that {@code next} does not move {@code previous}'s watermark backwards.
   *
   * @throws InternalException naming the table and both offsets, because a connector that moves
   *     backwards would re-deliver or, worse, skip records
   */
  public static void requireForward(String table, Offset previous, Offset next) {
    if (previous.watermark != null
        && (next.watermark == null || next.watermark.isBefore(previous.watermark))) {
      throw new InternalException(
          "Cannot accept offset for table '" + table + "': it moves backwards from "
              + previous.toJson() + " to " + next.toJson());
    }
  }

  @Override
  public String toString() {
    return toJson();
  }
}
