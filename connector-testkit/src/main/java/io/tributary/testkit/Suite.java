package io.tributary.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.api.Connector;
import io.tributary.api.Offset;
import io.tributary.api.OptionValues;
import io.tributary.api.UserException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.function.Executable;
import org.opentest4j.TestAbortedException;

/** The connector-level checks, and the assembly of each table's checks. */
final class Suite {
  static final String UNKNOWN = "no_such_table_for_conformance";

  private final ConnectorConformanceTest test;
  private final Connector connector;
  /** Each table's checks, so a child table's checks reuse its parent's full read. */
  private final Map<String, TableChecks> checksByTable = new HashMap<>();

  Suite(ConnectorConformanceTest test, Connector connector) {
    this.test = test;
    this.connector = connector;
  }

  void tablesListedAndUnique() {
    List<String> tables = connector.listTables();
    assertThat(tables).as("tables of %s", test.factory().name()).isNotEmpty().doesNotHaveDuplicates()
        .doesNotContainNull();
    assertThat(connector.listTables()).as("tables listed a second time").isEqualTo(tables);
  }

  void unknownTableRejected() {
    List<String> tables = connector.listTables();
    OptionValues options = test.validatedTableOptions(tables.isEmpty() ? java.util.Map.of() : test.tableOptions(tables.get(0)));
    SoftAssertions soft = new SoftAssertions();
    rejects(soft, "schema", () -> connector.schema(UNKNOWN, options));
    rejects(soft, "metadata", () -> connector.metadata(UNKNOWN, options));
    rejects(soft, "read", () -> connector.read(UNKNOWN, Offset.START, options));
    rejects(soft, "readDeletes", () -> connector.readDeletes(UNKNOWN, Offset.START, options));
    soft.assertAll();
  }

  private static void rejects(SoftAssertions soft, String method, Executable call) {
    soft.assertThatThrownBy(call::execute)
        .as("%s of an unknown table", method)
        .isInstanceOf(UserException.class)
        .hasMessageContaining(UNKNOWN);
  }

  /** The checks of {@code table}, made once per suite. */
  synchronized TableChecks checksOf(String table) {
    return checksByTable.computeIfAbsent(table, t -> new TableChecks(test, connector, t, this::checksOf));
  }

  List<DynamicNode> forTable(String table) {
    TableChecks checks = checksOf(table);
    ListingChecks listing = new ListingChecks(test, table, checks);
    List<DynamicNode> nodes = new ArrayList<>();
    nodes.add(check(table, Checks.SCHEMA, checks::schema));
    nodes.add(check(table, Checks.METADATA, checks::metadata));
    nodes.add(check(table, Checks.OFFSETS, checks::offsets));
    nodes.add(check(table, Checks.RECORDS_FIT, checks::recordsFit));
    nodes.add(check(table, Checks.KEYS, checks::keys));
    nodes.add(check(table, Checks.NON_NULL, checks::nonNullColumns));
    nodes.add(check(table, Checks.NESTED, checks::nestedFields));
    nodes.add(check(table, Checks.RESUME, listing::resumeMidListing));
    nodes.add(check(table, Checks.TIES, checks::ties));
    nodes.add(check(table, Checks.PER_PAGE, listing::perPageHonoured));
    nodes.add(check(table, Checks.FAULTS, listing::sameKeysThroughFaults));
    if (test.expectedKeys(table).isPresent()) {
      nodes.add(check(table, Checks.EXPECTED, checks::expectedKeys));
    }
    if (checks.declaresDeletes()) {
      nodes.add(check(table, Checks.DELETES, checks::deletes));
    }
    if (checks.declaresParent()) {
      nodes.add(check(table, Checks.PARENTS, checks::parentsCovered));
    }
    if (checks.declaresCursor() && connector instanceof io.tributary.api.PartitionedReads) {
      nodes.add(check(table, Checks.PARTITIONS, new PartitionChecks(test, table, checks)::unionEqualsSequentialRead));
    }
    if (checks.declaresCursor()) {
      nodes.add(check(table, Checks.INCREMENTAL_FILTER, listing::incrementalFilterSent));
      // Last: it updates records of the source.
      nodes.add(check(table, Checks.UPDATED_BETWEEN_PAGES, listing::updateBetweenPagesLosesNothing));
    }
    return nodes;
  }

  /**
   * A check named {@code <table> › <check>}, whose failure says the same words first: a report
   * shows the leaf's name alone, and a failure read on its own names both.
   */
  static DynamicNode check(String table, String name, Executable body) {
    String label = label(table, name);
    return DynamicTest.dynamicTest(label, () -> {
      try {
        body.execute();
      } catch (TestAbortedException | OutOfMemoryError e) {
        throw e;
      } catch (Throwable e) {
        throw new AssertionError(label + ": " + e.getMessage(), e);
      }
    });
  }

  static String label(String table, String check) {
    return table + " \u203a " + check;
  }

  static <T> Set<T> duplicates(List<T> values) {
    Set<T> seen = new HashSet<>();
    Set<T> dupes = new java.util.LinkedHashSet<>();
    for (T value : values) {
      if (!seen.add(value)) {
        dupes.add(value);
      }
    }
    return dupes;
  }

}
