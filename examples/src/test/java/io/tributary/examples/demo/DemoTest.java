package io.tributary.examples.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.api.Connector;
import io.tributary.api.ConnectorFactory;
import io.tributary.api.IngestionType;
import io.tributary.api.Offset;
import io.tributary.api.OptionValues;
import io.tributary.api.ReadResult;
import io.tributary.api.TableMetadata;
import io.tributary.examples.ExamplesSpark;
import io.tributary.spark.pipeline.TableReport;
import io.tributary.spark.pipeline.TableStatus;
import io.tributary.testkit.sim.DemoSource;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoTest {
  @TempDir Path temp;

  /**
   * Freshservice tables of every kind the demo must carry through: cdc with deletes, plain cdc, a
   * snapshot, and a child table. All sources and tables run in {@code bin/tributary demo}; the
   * test keeps to these so that it takes minutes, not a quarter of an hour, on two cores.
   */
  private static final List<String> TABLES = List.of("tickets", "problems", "agents", "requested_items");

  @Test
  void demoIngestsEverySourceChangesDataIngestsAgainAndEndsEqualToTheSources() {
    SparkSession spark = ExamplesSpark.spark();
    List<DemoSource> discovered = Demo.discover();
    assertThat(discovered).extracting(DemoSource::source).contains("freshservice");
    List<DemoSource> sources = discovered.stream()
        .filter(s -> s.source().equals("freshservice"))
        .map(s -> limitedTo(s, TABLES))
        .toList();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Path warehouse = Demo.prepare(temp.resolve("lakehouse"));
    try {
      DemoRun run = Demo.run(spark, warehouse, sources, new PrintStream(out, true, StandardCharsets.UTF_8),
          new PrintStream(err, true, StandardCharsets.UTF_8));
      String printed = out.toString(StandardCharsets.UTF_8);

      assertThat(run.failed()).as(err.toString(StandardCharsets.UTF_8)).isFalse();
      assertThat(printed).contains("Run 1: initial load", "Changing data in the simulators", "Run 2: incremental",
          "What changed per table", "Sample query: ");
      for (DemoRun.SourceRun source : run.sources()) {
        assertThat(source.first().tables()).extracting(TableReport::sourceTable)
            .containsExactlyInAnyOrderElementsOf(source.tables());
        assertThat(source.first().tables()).allSatisfy(t -> {
          assertThat(t.status()).isEqualTo(TableStatus.OK);
          assertThat(t.updated()).as(t.destination() + " updated on a first load").isZero();
          assertThat(t.deleted()).as(t.destination() + " deleted on a first load").isZero();
        });
        assertThat(source.first().tables().stream().mapToLong(TableReport::inserted).sum()).isPositive();
        assertThat(source.second().tables().stream()
            .mapToLong(t -> t.inserted() + t.updated() + t.deleted()).sum())
            .as("rows changed by run 2 after: " + source.mutation())
            .isPositive();
        assertThat(printed).contains("  " + source.source() + ": " + source.mutation());
        for (TableReport first : source.first().tables()) {
          TableReport second = source.second().table(first.sourceTable());
          assertThat(printed).containsPattern("(?m)^  " + first.destination().replace(".", "\\.")
              + " +ok +" + first.inserted() + " +" + first.updated() + " +" + first.deleted()
              + " +ok +" + second.inserted() + " +" + second.updated() + " +" + second.deleted() + "$");
          assertThat(printed).containsPattern("(?m)^  " + first.destination().replace(".", "\\.")
              + " +" + spark.table(first.destination()).count() + "$");
        }
        assertLakehouseMatchesSource(spark, source);
      }
      assertThat(Files.exists(warehouse.resolve("_demo/connections.json"))).isTrue();
    } finally {
      sources.forEach(DemoSource::close);
    }
  }

  @Test
  void demoWithoutSourcesSaysHowToGetThem() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();

    int code = Demo.execute(List.of(), temp.resolve("lakehouse"), false,
        new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));

    assertThat(code).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("error: Cannot run the demo: no source simulator"
        + " (DemoSource) is on the class path; build the sources with: mvn -B -DskipTests install\n");
    assertThat(temp.resolve("lakehouse")).doesNotExist();
  }

  @Test
  void demoRefusesADirectoryItDidNotCreate() throws Exception {
    Path mine = Files.createDirectories(temp.resolve("mine"));
    Files.writeString(mine.resolve("precious.txt"), "keep me");

    assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> Demo.prepare(mine)))
        .hasMessage("Cannot run the demo in " + mine
            + ": the directory is not empty and was not made by the demo; pass --warehouse NEW_DIR");
    assertThat(mine.resolve("precious.txt")).hasContent("keep me");
  }

  @Test
  void demoReplacesTheDirectoryOfAnEarlierDemo() throws Exception {
    Path dir = Demo.prepare(temp.resolve("again"));
    Files.writeString(dir.resolve("leftover.txt"), "old run");

    Demo.prepare(dir);

    assertThat(dir.resolve("leftover.txt")).doesNotExist();
    assertThat(dir.resolve(Demo.MARKER)).exists();
  }

  /** {@code source} ingesting only {@code tables}, which must be among its own. */
  private static DemoSource limitedTo(DemoSource source, List<String> tables) {
    assertThat(source.tables()).containsAll(tables);
    return new DemoSource() {
      @Override
      public String source() {
        return source.source();
      }

      @Override
      public Map<String, String> start() {
        return source.start();
      }

      @Override
      public List<String> tables() {
        return tables;
      }

      @Override
      public String mutate() {
        return source.mutate();
      }

      @Override
      public void close() {
        source.close();
      }
    };
  }

  /**
   * The lakehouse after run 2 holds what the source holds now, read afresh through the connector:
   * the same keys for snapshot and cdc_with_deletes tables (deletes applied), at least those keys
   * for cdc and append tables (which never learn of deletes).
   */
  private static void assertLakehouseMatchesSource(SparkSession spark, DemoRun.SourceRun source) {
    ConnectorFactory factory = ConnectorFactory.find(source.source());
    OptionValues tableOptions = factory.tableOptions().validate(Map.of());
    try (Connector connector = factory.create(source.connectionOptions())) {
      for (TableReport report : source.second().tables()) {
        TableMetadata metadata = connector.metadata(report.sourceTable(), tableOptions);
        Set<String> expected = sourceKeys(connector, report.sourceTable(), tableOptions, metadata.primaryKeys());
        Set<String> actual = spark.table(report.destination())
            .selectExpr(metadata.primaryKeys().toArray(String[]::new))
            .collectAsList().stream()
            .map(DemoTest::key)
            .collect(Collectors.toCollection(TreeSet::new));
        boolean deletesFlow = metadata.ingestionType() == IngestionType.SNAPSHOT
            || metadata.ingestionType() == IngestionType.CDC_WITH_DELETES
            || metadata.childOf().isPresent();
        if (deletesFlow) {
          assertThat(actual).as(report.destination() + " keys").isEqualTo(expected);
        } else {
          assertThat(actual).as(report.destination() + " keys").containsAll(expected);
        }
      }
    }
  }

  private static Set<String> sourceKeys(Connector connector, String table, OptionValues options, List<String> keys) {
    Set<String> result = new TreeSet<>();
    Offset offset = Offset.START;
    while (true) {
      ReadResult read = connector.read(table, offset, options);
      for (ObjectNode record : read.records()) {
        result.add(keys.stream().map(k -> text(record.get(k))).collect(Collectors.joining("|")));
      }
      if (read.caughtUp(offset)) {
        return result;
      }
      offset = read.endOffset();
    }
  }

  private static String text(JsonNode value) {
    return value == null || value.isNull() ? "null" : value.asText();
  }

  private static String key(Row row) {
    StringBuilder key = new StringBuilder();
    for (int i = 0; i < row.length(); i++) {
      key.append(i == 0 ? "" : "|").append(row.isNullAt(i) ? "null" : row.get(i).toString());
    }
    return key.toString();
  }
}
