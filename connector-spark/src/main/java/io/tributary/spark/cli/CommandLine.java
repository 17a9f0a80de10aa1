package io.tributary.spark.cli;

import io.tributary.api.OptionSet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The parsed arguments of one command: {@code --name value} (or {@code --name=value}) flags,
 * repeatable flags such as {@code --option k=v}, and positional arguments. Flags a command does not
 * declare are refused, naming the closest valid one, so a typo never silently changes a run.
 */
final class CommandLine {
  private final String command;
  private final Map<String, List<String>> flags;
  private final List<String> positionals;

  private CommandLine(String command, Map<String, List<String>> flags, List<String> positionals) {
    this.command = command;
    this.flags = flags;
    this.positionals = positionals;
  }

  /**
   * Parses {@code args} (the command name already removed) against the flags the command takes.
   *
   * @throws UsageException for an unknown flag, a flag without a value, or a single-valued flag
   *     given twice
   */
  static CommandLine parse(String command, List<String> args, Set<String> single, Set<String> repeatable) {
    Map<String, List<String>> flags = new LinkedHashMap<>();
    List<String> positionals = new ArrayList<>();
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if (!arg.startsWith("--") || arg.equals("--")) {
        positionals.add(arg);
        continue;
      }
      String name = arg.substring(2);
      String value = null;
      int eq = name.indexOf('=');
      if (eq >= 0) {
        value = name.substring(eq + 1);
        name = name.substring(0, eq);
      }
      if (!single.contains(name) && !repeatable.contains(name)) {
        Set<String> valid = new TreeSet<>();
        single.forEach(s -> valid.add("--" + s));
        repeatable.forEach(s -> valid.add("--" + s));
        throw new UsageException(command, OptionSet.unknownOption("--" + name, valid));
      }
      if (value == null) {
        if (i + 1 >= args.size() || args.get(i + 1).startsWith("--")) {
          throw new UsageException(command, "Missing value for '--" + name + "'");
        }
        value = args.get(++i);
      }
      List<String> values = flags.computeIfAbsent(name, n -> new ArrayList<>());
      if (single.contains(name) && !values.isEmpty()) {
        throw new UsageException(command, "Option '--" + name + "' is given twice");
      }
      values.add(value);
    }
    return new CommandLine(command, flags, List.copyOf(positionals));
  }

  String command() {
    return command;
  }

  Optional<String> optional(String name) {
    List<String> values = flags.get(name);
    return values == null ? Optional.empty() : Optional.of(values.get(0));
  }

  String required(String name, String what) {
    return optional(name).orElseThrow(() -> new UsageException(command, "Missing option '--" + name + "': " + what));
  }

  List<String> repeated(String name) {
    return List.copyOf(flags.getOrDefault(name, List.of()));
  }

  List<String> positionals() {
    return positionals;
  }

  /** The {@code --option k=v} pairs as a map; a key given twice keeps the last value. */
  Map<String, String> keyValues(String name) {
    Map<String, String> result = new LinkedHashMap<>();
    for (String pair : repeated(name)) {
      int eq = pair.indexOf('=');
      if (eq <= 0) {
        throw new UsageException(command, "Invalid value '" + pair + "' for '--" + name + "': expected key=value");
      }
      result.put(pair.substring(0, eq).trim(), pair.substring(eq + 1));
    }
    return result;
  }

  /** A positive whole number, or {@code fallback} when the flag is absent. */
  int positiveInt(String name, int fallback) {
    Optional<String> raw = optional(name);
    if (raw.isEmpty()) {
      return fallback;
    }
    try {
      int value = Integer.parseInt(raw.get().trim());
      if (value > 0) {
        return value;
      }
    } catch (NumberFormatException e) {
      // Reported below with the offending value.
    }
    throw new UsageException(command, "Invalid value '" + raw.get() + "' for '--" + name + "': must be a positive whole number");
  }
}
