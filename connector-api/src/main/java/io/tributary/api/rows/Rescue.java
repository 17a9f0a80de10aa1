package io.tributary.api.rows;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.sql.types.DataType;

/**
 * Collects, for one record, the values that go to {@code _rescued_data}, keyed by their path
 * ({@code requester.phone}, {@code tags[2]}). Containers push a path segment before converting a
 * child and pop it after, so a path is only built as text when something is rescued.
 */
final class Rescue {
  /** Decides what happens to a value that does not fit: keep it in the map, or fail. */
  interface Policy {
    void misfit(String path, JsonNode value, DataType expected);
  }

  private final Policy policy;
  /** The path's segments, allocated on the first push: most records are flat and fit. */
  private String[] names;
  private int[] indexes;
  private int depth;
  private Map<String, JsonNode> rescued;

  Rescue(Policy policy) {
    this.policy = policy;
  }

  void pushName(String name) {
    grow();
    names[depth] = name;
    indexes[depth] = -1;
    depth++;
  }

  void pushIndex(int index) {
    grow();
    names[depth] = null;
    indexes[depth] = index;
    depth++;
  }

  void pop() {
    depth--;
  }

  /** Rescues {@code value}, found at the current path; {@code expected} is null for unknown fields. */
  void rescue(JsonNode value, DataType expected) {
    String path = path();
    policy.misfit(path, value, expected);
    if (rescued == null) {
      rescued = new LinkedHashMap<>();
    }
    rescued.put(path, value);
  }

  /** Rescues an unknown field {@code name} of the object at the current path. */
  void rescueUnknown(String name, JsonNode value) {
    pushName(name);
    rescue(value, null);
    pop();
  }

  /** What was rescued, in the order found; null when nothing was. */
  Map<String, JsonNode> rescued() {
    return rescued;
  }

  private String path() {
    StringBuilder path = new StringBuilder();
    for (int i = 0; i < depth; i++) {
      if (names[i] == null) {
        path.append('[').append(indexes[i]).append(']');
      } else {
        if (path.length() > 0) {
          path.append('.');
        }
        path.append(names[i]);
      }
    }
    return path.toString();
  }

  private void grow() {
    if (names == null) {
      names = new String[8];
      indexes = new int[8];
    } else if (depth == names.length) {
      names = java.util.Arrays.copyOf(names, depth * 2);
      indexes = java.util.Arrays.copyOf(indexes, depth * 2);
    }
  }
}
