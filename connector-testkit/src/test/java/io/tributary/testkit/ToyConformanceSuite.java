package io.tributary.testkit;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.api.ConnectorFactory;
import io.tributary.simulator.Dataset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The suite over a toy connector with the defects in {@link #defects}; launched by {@link
 * ConformanceKitTest}, not by surefire (its name does not end in Test).
 */
class ToyConformanceSuite extends ConnectorConformanceTest {
  static volatile Set<ToyConnector.Defect> defects = Set.of();
  /** The tickets that may have notes, as a source would declare them in {@link #mayHaveChildren}. */
  static volatile Predicate<ObjectNode> ticketsWithNotes = ticket -> true;
  private static final Dataset DATA = ToyData.create();

  @Override
  protected ConnectorFactory factory() {
    return new ToyConnector.Factory(DATA, defects);
  }

  @Override
  protected Map<String, String> connectionOptions() {
    return Map.of();
  }

  @Override
  protected Map<String, String> tableOptions(String table) {
    // one page per call, so the full read has many intermediate offsets to resume from
    return Map.of("per_page", "5", "max_pages_per_batch", "1", "lookback_seconds", "0");
  }

  @Override
  protected Optional<Set<List<String>>> expectedKeys(String table) {
    return Optional.of(ToyData.expectedKeys(DATA, table));
  }

  @Override
  protected boolean mayHaveChildren(String childTable, ObjectNode parent) {
    return ticketsWithNotes.test(parent);
  }

  @Override
  protected int maxCallsToFixedPoint() {
    return 40;
  }
}
