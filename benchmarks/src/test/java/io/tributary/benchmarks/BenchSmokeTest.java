package io.tributary.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every figure that runs Spark (P3 to P7) at tiny sizes: that each runs and yields a value, not
 * what the value is. The request counts (P1, P2), which need no Spark, are {@link
 * RequestCountsSmokeTest}, which Maven runs beside this one in a JVM of its own.
 */
class BenchSmokeTest {

  @Test
  void measuresEveryFigureThatRunsSparkWithAFinitePositiveValue(@TempDir Path work) {
    Report report = measure(List.of("P3", "P4", "P5", "P6", "P7"), work);

    assertThat(report.figures().stream().map(Figure::id)).contains("P3 tickets", "P3 fan-out");
  }

  /** Measures {@code figures} at tiny sizes and checks what holds for every figure. */
  static Report measure(List<String> figures, Path work) {
    ByteArrayOutputStream progress = new ByteArrayOutputStream();
    Report report = Bench.measure(Sizes.tiny(), new LinkedHashSet<>(figures), work, false,
        new PrintStream(progress, true, StandardCharsets.UTF_8));

    Set<String> measured = report.figures().stream().map(f -> f.id().split(" ")[0]).collect(Collectors.toSet());
    assertThat(measured).containsExactlyInAnyOrderElementsOf(figures);
    assertThat(report.figures()).allSatisfy(f -> assertThat(f.value()).as(f.id()).isFinite().isPositive());
    for (String id : figures) {
      assertThat(report.table()).contains(id.equals("P3") ? "| P3 tickets |" : "| " + id + " |");
    }
    assertThat(work.resolve("figures.md")).exists();
    return report;
  }
}
