package io.tributary.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.examples.demo.Demo;
import io.tributary.simulator.DemoSource;
import io.tributary.simulator.freshdesk.FreshdeskSimulator;
import io.tributary.simulator.freshservice.FreshserviceSimulator;
import io.tributary.simulator.zendesk.ZendeskSimulator;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** P1 and P2 at tiny sizes: every table of every source is counted, each against a positive minimum. */
class RequestCountsSmokeTest {

  @Test
  void countsRequestsOfEveryTableOfEverySource(@TempDir Path work) {
    Report report = BenchSmokeTest.measure(List.of("P1", "P2"), work);

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
  }

}
