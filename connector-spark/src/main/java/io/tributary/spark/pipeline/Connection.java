package io.tributary.spark.pipeline;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A named, resolved connection: the connector's name and its connection options with every
 * {@code ${env:..}} and {@code ${file:..}} reference replaced. {@link #toString()} shows option
 * names only, because any value may be a secret.
 */
public record Connection(String name, String source, Map<String, String> options) {
  public Connection {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(source, "source");
    options = Map.copyOf(options);
  }

  @Override
  public String toString() {
    return "Connection[name=" + name + ", source=" + source + ", options="
        + new TreeMap<>(options).keySet() + "]";
  }
}
