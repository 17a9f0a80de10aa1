package io.tributary.simulator;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Random;

/**
 * The seeded, deterministic data a simulator serves: named {@link DataTable}s sharing one
 * {@link SimClock} and one random source. The same seed and the same calls give the same records,
 * so tests can state exact expectations and the demo is reproducible.
 *
 * <pre>
 * Dataset data = Dataset.seeded(42, SimClock.at(Instant.parse("2024-06-01T00:00:00Z")));
 * DataTable tickets = data.table("tickets", TableLayout.standard().withDeletedFlag("deleted"));
 * tickets.seed(25, (id, random) -> Json.object().put("subject", "Ticket " + id));
 * </pre>
 */
public final class Dataset {
  private final SimClock clock;
  private final Random random;
  private final Map<String, DataTable> tables = new LinkedHashMap<>();

  private Dataset(long seed, SimClock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
    this.random = new Random(seed);
  }

  public static Dataset seeded(long seed, SimClock clock) {
    return new Dataset(seed, clock);
  }

  public SimClock clock() {
    return clock;
  }

  /** The shared seeded random; use it (not another one) for anything that shapes data. */
  public Random random() {
    return random;
  }

  /** Declares a table; fails if the name is taken. */
  public synchronized DataTable table(String name, TableLayout layout) {
    if (tables.containsKey(name)) {
      throw new IllegalArgumentException("Cannot declare table '" + name + "': it exists");
    }
    DataTable table = new DataTable(name, layout, clock, random);
    tables.put(name, table);
    return table;
  }

  /** A declared table. */
  public synchronized DataTable table(String name) {
    DataTable table = tables.get(name);
    if (table == null) {
      throw new IllegalArgumentException(
          "Cannot find table '" + name + "' in the dataset; declared: " + tables.keySet());
    }
    return table;
  }
}
