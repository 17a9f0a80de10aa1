package io.tributary.spark.pipeline;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lag;
import static org.apache.spark.sql.functions.lead;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.when;

import io.tributary.api.IngestionType;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * SCD type 2: every version of a key is kept, valid from {@code __START_AT} (its sequence) until
 * {@code __END_AT} (the next version's sequence, or the delete's; null while current).
 *
 * <p>A batch's events are ordered by sequence per key after the key's current version. An event
 * equal in content to the version before it (the sequence column aside) makes no new version; an
 * event at the current version's own sequence replaces it; an event older than the current
 * version arrives too late to place in history and is dropped. A snapshot closes the versions of
 * changed and vanished keys at the batch time and opens new ones.
 */
final class Scd2Writer extends DeltaWriter {
  private static final String SEQ = "_tributary_seq";
  private static final String OP = "_tributary_op";
  private static final String CURRENT = "current";

  Scd2Writer(PlannedTable table, DeltaTarget target) {
    super(table, target);
  }

  @Override
  StructType extraColumns(StructType data) {
    DataType type = sequenceType(data);
    return new StructType().add(START_AT, type, true).add(END_AT, type, true);
  }

  private DataType sequenceType(StructType data) {
    if (table.metadata().ingestionType() == IngestionType.SNAPSHOT) {
      return DataTypes.TimestampType;
    }
    return data.apply(table.sequenceBy().orElseThrow()).dataType();
  }

