package io.tributary.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.api.Columns;
import io.tributary.api.Connector;
import io.tributary.api.IngestionType;
import io.tributary.api.InternalException;
import io.tributary.api.Offset;
import io.tributary.api.OptionValues;
import io.tributary.api.TableMetadata;
import io.tributary.api.UserException;
import io.tributary.api.rows.RowConverter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Assumptions;

/** The checks of one table. Schema, metadata and the full read are computed once and shared. */
final class TableChecks {
  private static final int SHOWN = 10;

  private final ConnectorConformanceTest test;
  private final Connector connector;
  private final String table;
  private final Supplier<OptionValues> options;
  private final Supplier<StructType> schema;
  private final Supplier<TableMetadata> metadata;
  private final Supplier<ReadRun> attempt;
  private final Supplier<ReadRun> fullRead;
  private final Supplier<ReadRun> deleteRead;
  private final Function<String, TableChecks> tables;

  /**
   * @param tables the checks of another table of the same suite, by name: a child table's checks
   *     reuse its parent's full read
   */
  TableChecks(ConnectorConformanceTest test, Connector connector, String table, Function<String, TableChecks> tables) {
    this.test = test;
    this.connector = connector;
    this.table = table;
    this.tables = tables;
    this.options = Memo.of(() -> test.validatedTableOptions(test.tableOptions(table)));
    this.schema = Memo.of(() -> connector.schema(table, options.get()));
    this.metadata = Memo.of(() -> connector.metadata(table, options.get()));
    this.attempt = Memo.of(() -> ReadRun.attempt(table, "reading", Offset.START,
        test.maxCallsToFixedPoint(), start -> connector.read(table, start, options.get())));
    this.fullRead = () -> attempt.get().complete();
    this.deleteRead = Memo.of(() -> ReadRun.attempt(table, "reading deletes", Offset.START,
        test.maxCallsToFixedPoint(), start -> connector.readDeletes(table, start, options.get())));
  }

  boolean declaresDeletes() {
    try {
      return metadata.get().ingestionType() == IngestionType.CDC_WITH_DELETES;
    } catch (RuntimeException e) {
      return false; // the metadata check reports it
    }
  }

  boolean declaresParent() {
    try {
      return metadata.get().childOf().isPresent();
    } catch (RuntimeException e) {
      return false; // the metadata check reports it
    }
  }

  boolean declaresCursor() {
    try {
      return metadata.get().ingestionType().incremental() && metadata.get().cursorField().isPresent();
    } catch (RuntimeException e) {
      return false; // the metadata check reports it
    }
  }

  TableMetadata meta() {
    return metadata.get();
  }

  OptionValues options() {
    return options.get();
  }

  Connector connector() {
    return connector;
  }

  /** The full read with the table's options, to its fixed point. */
  ReadRun full() {
    return fullRead.get();
  }

  /** The keys a complete read must deliver: the expected keys, or the full read's. */
  Set<List<String>> truth() {
    return test.expectedKeys(table).orElseGet(() -> fullRead.get().keys(metadata.get().primaryKeys()));
  }

  void schema() {
    StructType first = schema.get();
    assertThat(first.fields()).as("columns of table '%s'", table).isNotEmpty();
    assertThat(Schemas.duplicateFields(first)).as("duplicate fields in the schema of table '%s'", table).isEmpty();
    assertThat(first.fieldNames()).as("columns of table '%s'", table).doesNotContain(Columns.RESCUED_DATA);
    assertThat(connector.schema(table, options.get())).as("schema of table '%s' asked again", table)
        .isEqualTo(first);
    assertThat(test.open().schema(table, options.get()))
        .as("schema of table '%s' from a second connector", table).isEqualTo(first);
  }

  void metadata() {
    TableMetadata first = metadata.get();
    assertThat(connector.metadata(table, options.get())).as("metadata of table '%s' asked again", table)
        .isEqualTo(first);
    assertThat(test.open().metadata(table, options.get()))
        .as("metadata of table '%s' from a second connector", table).isEqualTo(first);
    List<String> columns = Arrays.asList(schema.get().fieldNames());
    assertThat(columns).as("columns of table '%s', which must hold its primary keys", table)
        .containsAll(first.primaryKeys());
    first.cursorField().ifPresent(cursor ->
        assertThat(columns).as("columns of table '%s', which must hold its cursor", table).contains(cursor));
    first.childOf().ifPresent(parent ->
        assertThat(first.primaryKeys()).as("primary keys of child table '%s'", table)
            .containsAll(parent.parentKeyColumns()));
  }

  void offsets() {
    ReadRun run = attempt.get();
    for (ReadRun.Step step : run.steps()) {
      checkOffset(step.start(), step.result().endOffset());
    }
    run.complete();
  }

  private void checkOffset(Offset start, Offset end) {
    assertThat(Offset.fromJson(end.toJson())).as("offset %s of table '%s' after a JSON round trip", end, table)
        .isEqualTo(end);
    try {
      Offset.requireForward(table, start, end);
    } catch (InternalException e) {
      fail(e.getMessage());
    }
  }

