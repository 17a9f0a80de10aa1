package io.tributary.testkit;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.api.ConnectorFactory;
import io.tributary.simulator.Dataset;
import io.tributary.simulator.Simulator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;

/**
 * The suite over a toy connector with the defects in {@link #defects}, reading a {@link
 * ToySimulator} of its own data, which the update check changes; launched by {@link
 * ConformanceKitTest}, not by surefire (its name does not end in Test).
 */
class ToyConformanceSuite extends ConnectorConformanceTest {
  static volatile Set<ToyConnector.Defect> defects = Set.of();
  /** The tickets that may have notes, as a source would declare them in {@link #mayHaveChildren}. */
  static volatile Predicate<ObjectNode> ticketsWithNotes = ticket -> true;
  /** Whether the suite declares its simulator and how to update records; a source may not. */
  static volatile boolean declaresSimulator = true;
  private final Dataset data = ToyData.create();
  private final Simulator sim = ToySimulator.start(data);

  @AfterEach
  void stopSimulator() {
    sim.close();
  }

  @Override
  protected ConnectorFactory factory() {
    return ToyConnector.Factory.overHttp(data, defects);
  }

  @Override
  protected Map<String, String> connectionOptions() {
    return Map.of("base_url", sim.baseUrl(), "api_key", ToySimulator.API_KEY);
  }

  @Override
  protected Map<String, String> tableOptions(String table) {
    // one page per call, so the full read has many intermediate offsets to resume from
    return Map.of("per_page", "5", "max_pages_per_batch", "1", "lookback_seconds", "0");
  }

  @Override
  protected Optional<Set<List<String>>> expectedKeys(String table) {
    return Optional.of(ToyData.expectedKeys(data, table));
  }

  @Override
  protected boolean mayHaveChildren(String childTable, ObjectNode parent) {
    return ticketsWithNotes.test(parent);
  }

  @Override
  protected Optional<Simulator> simulator() {
    return declaresSimulator ? Optional.of(sim) : Optional.empty();
  }

  @Override
  protected Optional<Consumer<ObjectNode>> updateBetweenPages(String table) {
    return declaresSimulator ? ToySimulator.moveToEnd(data, table) : Optional.empty();
  }

  @Override
  protected int maxCallsToFixedPoint() {
    return 40;
  }

  /** Few, to keep the kit's many runs of this suite short; each request to the simulator costs. */
  @Override
  protected int maxResumePoints() {
    return 3;
  }
}
