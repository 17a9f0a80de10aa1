package io.tributary.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.simulator.DemoSource;
import io.tributary.simulator.freshdesk.FreshdeskSimulator;
import io.tributary.simulator.freshservice.FreshserviceSimulator;
import io.tributary.simulator.zendesk.ZendeskSimulator;
import io.tributary.examples.demo.Demo;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every figure at tiny sizes: that each runs and yields a value, not what the value is. */
class BenchSmokeTest {

  @Test
  void measuresEveryFigureWithAFinitePositiveValueAndEveryTableOfEverySource(@TempDir Path work) {
    ByteArrayOutputStream progress = new ByteArrayOutputStream();
    Report report = Bench.measure(Sizes.tiny(), new LinkedHashSet<>(Bench.FIGURES), work, false,
        new PrintStream(progress, true, StandardCharsets.UTF_8));

    Set<String> figures = report.figures().stream().map(f -> f.id().split(" ")[0]).collect(Collectors.toSet());
    assertThat(figures).containsExactlyInAnyOrderElementsOf(Bench.FIGURES);
    assertThat(report.figures()).allSatisfy(f -> assertThat(f.value()).as(f.id()).isFinite().isPositive());
    assertThat(report.figures().stream().map(Figure::id)).contains("P3 tickets", "P3 fan-out");

    Map<String, Set<String>> p1Tables = report.requestCounts().orElseThrow().backfills().stream()
        .collect(Collectors.groupingBy(RequestCounts.Backfill::source,
            Collectors.mapping(RequestCounts.Backfill::table, Collectors.toSet())));
    assertThat(p1Tables.keySet()).containsExactlyInAnyOrder("freshservice", "freshdesk", "zendesk", "salesforce",
        "chargebee");
    assertThat(p1Tables.get("freshservice")).containsExactlyInAnyOrderElementsOf(FreshserviceSimulator.TABLES);
    assertThat(p1Tables.get("freshdesk")).containsExactlyInAnyOrderElementsOf(FreshdeskSimulator.TABLES);
    assertThat(p1Tables.get("zendesk")).containsExactlyInAnyOrderElementsOf(ZendeskSimulator.TABLES);
    for (DemoSource demo : Demo.discover()) {
      assertThat(p1Tables.get(demo.source())).as(demo.source()).containsAll(demo.tables());
    }
    assertThat(report.requestCounts().orElseThrow().backfills())
        .allSatisfy(b -> assertThat(b.minimum()).as(b.source() + "." + b.table()).isPositive());

    String table = report.table();
    for (String id : List.of("| P1 |", "| P2 |", "| P3 tickets |", "| P3 fan-out |", "| P4 |", "| P5 |", "| P6 |",
        "| P7 |")) {
      assertThat(table).contains(id);
    }
    assertThat(work.resolve("figures.md")).exists();
  }
}
