package io.tributary.testkit;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.api.CommonOptions;
import io.tributary.api.Connector;
import io.tributary.api.ConnectorFactory;
import io.tributary.api.OptionDef;
import io.tributary.api.OptionValues;
import io.tributary.simulator.DataTable;
import io.tributary.simulator.SimClock;
import io.tributary.simulator.Simulator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The conformance suite every connector's test extends. It produces dynamic tests: two for the
 * connector, then a container per table with the checks that apply to its ingestion type.
 *
 * <pre>
 * class FreshserviceConformanceTest extends ConnectorConformanceTest {
 *   static final Simulator SIM = FreshserviceSimulator.start(42);
 *
 *   protected ConnectorFactory factory() { return new FreshserviceConnectorFactory(); }
 *   protected Map&lt;String, String&gt; connectionOptions() {
 *     return Map.of("domain", "acme", "api_key", "test-key", "base_url", SIM.baseUrl());
 *   }
 *   protected Optional&lt;Set&lt;List&lt;String&gt;&gt;&gt; expectedKeys(String table) {
 *     return Optional.of(SIM.dataset().table(table).keys());
 *   }
 *   protected Set&lt;String&gt; allowedNullColumns(String table) { return Set.of("deleted_at"); }
 * }
 * </pre>
 *
 * <p>The reads run against whatever {@link #connectionOptions()} points at, normally a started
 * {@link Simulator}. The suite changes no key: the only data it changes are the records {@link
 * #updateBetweenPages} updates, so the ground truth of keys stays valid for the whole run. Keys are
 * compared as lists of the key fields' JSON text.
 *
 * <p>Each check is a dynamic test named {@code <table> › <check>}, and its failure message starts
 * with the same words, so a report names the table and the check that failed.
 */
public abstract class ConnectorConformanceTest {
  private final List<Connector> opened = new ArrayList<>();

  /** The connector's factory. */
  protected abstract ConnectorFactory factory();

  /** Raw connection options, normally pointing {@code base_url} at a started simulator. */
  protected abstract Map<String, String> connectionOptions();

  /** Raw table options for {@code table}; none by default (the declared defaults apply). */
  protected Map<String, String> tableOptions(String table) {
    return Map.of();
  }

  /**
   * Table options for the tie check: {@link #tableOptions} with the smallest page the factory
   * allows, at least 2, so that records sharing a cursor value straddle page boundaries, and
   * without a {@code max_pages_per_batch} override, so the re-read of the ties at the watermark
   * fits in one call and the read can reach its fixed point. Override for sources whose page size
   * option has another name.
   */
  protected Map<String, String> smallPageOptions(String table) {
    Map<String, String> options = new LinkedHashMap<>(tableOptions(table));
    options.remove(CommonOptions.MAX_PAGES_PER_BATCH);
    OptionDef perPage = factory().tableOptions().find(CommonOptions.PER_PAGE).orElseThrow(() -> new IllegalStateException(
        "Cannot choose a small page for " + factory().name() + ": it names its page size option otherwise than "
            + CommonOptions.PER_PAGE + "; override smallPageOptions"));
    options.put(CommonOptions.PER_PAGE, String.valueOf(Math.max(2, perPage.min())));
    return options;
  }

  /**
   * Table options for the checks that need offsets taken in the middle of a listing (the resume
   * and the update-between-pages checks): {@link #smallPageOptions} with {@code
   * max_pages_per_batch=1} and {@code lookback_seconds=0}, which every table that pages declares,
   * so every call ends after one small page and the only re-reads are the ties at a watermark.
   */
  protected Map<String, String> midListingOptions(String table) {
    Map<String, String> options = new LinkedHashMap<>(smallPageOptions(table));
    options.put(CommonOptions.MAX_PAGES_PER_BATCH, "1");
    options.put(CommonOptions.LOOKBACK_SECONDS, "0");
    return options;
  }

  /**
   * Columns that may be null in every record of {@code table}; none by default. Nested fields are
   * named by path, {@code requester.email} for a struct member and {@code attachments[].url} for
   * a member of an array's structs; naming a column or a struct allows everything below it. See
   * {@link NestedFields} for the nested check's rule.
   */
  protected Set<String> allowedNullColumns(String table) {
    return Set.of();
  }

  /**
   * Whether the API pages {@code table}'s listings by the size {@code per_page} asks for; true by
   * default. Return false only for a table the vendor documents as unpaged (a short settings list
   * answered whole): the per_page check then aborts, saying so, instead of judging page sizes.
   */
  protected boolean pagesByPerPage(String table) {
    return true;
  }

  /**
   * The simulator {@link #connectionOptions()} points at, whose request log the per_page, the
   * incremental filter and the fault checks read, and whose fault queue the fault check fills.
   * Empty (the default) aborts those checks with a message naming the table and the check; a
   * source's conformance test should return its simulator.
   */
  protected Optional<Simulator> simulator() {
    return Optional.empty();
  }

  /**
   * How to update a record of {@code table} in the source while a read pages through it, so that
   * it moves to the end of the table's cursor-ascending listing: typically advance the simulator's
   * clock a second and update the record, which stamps its cursor. The check calls it with a
   * record the read just returned, between two page requests, and then requires the read to still
   * deliver every key. Empty (the default) aborts the check with a message naming the table.
   *
   * <pre>
   * protected Optional&lt;Consumer&lt;ObjectNode&gt;&gt; updateBetweenPages(String table) {
   *   return updatedASecondLater(SIM.clock(), () -&gt; SIM.table(table));
   * }
   * </pre>
   */
  protected Optional<Consumer<ObjectNode>> updateBetweenPages(String table) {
    return Optional.empty();
  }

  /**
   * An {@link #updateBetweenPages} for a simulator's table: a second later by {@code clock}, the
   * record is updated, so it moves to the end of an updated_at-ascending list. Empty when {@code
   * table} refuses the name (the simulator holds no table by that name).
   */
  protected static Optional<Consumer<ObjectNode>> updatedASecondLater(SimClock clock,
      java.util.function.Supplier<DataTable> table) {
    DataTable data;
    try {
      data = table.get();
    } catch (IllegalArgumentException notSimulatedUnderThatName) {
      return Optional.empty();
    }
    return Optional.of(record -> {
      clock.advance(Duration.ofSeconds(1));
      data.update(record.get("id").asLong(), r -> { });
    });
  }

  /**
   * The key set a complete read of {@code table} must deliver, from the simulator's ground truth
   * (for example {@code sim.dataset().table("tickets").keys()}), each key a list of the primary key
   * values as text, in {@link io.tributary.api.TableMetadata#primaryKeys()} order. Empty (the
   * default) compares small-page reads with the default read instead, which cannot catch a record
   * lost by both.
   */
  protected Optional<Set<List<String>>> expectedKeys(String table) {
    return Optional.empty();
  }

  /**
   * Whether {@code childTable} can hold children of {@code parent}, a record of its parent table
   * ({@link io.tributary.api.TableMetadata#childOf()}) from a full read; true by default. The
   * parents check requires every such record to be covered by the child table's full read: a parent
   * of one of its records, or one of its {@link io.tributary.api.ReadResult#completeParents()}.
   *
   * <p>Override it only for parents the API can never give children of this kind, such as
   * incidents for Freshservice's requested_items (only service requests have items). Never use it
   * to excuse parents the child read merely does not list, such as spam or archived records that
   * a default list hides: the parent table keeps them, so their children belong to the child
   * table.
   */
  protected boolean mayHaveChildren(String childTable, ObjectNode parent) {
    return true;
  }

  /** The read calls a table may take from {@code Offset.START} to its fixed point. */
  protected int maxCallsToFixedPoint() {
    return 200;
  }

  /** The intermediate offsets the resume check restarts from, at most; spread over the read. */
  protected int maxResumePoints() {
    return 8;
  }

  /** The tables to check; all listed tables by default. */
  protected List<String> tablesToCheck(List<String> listed) {
    return listed;
  }

  /**
   * The table the fault matrix reads, the simulator path its listing requests and the simulator's
   * fault queue. Empty (the default) skips the matrix, reported as aborted; a source's main
   * conformance test should declare one:
   *
   * <pre>
   * protected Optional&lt;FaultTarget&gt; faultTarget() {
   *   return Optional.of(new FaultTarget("tickets", "/api/v2/tickets", SIM.server().faults()));
   * }
   * </pre>
   *
   * @see FaultMatrix
   */
  protected Optional<FaultTarget> faultTarget() {
    return Optional.empty();
  }

  /** Whether the fault matrix runs scenario {@code name}; all do, except in the kit's own tests. */
  boolean runsFaultScenario(String name) {
    return true;
  }

  /**
   * The suite: connector-level checks, then one container of checks per table, then the fault
   * matrix over {@link #faultTarget()}.
   */
  @TestFactory
  public final Stream<DynamicNode> conformance() {
    Connector connector = open();
    Suite suite = new Suite(this, connector);
    List<DynamicNode> nodes = new ArrayList<>();
    nodes.add(DynamicTest.dynamicTest(Checks.TABLES_LISTED, suite::tablesListedAndUnique));
    nodes.add(DynamicTest.dynamicTest(Checks.UNKNOWN_TABLE, suite::unknownTableRejected));
    for (String table : tablesToCheck(connector.listTables())) {
      nodes.add(DynamicContainer.dynamicContainer(table, suite.forTable(table).stream()));
    }
    Optional<FaultTarget> target = faultTarget();
    nodes.add(DynamicContainer.dynamicContainer(Checks.FAULT_MATRIX, target.isPresent()
        ? new FaultMatrix(this, target.get()).tests().stream()
        : Stream.of(DynamicTest.dynamicTest("no fault target", () -> Assumptions.abort(
            "Cannot run the fault matrix: " + getClass().getSimpleName() + " declares no faultTarget()")))));
    return nodes.stream();
  }

  /** Closes the connectors the suite opened, after all its dynamic tests ran. */
  @AfterEach
  public final void closeConformanceConnectors() {
    opened.forEach(Connector::close);
    opened.clear();
  }

  /** A new connector from the factory and {@link #connectionOptions()}, closed after the suite. */
  final Connector open() {
    Connector connector = factory().create(connectionOptions());
    opened.add(connector);
    return connector;
  }

  final OptionValues validatedTableOptions(Map<String, String> raw) {
    return factory().tableOptions().validate(raw);
  }
}
