package io.tributary.spark.pipeline;

import static org.apache.spark.sql.functions.col;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Appends records: {@code append} tables and {@code APPEND_ONLY}. Deletes and parent refreshes
 * are ignored, as an append-only destination never removes rows.
 *
 * <p>Incremental reads re-read {@code lookback_seconds} behind the watermark, so the same event
 * arrives again in a later run. A record is therefore appended only when no row with its primary
 * keys and sequence value exists yet: an insert-only MERGE, which also makes a replay harmless.
 */
final class AppendWriter extends DeltaWriter {

  AppendWriter(PlannedTable table, DeltaTarget target) {
    super(table, target);
  }

  @Override
  WriteCounts write(Dataset<Row> changes, Optional<String> appId, long batchId, Instant batchTime) {
    SparkSession spark = changes.sparkSession();
    ensureTable(spark, changes.schema());
    List<String> written = writtenColumns(dataColumns(changes));
    List<String> identity = new ArrayList<>(table.primaryKeys());
    table.sequenceBy().filter(s -> !identity.contains(s)).ifPresent(identity::add);
    Column[] columns = written.stream().map(c -> col(c)).toArray(Column[]::new);
    Dataset<Row> rows = withPartitions(changes.filter(col(CHANGE_TYPE).equalTo(UPSERT)))
        .select(columns)
        .dropDuplicates(identity.toArray(String[]::new));
    String on = identity.stream()
        .map(c -> "t." + DeltaTarget.quote(c) + " <=> s." + DeltaTarget.quote(c))
        .collect(Collectors.joining(" AND "));
    if (!mergeChanges(rows, on, "t." + TARGET_ROW + " IS NULL", false)) {
      return WriteCounts.ZERO;
    }
    return WriteCounts.of(target.commit(spark, appId, batchId, () -> target.table(spark).as("t")
        .merge(rows.as("s"), on)
        .whenNotMatched().insertExpr(fromSource(written))
        .execute()));
  }

  @Override
  WriteCounts deleteChildrenOf(Dataset<Row> parentKeys, Instant batchTime) {
    return WriteCounts.ZERO;
  }
}
