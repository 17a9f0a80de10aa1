package io.tributary.spark;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.api.InternalException;
import io.tributary.api.Json;
import io.tributary.api.Offset;
import io.tributary.api.UserException;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;

/**
 * The position of a {@code tributary} stream, as Spark stores it in the checkpoint's offset log: a
 * versioned JSON object holding one connector {@link Offset} per feed.
 *
 * <pre>{"version":1,"records":{"version":1,"watermark":"...","state":{}},"deletes":{...}}</pre>
 */
final class TributaryStreamOffset extends org.apache.spark.sql.connector.read.streaming.Offset {
  static final int VERSION = 1;

  private final Map<Feed, Offset> offsets;

  TributaryStreamOffset(Map<Feed, Offset> offsets) {
    EnumMap<Feed, Offset> copy = new EnumMap<>(Feed.class);
    copy.putAll(offsets);
    this.offsets = Collections.unmodifiableMap(copy);
  }

  static TributaryStreamOffset start(Iterable<Feed> feeds) {
    EnumMap<Feed, Offset> offsets = new EnumMap<>(Feed.class);
    feeds.forEach(feed -> offsets.put(feed, Offset.START));
    return new TributaryStreamOffset(offsets);
  }

  Map<Feed, Offset> offsets() {
    return offsets;
  }

  Offset get(Feed feed) {
    Offset offset = offsets.get(feed);
    if (offset == null) {
      throw new InternalException("Cannot find the " + feed.key() + " offset in " + json());
    }
    return offset;
  }

  @Override
  public String json() {
    ObjectNode node = Json.object();
    node.put("version", VERSION);
    try {
      for (Map.Entry<Feed, Offset> entry : offsets.entrySet()) {
        node.set(entry.getKey().key(), Json.MAPPER.readTree(entry.getValue().toJson()));
      }
      return Json.MAPPER.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new InternalException("Cannot serialize stream offset " + offsets, e);
    }
  }

  /**
   * Parses {@link #json()} output from a checkpoint.
   *
   * @throws UserException when the JSON is not a stream offset of a version this build reads
   */
  static TributaryStreamOffset fromJson(String json) {
    JsonNode node;
    try {
      node = Json.MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new UserException("Cannot read stream offset " + json + ": it is not JSON");
    }
    if (node == null || !node.isObject()) {
      throw new UserException("Cannot read stream offset " + json + ": it must be a JSON object");
    }
    if (node.path("version").asInt(-1) != VERSION) {
      throw new UserException("Cannot read stream offset " + json + ": version "
          + node.path("version") + " is not supported; this build reads version " + VERSION);
    }
    EnumMap<Feed, Offset> offsets = new EnumMap<>(Feed.class);
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      if (field.getKey().equals("version")) {
        continue;
      }
      Feed feed = null;
      for (Feed candidate : Feed.values()) {
        if (candidate.key().equals(field.getKey())) {
          feed = candidate;
        }
      }
      if (feed == null) {
        throw new UserException("Cannot read stream offset " + json + ": unknown key '" + field.getKey() + "'");
      }
      offsets.put(feed, Offset.fromJson(field.getValue().toString()));
    }
    return new TributaryStreamOffset(offsets);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof TributaryStreamOffset o && offsets.equals(o.offsets);
  }

  @Override
  public int hashCode() {
    return Objects.hash(offsets);
  }
}
