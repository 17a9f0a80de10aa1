package io.tributary.spark.pipeline;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.delta.tables.DeltaTable;
import io.delta.tables.DeltaTableBuilder;
import io.tributary.api.Json;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.delta.DeltaLog;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * A destination Delta table, addressed by path in a local warehouse or by name in a catalog (as
 * on Databricks with Unity Catalog). Creates the table, adds columns that appear later, runs a
 * write under Delta's idempotent-transaction settings and reads the commit's metrics.
 */
final class DeltaTarget {
  static final String TXN_APP_ID = "spark.databricks.delta.write.txnAppId";
  static final String TXN_VERSION = "spark.databricks.delta.write.txnVersion";

  private final Optional<Location> path;
  private final Optional<String> name;
  private final String displayName;

  private DeltaTarget(Optional<Location> path, Optional<String> name, String displayName) {
    this.path = path;
    this.name = name;
    this.displayName = displayName;
  }

  static DeltaTarget atPath(Location path, String displayName) {
    return new DeltaTarget(Optional.of(path), Optional.empty(), displayName);
  }

  static DeltaTarget atPath(java.nio.file.Path path, String displayName) {
    return atPath(Location.of(Location.uriOf(path), "table path"), displayName);
  }

  /** A table in a catalog; {@code qualifiedName} is quoted SQL, {@code displayName} plain. */
  static DeltaTarget named(String qualifiedName, String displayName) {
    return new DeltaTarget(Optional.empty(), Optional.of(qualifiedName), displayName);
  }

  /** How SQL refers to the table: {@code delta.`/path`} or the qualified name. */
  String sql() {
    return path.map(p -> "delta." + quote(p.uri())).orElseGet(name::get);
  }

  Optional<Location> path() {
    return path;
  }

  String displayName() {
    return displayName;
  }

  boolean exists(SparkSession spark) {
    return path.map(p -> DeltaTable.isDeltaTable(spark, p.uri()))
        .orElseGet(() -> spark.catalog().tableExists(name.get()));
  }

  DeltaTable table(SparkSession spark) {
    return path.map(p -> DeltaTable.forPath(spark, p.uri()))
        .orElseGet(() -> DeltaTable.forName(spark, name.get()));
  }

  /**
   * Creates the table when missing, clustered or partitioned as asked, keeping statistics of the
   * columns {@code stats} lists ({@link StatsColumns}; Delta's choice when empty), asked for only
   * when the table is created; columns are all nullable.
   */
  void createIfMissing(SparkSession spark, StructType columns, List<String> clusterBy, List<String> partitionBy,
      java.util.function.Supplier<Optional<String>> stats) {
    if (exists(spark)) {
      return;
    }
    DeltaTableBuilder builder = DeltaTable.createIfNotExists(spark).addColumns(nullable(columns));
    builder = path.isPresent() ? builder.location(path.get().uri()) : builder.tableName(name.get());
    if (!clusterBy.isEmpty()) {
      builder = builder.clusterBy(clusterBy.toArray(String[]::new));
    }
    if (!partitionBy.isEmpty()) {
      builder = builder.partitionedBy(partitionBy.toArray(String[]::new));
    }
    Optional<String> statsColumns = stats.get();
    if (statsColumns.isPresent()) {
      builder = builder.property(StatsColumns.PROPERTY, statsColumns.get());
    }
    builder.execute();
  }

  /**
   * Adds the columns of {@code incoming} the table lacks, so a field that appears between runs is
   * kept. Never drops or retypes a column: older rows keep their values.
   */
  void addMissingColumns(SparkSession spark, StructType incoming) {
    Set<String> existing = Arrays.stream(table(spark).toDF().schema().fieldNames())
        .map(String::toLowerCase).collect(Collectors.toSet());
    List<String> added = new ArrayList<>();
    for (StructField field : incoming.fields()) {
      if (!existing.contains(field.name().toLowerCase())) {
        added.add(field.toDDL());
      }
    }
    if (!added.isEmpty()) {
      spark.sql("ALTER TABLE " + sql() + " ADD COLUMNS (" + String.join(", ", added) + ")");
    }
  }

  /**
   * Runs {@code write}, a single Delta commit, under Delta's idempotent-write settings: when the
   * table already holds a commit of {@code appId} at {@code version} or later, Delta skips it, so
   * a replayed micro-batch is not applied twice. The settings are removed afterwards because every
   * later commit on the session (ALTER TABLE too) would otherwise be checked against them.
   */
  Commit commit(SparkSession spark, Optional<String> appId, long version, Runnable write) {
    long before = version(spark);
    if (appId.isPresent()) {
      spark.conf().set(TXN_APP_ID, appId.get());
      spark.conf().set(TXN_VERSION, version);
    }
    try {
      write.run();
    } finally {
      if (appId.isPresent()) {
        spark.conf().unset(TXN_APP_ID);
        spark.conf().unset(TXN_VERSION);
      }
    }
    return lastCommit(spark, before);
  }

  /** Appends {@code rows}, whose columns the table has, by name; one commit. */
  void append(Dataset<Row> rows) {
    org.apache.spark.sql.DataFrameWriter<Row> writer = rows.write().format("delta").mode("append");
    if (path.isPresent()) {
      writer.save(path.get().uri());
    } else {
      writer.saveAsTable(name.orElseThrow());
    }
  }

