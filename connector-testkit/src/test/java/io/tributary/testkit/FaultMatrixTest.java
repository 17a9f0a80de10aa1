package io.tributary.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.testkit.RestToyConnector.Defect;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** Runs the fault matrix against a connector on connector-http, with and without defects. */
class FaultMatrixTest {
  private static final String MATRIX = Checks.FAULT_MATRIX + "/";
  private static final String ENVELOPE = "body without the envelope";
  private static final Path REPORT = Path.of("target", "fault-matrix.md");

  private static Map<String, String> run(Set<String> scenarios, UnaryOperator<FaultTarget> target, Defect... defects) {
    RestToyConformanceSuite.scenarios = scenarios;
    RestToyConformanceSuite.target = target;
    RestToyConformanceSuite.defects = Set.of(defects);
    try {
      return SuiteOutcomes.of(RestToyConformanceSuite.class);
    } finally {
      RestToyConformanceSuite.scenarios = Set.of();
      RestToyConformanceSuite.target = UnaryOperator.identity();
      RestToyConformanceSuite.defects = Set.of();
    }
  }

  private static List<String> failed(Map<String, String> outcomes) {
    return outcomes.entrySet().stream().filter(e -> !e.getValue().equals("ok")).map(Map.Entry::getKey).toList();
  }

  @Test
  void aConnectorOnConnectorHttpPassesEveryScenarioAndGetsAReport() throws IOException {
    Map<String, String> outcomes = run(Set.of(), UnaryOperator.identity());

    assertThat(failed(outcomes)).isEmpty();
    assertThat(outcomes).containsKeys(MATRIX + "fault-free read of agents", MATRIX + "hung connection, once",
        MATRIX + "hung connection, persistent", MATRIX + ENVELOPE, MATRIX + "404", MATRIX + "report");
    assertThat(outcomes.keySet()).filteredOn(k -> k.startsWith(MATRIX)).hasSize(FaultMatrix.scenarios().size() + 2);
    assertThat(Files.readString(REPORT))
        .contains("| resttoy | 500, once | retried ok (1 retry, ")
        .contains("| resttoy | hung connection, persistent | Cannot GET /api/agents for table 'agents' from resttoy: "
            + "gave up after ");
  }

  @Test
  void failsAConnectorThatTakesABodyWithoutItsListForAnEmptyPage() {
    Map<String, String> outcomes = run(Set.of(ENVELOPE), UnaryOperator.identity(), Defect.EMPTY_PAGE_WITHOUT_ENVELOPE);

    assertThat(outcomes.get(MATRIX + ENVELOPE)).startsWith("Cannot accept a read of agents that ends without an "
        + "error under a persistent body without the envelope: it returned 0 records of ");
    assertThat(outcomes.get(MATRIX + "report")).contains("scenarios reported");
  }

  @Test
  void reportsADeclaredDefectInsteadOfFailingOnIt() throws IOException {
    Map<String, String> outcomes = run(Set.of(ENVELOPE), t -> t.knownDefect(ENVELOPE, "it reads path(\"\")"),
        Defect.EMPTY_PAGE_WITHOUT_ENVELOPE);

    assertThat(failed(outcomes)).isEmpty();
    assertThat(Files.readString(REPORT))
        .contains("| resttoy | " + ENVELOPE + " | KNOWN DEFECT (it reads path(\"\")): no error: the read returned 0 records |");
  }

  @Test
  void failsADeclaredDefectOnceItIsFixed() {
    Map<String, String> outcomes = run(Set.of(ENVELOPE), t -> t.knownDefect(ENVELOPE, "it reads path(\"\")"));

    assertThat(outcomes.get(MATRIX + ENVELOPE)).isEqualTo("Cannot keep 'body without the envelope' as a known "
        + "defect of resttoy: it passes now; remove it from the fault target");
  }

  @Test
  void failsAnErrorThatDoesNotNameTheTable() {
    Map<String, String> outcomes = run(Set.of("500, persistent"), UnaryOperator.identity(), Defect.PAGES_OUTSIDE_A_LISTING);

    assertThat(outcomes.get(MATRIX + "500, persistent")).contains("the error of a persistent 500")
        .contains("Cannot GET /api/agents from resttoy: gave up after 6 attempts").contains("'agents'");
  }

  @Test
  void acceptsADeclaredUnnamedTableWhenTheErrorNamesThePath() {
    Map<String, String> outcomes = run(Set.of("500, persistent"), t -> t.tableNotNamed("it pages by itself"),
        Defect.PAGES_OUTSIDE_A_LISTING);

    assertThat(failed(outcomes)).isEmpty();
  }
}
