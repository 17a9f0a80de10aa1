package io.tributary.http.rest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.api.CommonOptions;
import io.tributary.api.Connector;
import io.tributary.api.Offset;
import io.tributary.api.PartitionedReads;
import io.tributary.api.ReadPartition;
import java.util.Optional;
import io.tributary.api.OptionValues;
import io.tributary.api.ReadMetrics;
import io.tributary.api.ReadResult;
import io.tributary.api.TableMetadata;
import io.tributary.http.ConnectionCheck;
import io.tributary.http.HttpSettings;
import io.tributary.http.Lazy;
import io.tributary.http.PiiFilter;
import io.tributary.http.RestClient;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.apache.spark.sql.types.StructType;

/**
 * One connection of a declared {@link RestSource}. Tables are declared, so listing, schemas and
 * metadata need neither network nor credentials; the client is built on the first read. With
 * {@code pii=drop} the schema loses its tagged columns and every record is cut to that schema here,
 * before the framework sees it, so nothing personal reaches a row, a log or {@code _rescued_data}.
 */
final class RestConnector implements Connector, PartitionedReads {
  private final RestSource source;
  private final OptionValues connection;
  private final Lazy<HttpSettings> settings;
  private final Lazy<RestReads> reads;
  private final Lazy<ConnectionCheck> probe;
  private final Map<String, PiiFilter> filters = new ConcurrentHashMap<>();
  /** Partition reads, by the share of the budget they may spend: a client each. */
  private final Map<Integer, RestReads> shares = new ConcurrentHashMap<>();
  private final Clock clock;

  RestConnector(RestSource source, OptionValues connection, Clock clock) {
    this.source = Objects.requireNonNull(source, "source");
    this.connection = Objects.requireNonNull(connection, "connection");
    this.clock = clock;
    this.settings = Lazy.of(() -> source.settings(connection));
    this.reads = Lazy.of(() -> new RestReads(source, RestClient.create(settings.get()), clock));
    this.probe = Lazy.of(() -> {
      RestSource.Check check = source.check().orElseThrow(() -> new UnsupportedOperationException(
          "Cannot check a " + source.name() + " connection: the source declares no check"));
      ConnectionCheck c = ConnectionCheck.of(settings.get(), check.vendor(), check.path());
      return check.forbiddenMeans().map(c::forbiddenMeans).orElse(c);
    });
  }

  @Override
  public List<String> listTables() {
    return source.tableNames();
  }

  /** The table, after its schema hook has checked that these options suit it. */
  private RestTable table(String name, OptionValues tableOptions) {
    RestTable table = source.table(name);
    table.schema(tableOptions);
    return table;
  }

  @Override
  public StructType schema(String table, OptionValues tableOptions) {
    StructType schema = source.table(table).schema(tableOptions);
    return dropsPii(tableOptions) ? PiiFilter.withoutPii(schema) : schema;
  }

  @Override
  public TableMetadata metadata(String table, OptionValues tableOptions) {
    return table(table, tableOptions).metadata();
  }

  @Override
  public ReadResult read(String table, Offset start, OptionValues tableOptions) {
    RestTable t = table(table, tableOptions);
    return cut(t, tableOptions, reads.get().records(t, start, tableOptions));
  }

  /**
   * Windows of the cursor for a table declared {@link RestTable.Builder#windowsBySort()} or {@link
   * RestTable.Builder#until}, when its range is long and holds more than a page; see {@link
   * RestReads#plan}. Costs about one request per partition.
   */
  @Override
  public List<ReadPartition> planPartitions(String table, Offset start, OptionValues tableOptions) {
    return reads.get().plan(table(table, tableOptions), start, Optional.empty(), tableOptions);
  }

  @Override
  public List<ReadPartition> planPartitions(String table, Offset start, Offset end, OptionValues tableOptions) {
    return reads.get().plan(table(table, tableOptions), start, Optional.of(end), tableOptions);
  }

  /**
   * Reads one planned window, through a client that spends the partition's share of the
   * connection's budget ({@link io.tributary.http.RestClient#sharing}), so the partitions of a plan
   * stay under the budget together, on however many executors they run.
   */
  @Override
  public ReadResult readPartition(String table, ReadPartition partition, OptionValues tableOptions) {
    RestTable t = table(table, tableOptions);
    return cut(t, tableOptions, partitionReads(partition).window(t, partition, tableOptions));
  }

  /** As {@link #readPartition(String, ReadPartition, OptionValues)}, handing on each page as it is read. */
  @Override
  public ReadResult readPartition(String table, ReadPartition partition, OptionValues tableOptions,
      Consumer<List<ObjectNode>> pages) {
    RestTable t = table(table, tableOptions);
    return partitionReads(partition).window(t, partition, tableOptions,
        page -> pages.accept(cut(t, tableOptions, page)));
  }

  /** The reads of a partition, through a client spending its share of the connection's budget. */
  private RestReads partitionReads(ReadPartition partition) {
    return shares.computeIfAbsent(io.tributary.http.CursorPartitions.shares(partition),
        n -> new RestReads(source, RestClient.sharing(settings.get(), n), clock));
  }

  @Override
  public ReadResult readDeletes(String table, Offset start, OptionValues tableOptions) {
    RestTable t = table(table, tableOptions);
    if (t.deleteLists().isEmpty()) {
      return Connector.super.readDeletes(table, start, tableOptions);
    }
    return cut(t, tableOptions, reads.get().deletes(t, start, tableOptions));
  }

  @Override
  public String check() {
    ConnectionCheck check = probe.get();
    return source.check().orElseThrow().report().describe(check, connection, check.run());
  }

  @Override
  public ReadMetrics metrics() {
    ReadMetrics metrics = reads.ifBuilt().map(RestReads::metrics).orElse(ReadMetrics.ZERO);
    metrics = metrics.plus(probe.ifBuilt().map(ConnectionCheck::metrics).orElse(ReadMetrics.ZERO));
    for (RestReads shared : shares.values()) {
      metrics = metrics.plus(shared.metrics());
    }
    for (PiiFilter filter : filters.values()) {
      metrics = metrics.plus(filter.metrics());
    }
    return metrics;
  }

  /** Cancels the prefetches in flight; the client itself has nothing to release. */
  @Override
  public void close() {
    reads.ifBuilt().ifPresent(RestReads::close);
    shares.values().forEach(RestReads::close);
  }

  /** pii has a default, so a source that offers it always has a value, and others never do. */
  private static boolean dropsPii(OptionValues tableOptions) {
    return tableOptions.has(CommonOptions.PII) && "drop".equals(tableOptions.string(CommonOptions.PII));
  }

  private ReadResult cut(RestTable table, OptionValues tableOptions, ReadResult result) {
    return dropsPii(tableOptions) ? result.withRecords(cut(table, tableOptions, result.records())) : result;
  }

  private List<ObjectNode> cut(RestTable table, OptionValues tableOptions, List<ObjectNode> records) {
    if (!dropsPii(tableOptions)) {
      return records;
    }
    PiiFilter filter = filters.computeIfAbsent(table.name(),
        name -> PiiFilter.forSchema(name, table.schema(tableOptions)));
    return filter.apply(records);
  }

  @Override
  public String toString() {
    return "RestConnector[" + source.name() + ", " + settings + "]";
  }
}