  void recordsFit() {
    List<ObjectNode> records = nonEmptyRecords();
    RowConverter converter = RowConverter.forSchema(schema.get(), table, metadata.get().primaryKeys());
    List<String> problems = new ArrayList<>();
    for (ObjectNode record : records) {
      Map<String, JsonNode> misfits = converter.misfits(record);
      if (!misfits.isEmpty()) {
        problems.add("record " + ReadRun.keyOf(record, metadata.get().primaryKeys()) + " rescues " + misfits);
      }
    }
    if (!problems.isEmpty()) {
      fail("Cannot convert " + problems.size() + " of " + records.size() + " records of table '" + table
          + "' without rescuing values; first: " + first(problems));
    }
  }

  void keys() {
    TableMetadata meta = metadata.get();
    List<String> required = new ArrayList<>(meta.primaryKeys());
    if (meta.ingestionType().incremental()) {
      meta.cursorField().ifPresent(required::add);
    }
    List<String> problems = new ArrayList<>();
    for (ObjectNode record : nonEmptyRecords()) {
      for (String field : required) {
        if (!record.hasNonNull(field)) {
          problems.add("field '" + field + "' is null in " + shorten(record));
        }
      }
    }
    if (!problems.isEmpty()) {
      fail(problems.size() + " key or cursor values of table '" + table + "' are null; first: " + first(problems));
    }
  }

  void nonNullColumns() {
    List<ObjectNode> records = nonEmptyRecords();
    Set<String> allowed = test.allowedNullColumns(table);
    List<String> alwaysNull = new ArrayList<>();
    for (String column : schema.get().fieldNames()) {
      if (allowed.contains(column)) {
        continue;
      }
      boolean seen = records.stream().anyMatch(r -> {
        JsonNode value = r.get(column);
        return value != null && !value.isNull() && !(value.isObject() && value.isEmpty());
      });
      if (!seen) {
        alwaysNull.add(column);
      }
    }
    assertThat(alwaysNull)
        .as("columns of table '%s' null in all %d records (seed values for them, or allow them in "
            + "allowedNullColumns)", table, records.size())
        .isEmpty();
  }

  /** See {@link NestedFields} for the rule. */
  void nestedFields() {
    List<ObjectNode> records = nonEmptyRecords();
    List<String> unpopulated = NestedFields.unpopulated(schema.get(), records, test.allowedNullColumns(table));
    if (!unpopulated.isEmpty()) {
      fail("Cannot accept table '" + table + "' (" + Checks.NESTED + "): " + unpopulated.size()
          + " nested fields are null in all " + records.size() + " records: " + unpopulated
          + "; map them from the field the API sends, seed values for them, or allow them by path in "
          + "allowedNullColumns");
    }
  }

  void ties() {
    TableMetadata meta = metadata.get();
    if (meta.ingestionType().incremental()) {
      String cursor = meta.cursorField().orElseThrow();
      List<String> values = fullRead.get().records().stream().map(r -> r.path(cursor).asText()).toList();
      Assumptions.assumeFalse(Suite.duplicates(values).isEmpty(),
          "no two records of table '" + table + "' share a value of cursor '" + cursor
              + "'; seed ties to make this check meaningful");
    }
    OptionValues small = test.validatedTableOptions(test.smallPageOptions(table));
    ReadRun run = ReadRun.toFixedPoint(table, "reading with small pages " + small, Offset.START,
        test.maxCallsToFixedPoint() * 10, start -> connector.read(table, start, small));
    Set<List<String>> expected = test.expectedKeys(table).orElseGet(() -> fullRead.get().keys(meta.primaryKeys()));
    compareKeys(expected, run.keys(meta.primaryKeys()), "a read with small pages " + small);
  }

  void expectedKeys() {
    compareKeys(test.expectedKeys(table).orElseThrow(), fullRead.get().keys(metadata.get().primaryKeys()),
        "a full read");
  }

  void deletes() {
    List<String> keyFields = metadata.get().primaryKeys();
    ReadRun run;
    try {
      run = deleteRead.get();
    } catch (UserException e) {
      if (e.getMessage().contains("does not report deletes")) {
        fail("Cannot accept table '" + table + "': it declares cdc_with_deletes but readDeletes is not "
            + "implemented (" + e.getMessage() + ")");
      }
      throw e;
    }
    for (ReadRun.Step step : run.steps()) {
      checkOffset(step.start(), step.result().endOffset());
    }
    run.complete();
    for (ObjectNode record : run.records()) {
      assertThat(ReadRun.keyOf(record, keyFields)).as("keys of deleted record %s of table '%s'", shorten(record), table)
          .doesNotContainNull();
    }
  }

