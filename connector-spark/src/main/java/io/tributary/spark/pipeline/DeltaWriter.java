package io.tributary.spark.pipeline;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.date_format;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.tributary.api.TableMetadata;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Applies batches of changes to one destination. A batch has the source table's columns, {@code
 * _rescued_data} and {@code _change_type} ({@code upsert}, {@code delete} or {@code
 * parent_refresh}), the shape of the {@code tributary} source's {@code read=changes}; snapshot
 * reads are given {@code _change_type = upsert}. Each batch is applied in one Delta commit, so a
 * replay can be recognised by its transaction id; a batch that would change no row makes no
 * commit at all ({@link #mergeChanges}), and its replay again finds nothing to change.
 */
abstract class DeltaWriter {
  static final String CHANGE_TYPE = "_change_type";
  static final String UPSERT = "upsert";
  static final String DELETE = "delete";
  static final String PARENT_REFRESH = "parent_refresh";
  static final String START_AT = "__START_AT";
  static final String END_AT = "__END_AT";
  static final String HASH = "_tributary_hash";

  final PlannedTable table;
  final DeltaTarget target;

  DeltaWriter(PlannedTable table, DeltaTarget target) {
    this.table = table;
    this.target = target;
  }

  static DeltaWriter forTable(PlannedTable table, DeltaTarget target) {
    if (table.appends()) {
      return new AppendWriter(table, target);
    }
    if (table.history()) {
      return new Scd2Writer(table, target);
    }
    return new Scd1Writer(table, target);
  }

  /**
   * Applies one batch.
   *
   * @param appId Delta transaction app id for idempotent commits; empty for snapshot batches,
   *     which are idempotent by themselves
   * @param batchId the streaming batch id: the transaction version
   * @param batchTime when the batch is applied: the history time of snapshot changes and of
   *     deletes that carry no sequence
   */
  abstract WriteCounts write(Dataset<Row> changes, Optional<String> appId, long batchId, Instant batchTime);

  /** Deletes (or, with history, closes) the rows of parents deleted from the parent table. */
  abstract WriteCounts deleteChildrenOf(Dataset<Row> parentKeys, Instant batchTime);

  /** Columns the destination holds besides the data, such as the SCD2 validity columns. */
  StructType extraColumns(StructType data) {
    return new StructType();
  }

  /** Creates the destination if missing, and adds columns that appeared in the source. */
  void ensureTable(SparkSession spark, StructType changes) {
    StructType data = new StructType(Arrays.stream(changes.fields())
        .filter(f -> !f.name().equals(CHANGE_TYPE)).toArray(StructField[]::new));
    StructType columns = data;
    for (PartitionColumn partition : table.spec().partitionBy()) {
      if (partition.derived()) {
        columns = columns.add(partition.name(), DataTypes.StringType, true);
      }
    }
    List<String> filteredOn = new ArrayList<>(table.primaryKeys());
    table.sequenceBy().ifPresent(filteredOn::add);
    for (StructField extra : extraColumns(data).fields()) {
      columns = columns.add(extra);
      filteredOn.add(extra.name());
    }
    List<String> partitions = table.spec().partitionBy().stream().map(PartitionColumn::name).toList();
    StructType created = columns;
    target.createIfMissing(spark, columns, table.spec().clusterBy(), partitions, () -> StatsColumns.property(
        created, table.spec().statsColumns(), filteredOn, table.spec().clusterBy(), partitions,
        StatsColumns.sessionChoice(spark)));
    target.addMissingColumns(spark, columns);
  }

  /** The data columns of a batch: everything but {@code _change_type}. */
  static List<String> dataColumns(Dataset<Row> changes) {
    return Arrays.stream(changes.columns()).filter(c -> !c.equals(CHANGE_TYPE)).toList();
  }

  /** Adds derived partition values, such as month(created_at) as {@code YYYY-MM}. */
  Dataset<Row> withPartitions(Dataset<Row> frame) {
    Dataset<Row> out = frame;
    for (PartitionColumn partition : table.spec().partitionBy()) {
      if (partition.derived()) {
        out = out.withColumn(partition.name(), date_format(col(partition.sourceColumn()), partition.dateFormat().get()));
      }
    }
    return out;
  }

  /** The columns written: data plus derived partition columns. */
  List<String> writtenColumns(List<String> data) {
    List<String> out = new ArrayList<>(data);
    table.spec().partitionBy().stream().filter(PartitionColumn::derived).map(PartitionColumn::name).forEach(out::add);
    return out;
  }

  /**
   * A fingerprint of {@code columns} as SQL; {@code alias} qualifies them ("t" for the target).
   * JSON text rather than a hash function, because Spark cannot hash map columns.
   */
  static String hashSql(String alias, List<String> columns) {
    String prefix = alias.isEmpty() ? "" : alias + ".";
    return "md5(to_json(struct(" + columns.stream().map(c -> prefix + DeltaTarget.quote(c))
        .collect(Collectors.joining(", ")) + ")))";
  }

  static Column hash(List<String> columns) {
    return expr(hashSql("", columns));
  }

  /**
   * Whether a MERGE of {@code source} into the destination would change a row. A MERGE that
   * changes nothing still runs the jobs that look for rows to rewrite and makes a Delta commit, and
   * a batch of re-read, unchanged records (a lookback window, an unchanged snapshot) is common, so
   * such a batch is caught here and not merged: it makes no commit at all.
   *
   * @param on the MERGE's condition, source {@code s}, target {@code t}
   * @param acts true for a joined pair on which a clause of the MERGE would act; {@code t.}{@value
   *     #TARGET_ROW} is null when no target row matches, {@code s.}{@value #SOURCE_ROW} when no
   *     source row does (only with {@code bySource})
   * @param bySource whether target rows no source row matches are joined too, for a MERGE with a
   *     {@code whenNotMatchedBySource} clause
   */
  boolean mergeChanges(Dataset<Row> source, String on, String acts, boolean bySource) {
    if (target.knownEmpty(source.sparkSession())) {
      // Into an empty table (a first run) a MERGE can only insert, and a batch that gets here
      // almost always has rows to insert: merged without a look.
      return true;
    }
    Dataset<Row> current = target.table(source.sparkSession()).toDF().withColumn(TARGET_ROW, lit(true));
    // A count is one job; isEmpty's take(1) runs one per partition it has to look at when none acts.
    return source.withColumn(SOURCE_ROW, lit(true)).as("s")
        .join(current.as("t"), expr(on), bySource ? "full_outer" : "left")
        .filter(expr(acts))
        .count() > 0;
  }

  /** What a batch of one row per key would do to the destination. */
  enum Effect {
    /** Change no row: not written, no commit. */
    NOTHING,
    /** Insert rows, and the destination holds none of the batch's keys: its upserts are appended as they are. */
    NEW_KEYS,
    /** Only insert rows of keys the destination does not hold, beside held ones it leaves alone: those are appended. */
    INSERTS,
    /** Update or delete a row the destination holds: merged. */
    CHANGES;

    /** Whether the batch is appended, with no MERGE. */
    boolean appends() {
      return this == NEW_KEYS || this == INSERTS;
    }
  }

  /**
   * What a batch's key columns alone say about it: whether its keys are all distinct (then it needs
   * no de-duplication) and, if so, whether the destination holds none of them (then it needs no
   * comparison either: its upserts are appended as they are, {@link #effect()}). A backfill's batch
   * is nearly always both.
   *
   * @param distinct no key appears twice in the batch
   * @param fresh distinct, and the destination holds none of the keys
   * @param inserts the batch has a row that is inserted when its key is new
   */
  record KeyCheck(boolean distinct, boolean fresh, boolean inserts) {
    /** The effect of a {@link #fresh} batch. */
    Effect effect() {
      return inserts ? Effect.NEW_KEYS : Effect.NOTHING;
    }
  }

  /**
   * Checks the keys of a batch ({@link KeyCheck}) from its key columns alone, without
   * fingerprinting its rows: they are collected (a batch is bounded), a repeated one is found on
   * the driver, and for distinct keys the destination's key columns stream past them, broadcast.
   * The other way round, Spark broadcasts the destination whenever its files look small, and a
   * well-compressed table's rows can take many times its files' size in memory; a long backfill
   * runs the driver out of memory that way.
   *
   * @param inserting true for a row that is inserted when its key is new
   */
  KeyCheck checkKeys(Dataset<Row> events, List<String> keys, Column inserting) {
    SparkSession spark = events.sparkSession();
    Column[] keyColumns = keys.stream().map(DeltaWriter::column).toArray(Column[]::new);
    Column[] probe = java.util.stream.Stream.concat(Arrays.stream(keyColumns), java.util.stream.Stream.of(
        inserting.as(SOURCE_ROW))).toArray(Column[]::new);
    Dataset<Row> selected = events.select(probe);
    Optional<DistinctKeys> distinct = integral(selected.schema(), keys) ? distinctLongKeys(selected)
        : distinctKeys(selected, keys);
    if (distinct.isEmpty()) {
      return new KeyCheck(false, false, true);
    }
    // The batch's keys are broadcast from Spark's own rows: the driver keeps no object per key.
    boolean held = !target.knownEmpty(spark) && distinct.get().rows() > 0
        && target.table(spark).toDF().select(keyColumns).as("t")
            .join(broadcast(selected.select(keyColumns)).as("s"), expr(keyCondition(keys)))
            .count() > 0;
    return new KeyCheck(true, !held, distinct.get().inserts());
  }

  /** A batch's keys found distinct: how many rows it has, and whether one is inserted when its key is new. */
  private record DistinctKeys(int rows, boolean inserts) {}

  /** Whether {@code keys} is one column of a whole-number type. */
  private static boolean integral(StructType schema, List<String> keys) {
    if (keys.size() != 1) {
      return false;
    }
    org.apache.spark.sql.types.DataType type = schema.fields()[0].dataType();
    return type == DataTypes.LongType || type == DataTypes.IntegerType || type == DataTypes.ShortType
        || type == DataTypes.ByteType;
  }

  /**
   * For a batch keyed by one whole-number column (its first, then {@code inserting}): its {@link
   * DistinctKeys}, or empty when a key repeats (two null keys included). The keys are held as one
   * sorted array of longs, not as an object each.
   */
  private static Optional<DistinctKeys> distinctLongKeys(Dataset<Row> selected) {
    String[] columns = selected.columns();
    List<scala.Tuple2<Long, Boolean>> pairs = selected
        .select(col(DeltaTarget.quote(columns[0])).cast(DataTypes.LongType), col(DeltaTarget.quote(columns[1])))
        .as(org.apache.spark.sql.Encoders.tuple(org.apache.spark.sql.Encoders.LONG(), org.apache.spark.sql.Encoders.BOOLEAN()))
        .collectAsList();
    long[] ids = new long[pairs.size()];
    int known = 0;
    int nulls = 0;
    boolean inserts = false;
    for (scala.Tuple2<Long, Boolean> pair : pairs) {
      if (pair._1() == null) {
        nulls++;
      } else {
        ids[known++] = pair._1();
      }
      inserts |= Boolean.TRUE.equals(pair._2());
    }
    Arrays.sort(ids, 0, known);
    for (int i = 1; i < known; i++) {
      if (ids[i] == ids[i - 1]) {
        return Optional.empty();
      }
    }
    return nulls > 1 ? Optional.empty() : Optional.of(new DistinctKeys(pairs.size(), inserts));
  }

  /** As {@link #distinctLongKeys}, for keys of any columns: each key held as a list of its values. */
  private static Optional<DistinctKeys> distinctKeys(Dataset<Row> selected, List<String> keys) {
    java.util.Set<List<Object>> seen = new java.util.HashSet<>();
    boolean inserts = false;
    List<Row> rows = selected.collectAsList();
    for (Row row : rows) {
      List<Object> key = new ArrayList<>(keys.size());
      for (int i = 0; i < keys.size(); i++) {
        key.add(row.get(i));
      }
      if (!seen.add(key)) {
        return Optional.empty();
      }
      inserts |= row.getBoolean(keys.size());
    }
    return Optional.of(new DistinctKeys(rows.size(), inserts));
  }

  /**
   * What an upsert MERGE of {@code source}, one row per key, would do, found without joining the
   * whole batch to the destination's rows: the batch's {@code probe} columns (its keys, sequence,
   * change type and fingerprint: a batch is bounded, its fingerprints small) are collected once and
   * broadcast, and the destination's rows stream past them (see {@link #checkKeys} for why that way
   * round). A batch whose keys are all new ({@link KeyCheck#fresh}) need not come here.
   *
   * @param probe the source columns {@code onMatched} and {@code inserting} read, keys included
   * @param on the key condition, source {@code s}, target {@code t}
   * @param onMatched true for a matched pair a clause of the MERGE would act on
   * @param inserting true for a source row that is inserted when no target row matches it
   */
  Effect effect(Dataset<Row> source, List<String> probe, String on, String onMatched, Column inserting) {
    SparkSession spark = source.sparkSession();
    if (target.knownEmpty(spark)) {
      return Effect.NEW_KEYS;
    }
    // Distinct: a sequence column may also be a key.
    Dataset<Row> selected = source.select(probe.stream().distinct().map(DeltaWriter::column).toArray(Column[]::new))
        .withColumn(SOURCE_ROW, inserting);
    List<Row> rows = selected.collectAsList();
    long insertingRows = rows.stream().filter(r -> r.getBoolean(r.fieldIndex(SOURCE_ROW))).count();
    if (rows.isEmpty()) {
      return Effect.NOTHING;
    }
    Row matched = target.table(spark).toDF().as("t")
        .join(broadcast(spark.createDataFrame(rows, selected.schema())).as("s"), expr(on))
        .agg(sum(when(expr(onMatched), 1).otherwise(0)), sum(when(col("s." + SOURCE_ROW), 1).otherwise(0)))
        .first();
    if (!matched.isNullAt(0) && matched.getLong(0) > 0) {
      return Effect.CHANGES;
    }
    long insertingMatched = matched.isNullAt(1) ? 0 : matched.getLong(1);
    return insertingRows > insertingMatched ? Effect.INSERTS : Effect.NOTHING;
  }

  /**
   * The rows of {@code source} whose keys the destination does not hold, as the destination's
   * types: for {@link Effect#NEW_KEYS} all of them; otherwise the keys it holds are found by
   * streaming its key columns past the batch's, broadcast.
   */
  Dataset<Row> newRows(Dataset<Row> source, List<String> keys, List<String> written, Effect effect) {
    SparkSession spark = source.sparkSession();
    StructType columns = target.table(spark).toDF().schema();
    Dataset<Row> rows = source;
    if (effect != Effect.NEW_KEYS) {
      Column[] keyColumns = keys.stream().map(DeltaWriter::column).toArray(Column[]::new);
      Dataset<Row> held = target.table(spark).toDF().select(keyColumns).as("t")
          .join(broadcast(source.select(keyColumns)).as("s"), expr(keyCondition(keys)))
          .select(keys.stream().map(k -> expr("s." + DeltaTarget.quote(k)).as(k)).toArray(Column[]::new));
      rows = source.as("s").join(broadcast(held).as("t"), expr(keyCondition(keys)), "left_anti");
    }
    return rows.select(written.stream().map(c -> {
      Column value = column(c);
      Optional<StructField> field = Arrays.stream(columns.fields()).filter(f -> f.name().equalsIgnoreCase(c)).findFirst();
      return (field.isPresent() ? value.cast(field.get().dataType()) : value).as(c);
    }).toArray(Column[]::new));
  }

  /** The column {@code name}, quoted: a name with a dot is not a field of a struct. */
  private static Column column(String name) {
    return expr(DeltaTarget.quote(name));
  }

  static final String TARGET_ROW = "_tributary_target_row";
  static final String SOURCE_ROW = "_tributary_source_row";

  /** {@code t.k1 = s.k1 AND ...} */
  static String keyCondition(List<String> keys) {
    return keys.stream().map(k -> "t." + DeltaTarget.quote(k) + " = s." + DeltaTarget.quote(k))
        .collect(Collectors.joining(" AND "));
  }

  /** {@code column -> s.column} for every written column. */
  static Map<String, String> fromSource(List<String> columns) {
    Map<String, String> assignments = new LinkedHashMap<>();
    columns.forEach(c -> assignments.put(DeltaTarget.quote(c), "s." + DeltaTarget.quote(c)));
    return assignments;
  }

  /**
   * For a child table: delete events for the rows of re-read parents that the batch no longer
   * lists. The source marks such parents with {@code parent_refresh} rows: the batch's upserts are
   * their complete children.
   */
  Dataset<Row> vanishedChildren(Dataset<Row> changes, Dataset<Row> currentRows) {
    Optional<TableMetadata.ChildOf> parent = table.metadata().childOf();
    if (parent.isEmpty()) {
      return null;
    }
    List<String> keys = table.primaryKeys();
    Column[] keyColumns = keys.stream().map(org.apache.spark.sql.functions::col).toArray(Column[]::new);
    Column[] parentColumns = parent.get().parentKeyColumns().stream()
        .map(org.apache.spark.sql.functions::col).toArray(Column[]::new);
    Dataset<Row> refreshed = changes.filter(col(CHANGE_TYPE).equalTo(PARENT_REFRESH)).select(parentColumns).distinct();
    Dataset<Row> listed = changes.filter(col(CHANGE_TYPE).equalTo(UPSERT)).select(keyColumns).distinct();
    return currentRows.select(keyColumns)
        .join(refreshed, scalaSeq(parent.get().parentKeyColumns()), "left_semi")
        .join(listed, scalaSeq(keys), "left_anti")
        .withColumn(CHANGE_TYPE, org.apache.spark.sql.functions.lit(DELETE));
  }

  static scala.collection.immutable.Seq<String> scalaSeq(List<String> items) {
    return scala.jdk.javaapi.CollectionConverters.asScala(items).toList();
  }
}
