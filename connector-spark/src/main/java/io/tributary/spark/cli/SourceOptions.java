package io.tributary.spark.cli;

import io.tributary.api.ConnectorFactory;
import io.tributary.api.OptionSet;
import io.tributary.api.UserException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The {@code --option k=v} pairs of {@code tables} and {@code read}, split into the factory's
 * connection options and table options by their declared names. A name in neither set is refused
 * with the closest valid name, before anything connects.
 */
record SourceOptions(Map<String, String> connection, Map<String, String> table) {

  static SourceOptions split(ConnectorFactory factory, Map<String, String> raw) {
    OptionSet connectionSet = factory.connectionOptions();
    OptionSet tableSet = factory.tableOptions();
    Map<String, String> connection = new LinkedHashMap<>();
    Map<String, String> table = new LinkedHashMap<>();
    List<String> problems = new ArrayList<>();
    for (Map.Entry<String, String> entry : raw.entrySet()) {
      String name = entry.getKey();
      if (connectionSet.find(name).isPresent()) {
        connection.put(name, entry.getValue());
      } else if (tableSet.find(name).isPresent()) {
        table.put(name, entry.getValue());
      } else {
        TreeSet<String> valid = new TreeSet<>(connectionSet.names());
        valid.addAll(tableSet.names());
        problems.add(OptionSet.unknownOption(name, valid) + " (source '" + factory.name() + "')");
      }
    }
    if (!problems.isEmpty()) {
      throw new UserException(problems);
    }
    return new SourceOptions(Map.copyOf(connection), Map.copyOf(table));
  }
}