  /**
   * A child table's parents are exactly the records its parent table keeps, whichever list each
   * came from (a default list, spam, archived): after full reads of both, every key of a record
   * the parent table holds, less those its deletes report, must be the parent of a child record or
   * one of the child read's complete parents. A child read that lists only the parent's default
   * list loses the children of every other list, silently.
   */
  void parentsCovered() {
    TableMetadata.ChildOf childOf = metadata.get().childOf().orElseThrow();
    String parentTable = childOf.parentTable();
    if (!connector.listTables().contains(parentTable)) {
      fail("Cannot check the parents of child table '" + table + "': its parent table '" + parentTable
          + "' is not one of the connector's tables " + connector.listTables());
    }
    TableChecks parent = tables.apply(parentTable);
    List<String> parentKeys = parent.metadata.get().primaryKeys();
    if (parentKeys.size() != childOf.parentKeyColumns().size()) {
      fail("Cannot check the parents of child table '" + table + "': its parent key columns "
          + childOf.parentKeyColumns() + " do not match the primary keys " + parentKeys + " of parent table '"
          + parentTable + "'");
    }
    Set<List<String>> gone = parent.declaresDeletes()
        ? parent.deleteRead.get().complete().keys(parentKeys) : Set.of();
    ReadRun children = fullRead.get();
    Set<List<String>> covered = ReadRun.keysOf(children.records(), childOf.parentKeyColumns());
    covered.addAll(ReadRun.keysOf(children.completeParents(), childOf.parentKeyColumns()));
    Set<List<String>> kept = new LinkedHashSet<>();
    for (ObjectNode record : parent.fullRead.get().records()) {
      List<String> key = ReadRun.keyOf(record, parentKeys);
      if (!gone.contains(key) && test.mayHaveChildren(table, record)) {
        kept.add(key);
      }
    }
    Set<List<String>> missing = new LinkedHashSet<>(kept);
    missing.removeAll(covered);
    if (!missing.isEmpty()) {
      fail("Cannot accept child table '" + table + "' (" + Checks.PARENTS + "): its full read covers "
          + (kept.size() - missing.size()) + " of the " + kept.size() + " records parent table '" + parentTable
          + "' keeps; " + missing.size() + " parents " + first(new ArrayList<>(missing))
          + " have no child record and are not among its complete parents. Read the children of every "
          + "list the parent table reads its records from (spam, archived and other filtered lists "
          + "too) and report each parent whose children were all read in ReadResult.completeParents; "
          + "declare parents the API can never give children in mayHaveChildren");
    }
  }

  private void compareKeys(Set<List<String>> expected, Set<List<String>> actual, String what) {
    compareKeys(table, expected, actual, what);
  }

  static void compareKeys(String table, Set<List<String>> expected, Set<List<String>> actual, String what) {
    Set<List<String>> missing = new LinkedHashSet<>(expected);
    missing.removeAll(actual);
    Set<List<String>> extra = new LinkedHashSet<>(actual);
    extra.removeAll(expected);
    if (!missing.isEmpty() || !extra.isEmpty()) {
      fail("Cannot match the keys of table '" + table + "' from " + what + ": " + missing.size()
          + " missing " + first(new ArrayList<>(missing)) + ", " + extra.size() + " unexpected "
          + first(new ArrayList<>(extra)) + " (expected " + expected.size() + " keys)");
    }
  }

  private List<ObjectNode> nonEmptyRecords() {
    List<ObjectNode> records = fullRead.get().records();
    if (records.isEmpty()) {
      fail("Cannot check the records of table '" + table + "': a full read returned none; "
          + "seed the simulator with records for every table");
    }
    return records;
  }

  /** Up to {@code max} step indexes from 1 to {@code steps - 1}, spread evenly, ends included. */
  static Set<Integer> resumePoints(int steps, int max) {
    Set<Integer> points = new TreeSet<>();
    int last = steps - 1;
    if (last < 1) {
      return points;
    }
    int count = Math.min(max, last);
    for (int i = 0; i < count; i++) {
      points.add(1 + (int) Math.round((double) i * (last - 1) / Math.max(1, count - 1)));
    }
    return points;
  }

  private static String first(List<?> items) {
    return items.subList(0, Math.min(SHOWN, items.size())).toString() + (items.size() > SHOWN ? "..." : "");
  }

  private static String shorten(ObjectNode record) {
    String text = record.toString();
    return text.length() > 300 ? text.substring(0, 300) + "..." : text;
  }

  /** A supplier computed once; a failure is remembered and rethrown to every caller. */
  static final class Memo<T> implements Supplier<T> {
    private final Supplier<T> compute;
    private T value;
    private RuntimeException failure;
    private Error error;
    private boolean done;

    private Memo(Supplier<T> compute) {
      this.compute = compute;
    }

    static <T> Memo<T> of(Supplier<T> compute) {
      return new Memo<>(compute);
    }

    @Override
    public synchronized T get() {
      if (!done) {
        done = true;
        try {
          value = compute.get();
        } catch (RuntimeException e) {
          failure = e;
        } catch (Error e) {
          error = e;
        }
      }
      if (failure != null) {
        throw failure;
      }
      if (error != null) {
        throw error;
      }
      return value;
    }
  }

}
