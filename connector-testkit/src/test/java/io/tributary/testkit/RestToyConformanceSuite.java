package io.tributary.testkit;

import io.tributary.api.ConnectorFactory;
import io.tributary.simulator.Simulator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;

/**
 * The suite over {@link RestToyConnector} with {@link #defects}, its fault target shaped by {@link
 * #target}; launched by {@link FaultMatrixTest}, not by surefire (its name does not end in Test).
 * The tables' own checks are left to {@link ToySimulatorConformanceTest}.
 */
class RestToyConformanceSuite extends ConnectorConformanceTest {
  static volatile Set<RestToyConnector.Defect> defects = Set.of();
  static volatile UnaryOperator<FaultTarget> target = UnaryOperator.identity();
  /** The scenarios to run; all by default. */
  static volatile Set<String> scenarios = Set.of();
  private final Simulator sim = ToySimulator.start(ToyData.create());

  @AfterEach
  void stop() {
    sim.close();
  }

  @Override
  protected ConnectorFactory factory() {
    return new RestToyConnector.Factory(defects);
  }

  @Override
  protected Map<String, String> connectionOptions() {
    return Map.of("base_url", sim.baseUrl(), "api_key", ToySimulator.API_KEY);
  }

  @Override
  protected List<String> tablesToCheck(List<String> listed) {
    return List.of();
  }

  @Override
  protected Optional<FaultTarget> faultTarget() {
    return Optional.of(target.apply(new FaultTarget(RestToyConnector.TABLE, "/api/agents", sim.faults())));
  }

  @Override
  boolean runsFaultScenario(String name) {
    return scenarios.isEmpty() || scenarios.contains(name);
  }
}
