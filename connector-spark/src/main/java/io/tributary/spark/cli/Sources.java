package io.tributary.spark.cli;

import io.tributary.api.ConnectorFactory;
import java.util.ServiceLoader;
import java.util.stream.Collectors;

/** Finds the connector named by {@code --source}, or says which ones exist. */
final class Sources {
  private Sources() {}

  static ConnectorFactory find(CommandLine line) {
    String name = line.optional("source").orElseThrow(() -> new UsageException(
        line.command(), "Missing option '--source': name a connector; available: " + available()));
    return ConnectorFactory.find(name);
  }

  static String available() {
    String names = ServiceLoader.load(ConnectorFactory.class, Thread.currentThread().getContextClassLoader())
        .stream()
        .map(p -> p.get().name())
        .sorted()
        .collect(Collectors.joining(", "));
    return names.isEmpty() ? "none" : names;
  }
}
