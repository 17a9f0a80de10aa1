package io.tributary.simulator;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A path such as {@code /api/v2/tickets/{id}/requested_items}; {@code *} matches any path. */
record PathTemplate(String template, List<String> segments) {

  static PathTemplate parse(String template) {
    if (!template.equals(Faults.ANY_PATH) && !template.startsWith("/")) {
      throw new IllegalArgumentException("Cannot use path '" + template + "': it must start with /");
    }
    return new PathTemplate(template, split(template));
  }

  /** The path variables when {@code path} matches. */
  Optional<Map<String, String>> matches(String path) {
    if (template.equals(Faults.ANY_PATH)) {
      return Optional.of(Map.of());
    }
    List<String> actual = split(path);
    if (actual.size() != segments.size()) {
      return Optional.empty();
    }
    Map<String, String> vars = new LinkedHashMap<>();
    for (int i = 0; i < segments.size(); i++) {
      String expected = segments.get(i);
      if (expected.startsWith("{") && expected.endsWith("}")) {
        vars.put(expected.substring(1, expected.length() - 1), actual.get(i));
      } else if (!expected.equals(actual.get(i))) {
        return Optional.empty();
      }
    }
    return Optional.of(vars);
  }

  private static List<String> split(String path) {
    String trimmed = path.endsWith("/") && path.length() > 1 ? path.substring(0, path.length() - 1) : path;
    return List.of(trimmed.split("/", -1));
  }
}
