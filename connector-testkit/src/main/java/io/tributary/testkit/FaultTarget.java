package io.tributary.testkit;

import io.tributary.simulator.Faults;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Where the fault matrix strikes: a representative table, the simulator path its listing requests
 * (a template such as {@code /api/v2/tickets} or {@code /services/data/{v}/query}), and the
 * simulator's fault queue.
 *
 * <pre>
 * protected Optional&lt;FaultTarget&gt; faultTarget() {
 *   return Optional.of(new FaultTarget("tickets", "/api/v2/tickets", SIM.server().faults()));
 * }
 * </pre>
 *
 * @param tableNotNamed empty when every error must name the table; otherwise why this source's
 *     errors do not yet: a known defect the matrix then reports above its table instead of failing on
 * @param knownDefects scenarios this source is known to fail, with why; see {@link #knownDefect}
 */
public record FaultTarget(
    String table, String path, Faults faults, Optional<String> tableNotNamed, Map<String, String> knownDefects) {
  public FaultTarget {
    Objects.requireNonNull(table, "table");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(faults, "faults");
    Objects.requireNonNull(tableNotNamed, "tableNotNamed");
    knownDefects = Map.copyOf(knownDefects);
  }

  public FaultTarget(String table, String path, Faults faults) {
    this(table, path, faults, Optional.empty(), Map.of());
  }

  /**
   * This target for a source whose errors do not name the table yet, and {@code why}: the matrix
   * then requires the request's path in the error instead, and reports the gap with its table.
   */
  public FaultTarget tableNotNamed(String why) {
    return new FaultTarget(table, path, faults, Optional.of(why), knownDefects);
  }

  /**
   * This target with the scenario {@code scenario} (a row name of the matrix, such as {@code "body
   * without the envelope"}) declared a known defect of the source, and {@code why}. The matrix
   * reports its outcome marked as such instead of failing on it, and fails once it passes, so the
   * declaration goes when the defect does.
   */
  public FaultTarget knownDefect(String scenario, String why) {
    Map<String, String> defects = new LinkedHashMap<>(knownDefects);
    defects.put(scenario, why);
    return new FaultTarget(table, path, faults, tableNotNamed, defects);
  }
}
