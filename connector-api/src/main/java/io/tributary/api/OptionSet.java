package io.tributary.api;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * An ordered set of {@link OptionDef}s: the options a connection or a table accepts. Validation
 * reports every problem at once in a {@link UserException}, one message per option.
 */
public final class OptionSet implements Serializable {
  private final Map<String, OptionDef> byName;

  private OptionSet(Map<String, OptionDef> byName) {
    this.byName = byName;
  }

  public static OptionSet of(OptionDef... definitions) {
    return of(List.of(definitions));
  }

  public static OptionSet of(Collection<OptionDef> definitions) {
    LinkedHashMap<String, OptionDef> map = new LinkedHashMap<>();
    for (OptionDef def : definitions) {
      if (map.put(def.name(), def) != null) {
        throw new IllegalArgumentException("option '" + def.name() + "' is declared twice");
      }
    }
    return new OptionSet(map);
  }

  /** This set plus {@code more}; a definition in {@code more} replaces one of the same name. */
  public OptionSet plus(OptionSet more) {
    LinkedHashMap<String, OptionDef> map = new LinkedHashMap<>(byName);
    map.putAll(more.byName);
    return new OptionSet(map);
  }

  /** This set plus {@code more}; a definition in {@code more} replaces one of the same name. */
  public OptionSet plus(OptionDef... more) {
    return plus(of(more));
  }

  public List<OptionDef> definitions() {
    return List.copyOf(byName.values());
  }

  public Optional<OptionDef> find(String name) {
    return Optional.ofNullable(byName.get(name));
  }

  public Set<String> names() {
    return byName.keySet();
  }

  /**
   * Validates {@code raw}: every value parses and is in range, every required option is present,
   * and no option is unknown. Defaults fill in what is absent.
   *
   * @throws UserException listing every problem, each naming the option
   */
  public OptionValues validate(Map<String, String> raw) {
    return validate(raw, true);
  }

  /**
   * As {@link #validate}, but required options may be missing: for listing tables, schemas and
   * docs without credentials.
   */
  public OptionValues validateForDescription(Map<String, String> raw) {
    return validate(raw, false);
  }

  private OptionValues validate(Map<String, String> raw, boolean requireAll) {
    List<OptionProblem> problems = new ArrayList<>();
    Map<String, String> known = new TreeMap<>();
    for (Map.Entry<String, String> entry : new TreeMap<>(raw).entrySet()) {
      if (byName.containsKey(entry.getKey())) {
        known.put(entry.getKey(), entry.getValue());
      } else {
        problems.add(new OptionProblem(entry.getKey(), OptionProblem.Kind.UNKNOWN,
            unknownOption(entry.getKey(), byName.keySet())));
      }
    }
    OptionValues values = accept(known, "", problems);
    List<String> refused = problems.stream()
        .filter(p -> requireAll || p.kind() != OptionProblem.Kind.MISSING)
        .map(OptionProblem::message)
        .toList();
    if (!refused.isEmpty()) {
      throw new UserException(refused);
    }
    return values;
  }

  /**
   * The values of {@code raw} that pass their definition's checks, with defaults filled in for the
   * rest, refused values included; adds a problem for each value refused and each required option
   * absent. Every name of {@code raw} must be declared here.
   *
   * @param where added to each message, such as " (table 'tickets')"
   */
  OptionValues accept(Map<String, String> raw, String where, List<OptionProblem> problems) {
    TreeMap<String, String> values = new TreeMap<>();
    for (OptionDef def : byName.values()) {
      String value = raw.get(def.name());
      boolean absent = value == null || (value.isBlank() && def.type() != OptionType.STRING);
      Optional<String> refusal = absent ? Optional.empty() : def.check(value);
      if (absent && def.isRequired()) {
        problems.add(new OptionProblem(def.name(), OptionProblem.Kind.MISSING,
            "Missing option '" + def.name() + "': " + firstSentence(def.doc()) + where));
      }
      refusal.ifPresent(message ->
          problems.add(new OptionProblem(def.name(), OptionProblem.Kind.INVALID, message + where)));
      if (!absent && refusal.isEmpty()) {
        values.put(def.name(), value);
      } else if (def.defaultValue() != null) {
        values.put(def.name(), def.defaultValue());
      }
    }
    return new OptionValues(this, values);
  }

  /** "Unknown option 'x'; did you mean 'y'?" with the closest valid name. */
  public static String unknownOption(String name, Collection<String> valid) {
    String closest = null;
    int best = Integer.MAX_VALUE;
    for (String candidate : valid) {
      int distance = editDistance(name.toLowerCase(), candidate.toLowerCase());
      if (distance < best) {
        best = distance;
        closest = candidate;
      }
    }
    boolean close = closest != null && best <= Math.max(2, name.length() / 2);
    return "Unknown option '" + name + "'" + (close ? "; did you mean '" + closest + "'? " : ". ")
        + "Valid options: " + String.join(", ", new TreeSet<>(valid));
  }

  private static String firstSentence(String doc) {
    if (doc.isBlank()) {
      return "it is required";
    }
    int dot = doc.indexOf(". ");
    return "it is required (" + (dot > 0 ? doc.substring(0, dot + 1) : doc) + ")";
  }

  static int editDistance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }
}