  /**
   * True when the table already holds a commit of {@code appId} at {@code version} or later: a
   * micro-batch replayed after a process died between its Delta commit and its checkpoint's
   * commit-log entry. Delta would skip writing it again; the caller also must not count it again.
   */
  boolean holdsCommit(SparkSession spark, String appId, long version) {
    if (!exists(spark)) {
      return false;
    }
    scala.Option<Object> committed = log(spark).update(false, scala.Option.empty(), scala.Option.empty())
        .transactions().get(appId);
    return committed.isDefined() && ((Number) committed.get()).longValue() >= version;
  }

  /** Runs {@code write} without a transaction id and returns the commit it made, if any. */
  Commit commit(SparkSession spark, Runnable write) {
    return commit(spark, Optional.empty(), 0, write);
  }

  /**
   * The table's latest version, from its Delta log's listing: no Spark job, where {@code
   * DESCRIBE HISTORY} runs one.
   */
  long version(SparkSession spark) {
    return log(spark).update(false, scala.Option.empty(), scala.Option.empty()).version();
  }

  /**
   * True when the table is known to hold no data file, from the checksum file Delta writes with
   * each commit ({@code _delta_log/<version>.crc}, its {@code numFiles}): one small file, no Spark
   * job. (Delta's own {@code numOfFilesIfKnown} may instead rebuild the snapshot's state, a job.)
   * False when it holds files or the count is not known.
   */
  boolean knownEmpty(SparkSession spark) {
    DeltaLog log = log(spark);
    long version = log.update(false, scala.Option.empty(), scala.Option.empty()).version();
    return filesAt(log, version).map(files -> files == 0).orElse(false);
  }

  /** The number of data files at {@code version}, from its checksum file; empty when there is none. */
  static Optional<Long> filesAt(DeltaLog log, long version) {
    return logFile(log, String.format("%020d.crc", version)).flatMap(lines -> {
      try {
        JsonNode files = Json.MAPPER.readTree(String.join("\n", lines)).get("numFiles");
        return files != null && files.canConvertToLong() ? Optional.of(files.asLong()) : Optional.empty();
      } catch (JsonProcessingException e) {
        return Optional.empty();
      }
    });
  }

  /** The lines of one file of the table's Delta log; empty when it is not there or cannot be read. */
  private static Optional<List<String>> logFile(DeltaLog log, String name) {
    org.apache.hadoop.fs.Path file = new org.apache.hadoop.fs.Path(log.logPath(), name);
    try {
      return Optional.of(scala.jdk.javaapi.CollectionConverters.asJava(log.store().read(file, log.newDeltaHadoopConf())));
    } catch (Exception e) {
      // A missing file comes as Hadoop's FileNotFoundException, which Scala does not declare.
      return Optional.empty();
    }
  }

  /** The table's Delta log: by path without building a {@code DeltaTable}, which checks and plans more. */
  private DeltaLog log(SparkSession spark) {
    return path.map(p -> DeltaLog.forTable(spark, new org.apache.hadoop.fs.Path(p.uri())))
        .orElseGet(() -> table(spark).deltaLog());
  }

  private Commit lastCommit(SparkSession spark, long before) {
    DeltaLog log = log(spark);
    long version = log.update(false, scala.Option.empty(), scala.Option.empty()).version();
    if (version == before) {
      return Commit.SKIPPED;
    }
    return commitAt(log, version).orElseGet(() -> {
      Row last = table(spark).history(1).select("version", "operation", "operationMetrics").first();
      Map<String, String> metrics = last.isNullAt(2) ? Map.of() : new HashMap<>(last.getJavaMap(2));
      return new Commit(last.getLong(0), last.getString(1), metrics);
    });
  }

  /**
   * The commit info of {@code version}, read from its commit file in the log: one small file,
   * where {@code DESCRIBE HISTORY} runs a Spark job. Empty when the file is not there (a table
   * whose commits a catalog coordinates may not have written it yet); the caller asks history.
   */
  static Optional<Commit> commitAt(DeltaLog log, long version) {
    Optional<List<String>> read = logFile(log, String.format("%020d.json", version));
    if (read.isEmpty()) {
      return Optional.empty();
    }
    for (String line : read.get()) {
      if (!line.contains("\"commitInfo\"")) {
        continue;
      }
      try {
        JsonNode info = Json.MAPPER.readTree(line).path("commitInfo");
        if (!info.isObject()) {
          continue;
        }
        Map<String, String> metrics = new HashMap<>();
        info.path("operationMetrics").fields().forEachRemaining(e -> metrics.put(e.getKey(), e.getValue().asText()));
        return Optional.of(new Commit(version, info.path("operation").asText(""), metrics));
      } catch (JsonProcessingException e) {
        return Optional.empty();
      }
    }
    return Optional.empty();
  }

  /** One commit's version, operation and Delta operation metrics; {@link #SKIPPED} if none. */
  record Commit(long version, String operation, Map<String, String> metrics) {
    static final Commit SKIPPED = new Commit(-1, "NONE", Map.of());

    long metric(String... names) {
      long sum = 0;
      for (String metricName : names) {
        sum += Long.parseLong(metrics.getOrDefault(metricName, "0"));
      }
      return sum;
    }

    boolean skipped() {
      return version < 0;
    }
  }

  static StructType nullable(StructType schema) {
    StructField[] fields = Arrays.stream(schema.fields())
        .map(f -> new StructField(f.name(), f.dataType(), true, f.metadata()))
        .toArray(StructField[]::new);
    return new StructType(fields);
  }

  static String quote(String identifier) {
    return "`" + identifier.replace("`", "``") + "`";
  }

  @Override
  public String toString() {
    return displayName;
  }
}