  @Override
  WriteCounts write(Dataset<Row> changes, Optional<String> appId, long batchId, Instant batchTime) {
    SparkSession spark = changes.sparkSession();
    ensureTable(spark, changes.schema());
    if (table.metadata().ingestionType() == IngestionType.SNAPSHOT) {
      return writeSnapshot(spark, changes, batchTime);
    }
    List<String> data = dataColumns(changes);
    List<String> written = writtenColumns(data);
    List<String> keys = table.primaryKeys();
    String sequence = table.sequenceBy().orElseThrow();
    List<String> tracked = data.stream().filter(c -> !c.equals(sequence)).toList();
    DataType sequenceType = changes.schema().apply(sequence).dataType();
    Column batchSequence = sequenceType.equals(DataTypes.TimestampType)
        ? lit(Timestamp.from(batchTime)) : lit(null).cast(sequenceType);
    Column[] keyColumns = keys.stream().map(k -> col(k)).toArray(Column[]::new);

    Dataset<Row> history = target.table(spark).toDF();
    Dataset<Row> events = changes.filter(col(CHANGE_TYPE).isin(UPSERT, DELETE));
    Dataset<Row> vanished = vanishedChildren(changes, history.filter(col(END_AT).isNull()));
    if (vanished != null) {
      events = events.unionByName(vanished, true);
    }
    events = withPartitions(events)
        .withColumn(OP, col(CHANGE_TYPE))
        .withColumn(SEQ, when(col(OP).equalTo(DELETE), coalesce(col(sequence), batchSequence)).otherwise(col(sequence)))
        .withColumn(HASH, when(col(OP).equalTo(UPSERT), hash(tracked)))
        .drop(CHANGE_TYPE)
        .dropDuplicates(concat(keys, List.of(SEQ, OP, HASH)).toArray(String[]::new));

    // The newest stored version of each key, open or closed: events older than it are too late.
    Dataset<Row> latest = history
        .withColumn("_rank", row_number().over(Window.partitionBy(keyColumns).orderBy(col(START_AT).desc())))
        .filter(col("_rank").equalTo(1))
        .select(concatColumns(keyColumns, col(START_AT).as("_cur_start"), col(END_AT).as("_cur_end"),
            lit(true).as("_cur_exists"), expr(hashSql("", tracked)).as("_cur_hash")));
    Dataset<Row> timely = events.join(latest, scalaSeq(keys), "left")
        .filter(col("_cur_exists").isNull()
            .or(col("_cur_end").isNull().and(col(SEQ).isNull().or(col(SEQ).geq(col("_cur_start")))))
            .or(col("_cur_end").isNotNull().and(col(SEQ).isNull().or(col(SEQ).gt(col("_cur_end"))))))
        .drop("_cur_start", "_cur_end", "_cur_exists", "_cur_hash");
    Dataset<Row> current = latest.filter(col("_cur_end").isNull())
        .select(concatColumns(keyColumns, col("_cur_start").as(SEQ), lit(CURRENT).as(OP), col("_cur_hash").as(HASH)));
    Dataset<Row> all = timely.unionByName(current, true);

    // One version per key and sequence: an incoming event replaces the stored one it ties with.
    WindowSpec perSequence = Window.partitionBy(concatColumns(keyColumns, col(SEQ)))
        .orderBy(when(col(OP).equalTo(UPSERT), lit(0)).otherwise(lit(1)), col(HASH).desc());
    Dataset<Row> versions = all.filter(col(OP).notEqual(DELETE))
        .withColumn("_rank", row_number().over(perSequence)).filter(col("_rank").equalTo(1)).drop("_rank")
        .unionByName(all.filter(col(OP).equalTo(DELETE)));

    WindowSpec byKey = Window.partitionBy(keyColumns).orderBy(col(SEQ).asc_nulls_last(),
        when(col(OP).equalTo(CURRENT), lit(0)).when(col(OP).equalTo(UPSERT), lit(1)).otherwise(lit(2)));
    Column previousOp = lag(col(OP), 1).over(byKey);
    Column previousHash = lag(col(HASH), 1).over(byKey);
    Column unchanged = col(OP).equalTo(UPSERT).and(col("_prev_op").isNotNull())
        .and(col("_prev_op").notEqual(DELETE)).and(col("_prev_hash").eqNullSafe(col(HASH)));
    Column pointlessDelete = col(OP).equalTo(DELETE).and(col("_prev_op").isNull().or(col("_prev_op").equalTo(DELETE)));
    Dataset<Row> effective = versions
        .withColumn("_prev_op", previousOp).withColumn("_prev_hash", previousHash)
        .filter(functionsNot(unchanged.or(pointlessDelete)))
        .drop("_prev_op", "_prev_hash");
    Dataset<Row> staged = effective
        .withColumn("_next_seq", lead(col(SEQ), 1).over(byKey))
        .withColumn("_next_op", lead(col(OP), 1).over(byKey))
        .filter(col(OP).notEqual(DELETE))
        .withColumn(START_AT, col(SEQ))
        .withColumn(END_AT, when(col("_next_op").isNull(), lit(null).cast(sequenceType))
            .otherwise(coalesce(col("_next_seq"), col(SEQ))))
        .filter(col(OP).equalTo(UPSERT).or(col(END_AT).isNotNull()));

    Map<String, String> insert = fromSource(written);
    insert.put(START_AT, "s." + START_AT);
    insert.put(END_AT, "s." + END_AT);
    Map<String, String> close = new LinkedHashMap<>();
    close.put(END_AT, "s." + END_AT);
    String on = keyCondition(keys) + " AND t." + START_AT + " <=> s." + START_AT;
    String differs = "(" + hashSql("t", tracked) + " <> s." + HASH + " OR NOT (t." + END_AT + " <=> s." + END_AT + "))";
    if (!mergeChanges(staged, on, "(s." + OP + " = 'current' AND NOT (t." + END_AT + " <=> s." + END_AT + "))"
        + " OR (s." + OP + " = 'upsert' AND (t." + TARGET_ROW + " IS NULL OR " + differs + "))", false)) {
      return WriteCounts.ZERO;
    }
    Runnable merge = () -> target.table(spark).as("t").merge(staged.as("s"), on)
        .whenMatched("s." + OP + " = 'current'").updateExpr(close)
        .whenMatched("s." + OP + " = 'upsert' AND " + differs).updateExpr(insert)
        .whenNotMatched("s." + OP + " = 'upsert'").insertExpr(insert)
        .execute();
    return WriteCounts.of(target.commit(spark, appId, batchId, merge));
  }

