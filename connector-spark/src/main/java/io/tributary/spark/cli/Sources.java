package io.tributary.spark.cli;

import io.tributary.api.ConnectorFactory;
import java.util.Iterator;
import java.util.List;
import java.util.ServiceLoader;

/** Finds the connector named by {@code --source}, or says which ones exist. */
final class Sources {
  private Sources() {}

  static ConnectorFactory find(CliOptions.Source source, String command) {
    if (source.name == null) {
      throw new UsageException(command, "Missing option '--source': name a connector; available: " + available());
    }
    return ConnectorFactory.find(source.name);
  }

  static String available() {
    List<String> names = names();
    return names.isEmpty() ? "none" : String.join(", ", names);
  }

  private static List<String> names() {
    return ServiceLoader.load(ConnectorFactory.class, Thread.currentThread().getContextClassLoader())
        .stream()
        .map(p -> p.get().name())
        .sorted()
        .toList();
  }

  /** The connector names, for {@code --source}'s help and shell completion. */
  static final class Names implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
      return names().iterator();
    }
  }
}
