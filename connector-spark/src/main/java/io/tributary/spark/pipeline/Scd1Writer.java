package io.tributary.spark.pipeline;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.when;

import io.delta.tables.DeltaMergeBuilder;
import io.tributary.api.IngestionType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;

/**
 * SCD type 1: the destination holds the latest version of each key. Incremental batches are
 * de-duplicated to the highest sequence per key and merged, updating a row only when the incoming
 * sequence is not older than the stored one; deletes remove rows. A snapshot batch makes the
 * table equal the snapshot: rows missing from it are deleted.
 */
final class Scd1Writer extends DeltaWriter {

  Scd1Writer(PlannedTable table, DeltaTarget target) {
    super(table, target);
  }

  @Override
  WriteCounts write(Dataset<Row> changes, Optional<String> appId, long batchId, Instant batchTime) {
    SparkSession spark = changes.sparkSession();
    ensureTable(spark, changes.schema());
    List<String> data = dataColumns(changes);
    List<String> written = writtenColumns(data);
    List<String> keys = table.primaryKeys();
    String on = keyCondition(keys);
    Dataset<Row> events = changes.filter(col(CHANGE_TYPE).isin(UPSERT, DELETE));
    Dataset<Row> vanished = vanishedChildren(changes, target.table(spark).toDF());
    if (vanished != null) {
      events = events.unionByName(vanished, true);
    }
    events = withPartitions(events).withColumn(HASH, hash(data));
    String changed = hashSql("t", data) + " <> s." + HASH;

    DeltaMergeBuilder merge;
    if (table.metadata().ingestionType() == IngestionType.SNAPSHOT) {
      Dataset<Row> latest = newestPerKey(events, List.of(col(HASH).desc()));
      if (target.knownEmpty(spark)) {
        // A snapshot into an empty table (a first run) only inserts, one row per key: appended,
        // without a MERGE's jobs looking for rows to rewrite that are not there.
        Dataset<Row> rows = newRows(latest, keys, written, Effect.NEW_KEYS);
        return WriteCounts.of(target.commit(spark, appId, batchId, () -> target.append(rows)));
      }
      if (!mergeChanges(latest, on, "t." + TARGET_ROW + " IS NULL OR s." + SOURCE_ROW + " IS NULL OR " + changed, true)) {
        return WriteCounts.ZERO;
      }
      merge = target.table(spark).as("t").merge(latest.as("s"), on)
          .whenMatched(changed).updateExpr(fromSource(written))
          .whenNotMatched().insertExpr(fromSource(written))
          .whenNotMatchedBySource().delete();
    } else {
      String sequence = DeltaTarget.quote(table.sequenceBy().orElseThrow());
      Column isDelete = col(CHANGE_TYPE).equalTo(DELETE);
      Column isUpsert = col(CHANGE_TYPE).equalTo(UPSERT);
      String notOlder = "(t." + sequence + " IS NULL OR s." + sequence + " >= t." + sequence + ")";
      String deletes = "s._change_type = 'delete' AND (s." + sequence + " IS NULL OR " + notOlder + ")";
      String updates = "s._change_type = 'upsert' AND " + notOlder + " AND " + changed;
      String inserts = "s._change_type = 'upsert'";
      // Keys all distinct: nothing to de-duplicate; and all new (a backfill's batch): nothing to compare.
      KeyCheck check = checkKeys(events, keys, isUpsert);
      // A delete that carries no sequence is taken as the newest event of its key; at equal
      // sequence a delete wins, as deletion is what happened last to the record.
      Dataset<Row> latest = check.distinct() ? events : newestPerKey(events, List.of(
          when(isDelete.and(col(table.sequenceBy().get()).isNull()), lit(0)).otherwise(lit(1)).asc(),
          col(table.sequenceBy().get()).desc_nulls_last(),
          when(isDelete, lit(0)).otherwise(lit(1)).asc(),
          col(HASH).desc()));
      List<String> probe = new ArrayList<>(keys);
      probe.addAll(List.of(table.sequenceBy().get(), CHANGE_TYPE, HASH));
      Effect effect = check.fresh() ? check.effect()
          : effect(latest, probe, on, "(" + deletes + ") OR (" + updates + ")", isUpsert);
      if (effect == Effect.NOTHING) {
        return WriteCounts.ZERO;
      }
      if (effect.appends()) {
        Dataset<Row> rows = newRows(latest.filter(isUpsert), keys, written, effect);
        return WriteCounts.of(target.commit(spark, appId, batchId, () -> target.append(rows)));
      }
      merge = target.table(spark).as("t").merge(latest.as("s"), on)
          .whenMatched(deletes).delete()
          .whenMatched(updates).updateExpr(fromSource(written))
          .whenNotMatched(inserts).insertExpr(fromSource(written));
    }
    DeltaMergeBuilder ready = merge;
    return WriteCounts.of(target.commit(spark, appId, batchId, ready::execute));
  }

  private Dataset<Row> newestPerKey(Dataset<Row> events, List<Column> order) {
    List<Column> keyColumns = new ArrayList<>();
    table.primaryKeys().forEach(k -> keyColumns.add(col(k)));
    return events
        .withColumn("_rank", row_number().over(Window.partitionBy(keyColumns.toArray(Column[]::new))
            .orderBy(order.toArray(Column[]::new))))
        .filter(col("_rank").equalTo(1))
        .drop("_rank");
  }

  @Override
  WriteCounts deleteChildrenOf(Dataset<Row> parentKeys, Instant batchTime) {
    SparkSession spark = parentKeys.sparkSession();
    if (!target.exists(spark) || target.knownEmpty(spark)) {
      return WriteCounts.ZERO;
    }
    List<String> columns = table.metadata().childOf().orElseThrow().parentKeyColumns();
    if (!mergeChanges(parentKeys, keyCondition(columns), "t." + TARGET_ROW + " IS NOT NULL", false)) {
      return WriteCounts.ZERO;
    }
    return WriteCounts.of(target.commit(spark, () -> target.table(spark).as("t")
        .merge(parentKeys.as("s"), keyCondition(columns))
        .whenMatched().delete()
        .execute()));
  }
}