  /** Closes the current version of changed and vanished keys at {@code batchTime}; opens new ones. */
  private WriteCounts writeSnapshot(SparkSession spark, Dataset<Row> changes, Instant batchTime) {
    List<String> data = dataColumns(changes);
    List<String> written = writtenColumns(data);
    List<String> keys = table.primaryKeys();
    Column[] keyColumns = keys.stream().map(k -> col(k)).toArray(Column[]::new);
    Dataset<Row> snapshot = withPartitions(changes.filter(col(CHANGE_TYPE).equalTo(UPSERT)))
        .drop(CHANGE_TYPE)
        .withColumn(HASH, hash(data))
        .withColumn("_rank", row_number().over(Window.partitionBy(keyColumns).orderBy(col(HASH).desc())))
        .filter(col("_rank").equalTo(1)).drop("_rank");
    Dataset<Row> open = target.table(spark).toDF().filter(col(END_AT).isNull())
        .select(concatColumns(keyColumns, expr(hashSql("", data)).as("_open_hash")));
    Dataset<Row> byKey = snapshot;
    for (String key : keys) {
      byKey = byKey.withColumn("_mk_" + key, col(key));
    }
    // A changed key needs two actions, closing the old version and inserting the new, so its row
    // is staged twice: once matching by key, once with a null merge key that never matches.
    Dataset<Row> reopened = snapshot.join(open, scalaSeq(keys)).filter(col("_open_hash").notEqual(col(HASH))).drop("_open_hash");
    for (String key : keys) {
      reopened = reopened.withColumn("_mk_" + key, lit(null).cast(snapshot.schema().apply(key).dataType()));
    }
    Dataset<Row> staged = byKey.unionByName(reopened);
    String time = "timestamp'" + batchTime + "'";
    String on = String.join(" AND ", keys.stream().map(k -> "t." + DeltaTarget.quote(k) + " = s._mk_" + k).toList())
        + " AND t." + END_AT + " IS NULL";
    Map<String, String> insert = fromSource(written);
    insert.put(START_AT, "cast(" + time + " as timestamp)");
    insert.put(END_AT, "cast(null as timestamp)");
    Map<String, String> close = Map.of(END_AT, "cast(" + time + " as timestamp)");
    if (!mergeChanges(staged, on, "t." + TARGET_ROW + " IS NULL OR (s." + SOURCE_ROW + " IS NOT NULL AND "
        + hashSql("t", data) + " <> s." + HASH + ") OR (s." + SOURCE_ROW + " IS NULL AND t." + END_AT + " IS NULL)", true)) {
      return WriteCounts.ZERO;
    }
    Runnable merge = () -> target.table(spark).as("t").merge(staged.as("s"), on)
        .whenMatched(hashSql("t", data) + " <> s." + HASH).updateExpr(close)
        .whenNotMatched().insertExpr(insert)
        .whenNotMatchedBySource("t." + END_AT + " IS NULL").updateExpr(close)
        .execute();
    return WriteCounts.of(target.commit(spark, merge));
  }

  @Override
  WriteCounts deleteChildrenOf(Dataset<Row> parentKeys, Instant batchTime) {
    SparkSession spark = parentKeys.sparkSession();
    if (!target.exists(spark) || target.knownEmpty(spark)) {
      return WriteCounts.ZERO;
    }
    List<String> columns = table.metadata().childOf().orElseThrow().parentKeyColumns();
    DataType type = target.table(spark).toDF().schema().apply(END_AT).dataType();
    String end = type.equals(DataTypes.TimestampType)
        ? "timestamp'" + batchTime + "'" : "t." + START_AT;
    if (!mergeChanges(parentKeys, keyCondition(columns), "t." + TARGET_ROW + " IS NOT NULL AND t." + END_AT + " IS NULL",
        false)) {
      return WriteCounts.ZERO;
    }
    return WriteCounts.of(target.commit(spark, () -> target.table(spark).as("t")
        .merge(parentKeys.as("s"), keyCondition(columns))
        .whenMatched("t." + END_AT + " IS NULL").updateExpr(Map.of(END_AT, end))
        .execute()));
  }

  private static Column expr(String sql) {
    return org.apache.spark.sql.functions.expr(sql);
  }

  private static Column functionsNot(Column column) {
    return org.apache.spark.sql.functions.not(column);
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> out = new ArrayList<>(a);
    out.addAll(b);
    return out;
  }

  private static Column[] concatColumns(Column[] keys, Column... more) {
    List<Column> out = new ArrayList<>(List.of(keys));
    out.addAll(List.of(more));
    return out.toArray(Column[]::new);
  }
}
