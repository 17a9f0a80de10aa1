package io.tributary.examples.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

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
import io.tributary.simulator.DemoSource;
import io.tributary.spark.pipeline.IngestionReport;
import io.tributary.spark.pipeline.TableReport;
import io.tributary.spark.pipeline.TableStatus;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoTest {
  @TempDir Path temp;

  /**
   * Freshservice tables of every kind the demo must carry through: cdc with deletes, plain cdc, a
   * snapshot, and a child table; and the two Freshdesk tables the sample query joins. All sources
   * and tables run in {@code bin/tributary demo}; the test keeps to these so that it takes
   * minutes, not a quarter of an hour, on two cores.
   */
  private static final Map<String, List<String>> TABLES = Map.of(
      "freshservice", List.of("tickets", "problems", "agents", "requested_items"),
      "freshdesk", List.of("tickets", "companies"));

  @Test
  void demoIngestsEverySourceChangesDataIngestsAgainAndEndsEqualToTheSources() {
    SparkSession spark = ExamplesSpark.spark();
    List<DemoSource> discovered = Demo.discover();
    assertThat(discovered).extracting(DemoSource::source).contains("freshservice", "freshdesk");
    List<DemoSource> sources = discovered.stream()
        .filter(s -> TABLES.containsKey(s.source()))
        .map(s -> limitedTo(s, TABLES.get(s.source())))
        .toList();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Path warehouse = Demo.prepare(temp.resolve("lakehouse"));
    try {
      DemoRun run = Demo.run(spark, warehouse, sources, new PrintStream(out, true, StandardCharsets.UTF_8),
          new PrintStream(err, true, StandardCharsets.UTF_8));
      String printed = out.toString(StandardCharsets.UTF_8);

      assertThat(run.failed()).as(err.toString(StandardCharsets.UTF_8)).isFalse();
      assertThat(printed).contains("Run 1: initial load", "Changing data in the simulators", "Run 2: incremental");
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
        assertLakehouseMatchesSource(spark, source);
      }
      assertChangesPerSource(spark, printed, run);
      assertSlowestTables(printed, run);
      assertSampleQueryAndItsCommand(spark, printed, warehouse);
      assertThat(Files.exists(warehouse.resolve("_demo/connections.json"))).isTrue();
    } finally {
      sources.forEach(DemoSource::close);
    }
  }

  /**
   * One line per source and run, whose counts are the sums of its tables' reports; what both runs
   * inserted less what they deleted is what the source's tables hold now.
   */
  private static void assertChangesPerSource(SparkSession spark, String printed, DemoRun run) {
    List<String> section = section(printed, "What each run changed");
    assertThat(section.get(0)).matches("  SOURCE +RUN +TABLES +INSERTED +UPDATED +DELETED +TIME");
    assertThat(section).hasSize(1 + 2 * run.sources().size());
    for (DemoRun.SourceRun source : run.sources()) {
      long[] net = new long[1];
      for (int runNumber = 1; runNumber <= 2; runNumber++) {
        IngestionReport report = runNumber == 1 ? source.first() : source.second();
        long inserted = report.tables().stream().mapToLong(TableReport::inserted).sum();
        long updated = report.tables().stream().mapToLong(TableReport::updated).sum();
        long deleted = report.tables().stream().mapToLong(TableReport::deleted).sum();
        Matcher line = find(section, "  " + source.source() + " +" + runNumber + " +" + source.tables().size()
            + " +" + inserted + " +" + updated + " +" + deleted + " +(\\d+\\.\\d) s");
        assertThat(Double.parseDouble(line.group(1))).as(source.source() + " run " + runNumber + " seconds")
            .isCloseTo(seconds(report.startedAt(), report.finishedAt()), within(0.051));
        net[0] += inserted - deleted;
      }
      long rows = source.second().tables().stream().mapToLong(t -> spark.table(t.destination()).count()).sum();
      assertThat(net[0]).as(source.source() + ": rows inserted less rows deleted over both runs").isEqualTo(rows);
    }
  }

  /** The five table runs that took longest, slowest first, with the time each took. */
  private static void assertSlowestTables(String printed, DemoRun run) {
    List<String> section = section(printed, "Slowest tables");
    assertThat(section.get(0)).matches("  TABLE +RUN +RECORDS +REQUESTS +TIME");
    Map<String, TableReport> byTableAndRun = new java.util.HashMap<>();
    for (DemoRun.SourceRun source : run.sources()) {
      source.first().tables().forEach(t -> byTableAndRun.put(t.destination() + " 1", t));
      source.second().tables().forEach(t -> byTableAndRun.put(t.destination() + " 2", t));
    }
    assertThat(section).hasSize(1 + 5);
    List<Double> times = new ArrayList<>();
    Set<String> listed = new java.util.HashSet<>();
    for (String row : section.subList(1, section.size())) {
      Matcher m = Pattern.compile("  (\\S+) +([12]) +(\\d+) +(\\d+) +(\\d+\\.\\d) s").matcher(row);
      assertThat(m.matches()).as(row).isTrue();
      TableReport table = byTableAndRun.get(m.group(1) + " " + m.group(2));
      assertThat(table).as(row).isNotNull();
      assertThat(listed.add(m.group(1) + " " + m.group(2))).as("listed once: " + row).isTrue();
      assertThat(Long.parseLong(m.group(3))).isEqualTo(table.records());
      assertThat(Long.parseLong(m.group(4))).isEqualTo(table.requests());
      double time = Double.parseDouble(m.group(5));
      assertThat(time).as(row).isCloseTo(seconds(table.startedAt(), table.finishedAt()), within(0.051));
      times.add(time);
    }
    assertThat(times).isSortedAccordingTo(java.util.Comparator.reverseOrder());
    double fastestListed = times.get(times.size() - 1);
    byTableAndRun.forEach((key, t) -> {
      if (!listed.contains(key)) {
        assertThat(seconds(t.startedAt(), t.finishedAt())).as(key + ", left out, is not slower than those listed")
            .isLessThanOrEqualTo(fastestListed + 0.051);
      }
    });
  }

  /**
   * A short query, one clause a line, over the Freshdesk tables; its printed result is what Spark
   * counts itself over the same tables; the closing command runs the same query.
   */
  private static void assertSampleQueryAndItsCommand(SparkSession spark, String printed, Path warehouse) {
    List<String> lines = printed.lines().toList();
    int heading = lines.indexOf("Sample query: open tickets per company (freshdesk)");
    assertThat(heading).as(printed).isNotNegative();
    List<String> clauses = new ArrayList<>();
    int blank = heading + 1;
    while (!lines.get(blank).isEmpty()) {
      assertThat(lines.get(blank)).startsWith("  ").hasSizeLessThanOrEqualTo(80);
      clauses.add(lines.get(blank).substring(2));
      blank++;
    }
    String query = String.join("\n", clauses);
    assertThat(query.length()).as(query).isLessThan(400);
    assertThat(clauses).hasSizeGreaterThanOrEqualTo(4);
    assertThat(query).contains("JOIN freshdesk.companies").doesNotContain("UNION");

    List<String> expected = openTicketsPerCompany(spark);
    List<String> table = new ArrayList<>();
    for (int i = blank + 1; !lines.get(i).isEmpty(); i++) {
      table.add(lines.get(i).strip());
    }
    assertThat(table.get(0)).matches("company +open_tickets");
    assertThat(table.subList(1, table.size()).stream().map(row -> row.replaceAll(" {2,}", "|")).toList())
        .isEqualTo(expected);

    Matcher command = Pattern.compile("(?m)^  bin/tributary sql --warehouse (\\S+) \"([^\"]+)\"$").matcher(printed);
    assertThat(command.find()).as(printed).isTrue();
    assertThat(command.group(1)).isEqualTo(warehouse.toString());
    assertThat(command.group(2)).isEqualTo(String.join(" ", clauses));
    assertThat(printed.strip()).endsWith(command.group());
    assertThat(spark.sql(command.group(2)).collectAsList().stream().map(r -> r.get(0) + "|" + r.get(1)).toList())
        .isEqualTo(expected);
  }

  /**
   * The five companies with most open (status 2), non-spam tickets, most first, ties by name:
   * counted with the DataFrame API, as "name|count".
   */
  private static List<String> openTicketsPerCompany(SparkSession spark) {
    Dataset<Row> tickets = spark.table("freshdesk.tickets");
    Dataset<Row> companies = spark.table("freshdesk.companies");
    List<Row> counts = tickets.filter(tickets.col("status").equalTo(2).and(tickets.col("spam").equalTo(false)))
        .join(companies, companies.col("id").equalTo(tickets.col("company_id")))
        .groupBy(companies.col("name"))
        .count()
        .collectAsList();
    assertThat(counts).as("open tickets with a company").isNotEmpty();
    return counts.stream()
        .sorted(java.util.Comparator.comparing((Row r) -> r.getLong(1)).reversed()
            .thenComparing(r -> r.getString(0)))
        .limit(5)
        .map(r -> r.getString(0) + "|" + r.getLong(1))
        .toList();
  }

  /** The table printed under {@code heading}: its lines up to the next blank line. */
  private static List<String> section(String printed, String heading) {
    List<String> lines = printed.lines().toList();
    int start = lines.indexOf(heading);
    assertThat(start).as("a section '" + heading + "' in:%n" + printed).isNotNegative();
    List<String> section = new ArrayList<>();
    for (int i = start + 1; i < lines.size() && !lines.get(i).isEmpty(); i++) {
      section.add(lines.get(i));
    }
    return section;
  }

  private static Matcher find(List<String> lines, String regex) {
    Pattern pattern = Pattern.compile(regex);
    for (String line : lines) {
      Matcher m = pattern.matcher(line);
      if (m.matches()) {
        return m;
      }
    }
    throw new AssertionError("No line matches " + regex + " in:\n" + String.join("\n", lines));
  }

  private static double seconds(Instant start, Instant end) {
    return Duration.between(start, end).toNanos() / 1e9;
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
