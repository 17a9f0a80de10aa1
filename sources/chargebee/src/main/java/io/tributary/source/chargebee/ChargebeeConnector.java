package io.tributary.source.chargebee;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.api.Connector;
import io.tributary.api.IngestionType;
import io.tributary.api.Offset;
import io.tributary.api.OptionValues;
import io.tributary.api.PartitionedReads;
import io.tributary.api.ReadMetrics;
import io.tributary.api.ReadPartition;
import io.tributary.api.ReadResult;
import io.tributary.api.TableMetadata;
import io.tributary.api.UserException;
import io.tributary.source.chargebee.ChargebeeTable.FanOut;
import io.tributary.source.chargebee.ChargebeeTable.Nested;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Supplier;
import io.tributary.http.Lazy;
import java.util.function.UnaryOperator;
import org.apache.spark.sql.types.StructType;

/**
 * One Chargebee site. Thread-safe: the client is, and the detected catalog is computed once.
 *
 * <p>Not {@link io.tributary.api.RecordCounts}: Chargebee has no count API. Its list responses
 * carry only {@code next_offset}, no total, so the only count is a full listing, which is a read,
 * not the few requests reconciliation may spend.
 */
final class ChargebeeConnector implements Connector, PartitionedReads {
  private final OptionValues connection;
  private final Optional<ChargebeeCatalog> pinned;
  private final Clock clock;
  private final Lazy<ChargebeeClient> client;
  private final Lazy<ChargebeeFanOut> fanOut;
  private final Lazy<ChargebeeCatalog> detected;
  /** Clients of partition reads, by the share of the budget they may spend. */
  private final Map<Integer, ChargebeeClient> shares = new ConcurrentHashMap<>();

  ChargebeeConnector(OptionValues connection, Clock clock) {
    this(connection, clock, () -> ChargebeeClient.create(connection));
  }

  /**
   * @param clock stamps the end of each listing's window
   * @param clientFactory builds the HTTP client on first use, so that describing tables needs no
   *     credentials
   */
  ChargebeeConnector(OptionValues connection, Clock clock, Supplier<ChargebeeClient> clientFactory) {
    this.client = Lazy.of(clientFactory);
    this.fanOut = Lazy.of(() -> new ChargebeeFanOut(client.get()));
    this.detected = Lazy.of(() -> ChargebeeCatalogProbe.detect(client.get()));
    this.connection = connection;
    this.pinned = ChargebeeCatalog.fromOption(
        connection.optional(ChargebeeOptions.PRODUCT_CATALOG).orElse("auto"));
    this.clock = clock;
  }

  /**
   * Every table of both catalogs, without I/O. A table the site's catalog lacks is refused by
   * {@link #schema} and {@link #metadata}, which is where a spec is validated, with a message
   * naming both catalogs; an unknown name would only say "no such table".
   */
  @Override
  public List<String> listTables() {
    return ChargebeeTables.names();
  }

  @Override
  public StructType schema(String table, OptionValues tableOptions) {
    return ChargebeeSchemas.schema(resolve(table), tableOptions);
  }

  @Override
  public TableMetadata metadata(String table, OptionValues tableOptions) {
    return resolve(table).metadata();
  }

  @Override
  public ReadResult read(String table, Offset start, OptionValues tableOptions) {
    ChargebeeTable t = resolve(table);
    if (t.source() instanceof FanOut) {
      return fanOut().read(t, start, tableOptions);
    }
    if (t.source() instanceof Nested nested) {
      return readNested(t, nested, start, tableOptions);
    }
    return reader().listing(t, start, tableOptions, false, Map.of(), reshape(t, tableOptions));
  }

  /**
   * The {@code created_at} windows of the first backfill of customers, orders, payment_sources,
   * virtual_bank_accounts or coupons ({@link ChargebeePartitions}); none for other tables and
   * reads, which are sequential.
   */
  @Override
  public List<ReadPartition> planPartitions(String table, Offset start, OptionValues tableOptions) {
    ChargebeeTable t = resolve(table);
    return ChargebeePartitions.plan(t, reader(), clock, start, Optional.empty(), tableOptions, reshape(t, tableOptions));
  }

  @Override
  public List<ReadPartition> planPartitions(String table, Offset start, Offset end, OptionValues tableOptions) {
    ChargebeeTable t = resolve(table);
    return ChargebeePartitions.plan(t, reader(), clock, start, Optional.of(end), tableOptions, reshape(t, tableOptions));
  }

  /**
   * Reads one planned window through a client that spends the partition's share of the
   * connection's budget ({@link io.tributary.http.RestClient#sharing}), so the partitions of a plan
   * stay under the budget together, on however many executors they run.
   */
  @Override
  public ReadResult readPartition(String table, ReadPartition partition, OptionValues tableOptions) {
    ChargebeeTable t = resolve(table);
    return ChargebeePartitions.read(t, partition, partitionReader(partition), clock, tableOptions,
        reshape(t, tableOptions));
  }

  /** As {@link #readPartition(String, ReadPartition, OptionValues)}, handing on each page as it is read. */
  @Override
  public ReadResult readPartition(String table, ReadPartition partition, OptionValues tableOptions,
      Consumer<List<ObjectNode>> pages) {
    ChargebeeTable t = resolve(table);
    return ChargebeePartitions.read(t, partition, partitionReader(partition), clock, tableOptions,
        reshape(t, tableOptions), pages);
  }

  /** A reader spending the partition's share of the connection's budget. */
  private ChargebeeReader partitionReader(ReadPartition partition) {
    int share = io.tributary.http.CursorPartitions.shares(partition);
    ChargebeeClient shared = share == 1 ? client() : shares.computeIfAbsent(share, n -> client().sharing(n));
    return new ChargebeeReader(shared, clock);
  }

  /** The connector's own reshaping of a listed record: events keep their content as text. */
  private static UnaryOperator<ObjectNode> reshape(ChargebeeTable table, OptionValues tableOptions) {
    Set<String> typed = ChargebeeSchemas.typedCustomFields(tableOptions).keySet();
    return table.name().equals("events")
        ? ChargebeeRecords::eventContentAsText
        : record -> ChargebeeRecords.gatherCustomFields(record, typed);
  }

  @Override
  public ReadResult readDeletes(String table, Offset start, OptionValues tableOptions) {
    ChargebeeTable t = resolve(table);
    if (t.metadata().ingestionType() != IngestionType.CDC_WITH_DELETES) {
      throw new UserException("Cannot read deletes of table '" + table + "': Chargebee does not "
          + "report its deletes; it is ingested as " + t.metadata().ingestionType());
    }
    if (!t.deletes().eventTypes().isEmpty()) {
      return reader().deleteEvents(t, start, tableOptions);
    }
    ReadResult all = reader().listing(t, start, tableOptions, true, Map.of(), r -> r);
    List<ObjectNode> deleted = new ArrayList<>();
    for (ObjectNode record : all.records()) {
      if (ChargebeeRecords.isDeleted(record)) {
        deleted.add(record);
      }
    }
    return all.withRecords(deleted);
  }

  /** {@code GET /api/v2/configurations}: see {@link ChargebeeClient#check()}. */
  @Override
  public String check() {
    return client().check();
  }

  @Override
  public ReadMetrics metrics() {
    ReadMetrics metrics = client.ifBuilt().map(ChargebeeClient::metrics).orElse(ReadMetrics.ZERO);
    for (ChargebeeClient shared : shares.values()) {
      metrics = metrics.plus(shared.metrics());
    }
    return metrics;
  }

  /**
   * A nested list read from the parent's listing. Every parent read is a complete parent: its
   * children replace the stored ones, and a deleted parent (listed with include_deleted) has
   * none, so its children are deleted.
   */
  private ReadResult readNested(ChargebeeTable table, Nested nested, Offset start, OptionValues options) {
    ChargebeeTable parent = ChargebeeTables.require(nested.parent());
    ReadResult parents = reader().listing(parent, start, options,
        parent.deletes().includeDeleted(), Map.of(), r -> r);
    List<ObjectNode> children = new ArrayList<>();
    Map<String, ObjectNode> complete = new LinkedHashMap<>();
    for (ObjectNode record : parents.records()) {
      complete.put(record.path("id").asText(), ChargebeeRecords.parentKey(record, nested));
      if (!ChargebeeRecords.isDeleted(record)) {
        children.addAll(ChargebeeRecords.children(record, nested));
      }
    }
    return new ReadResult(children, parents.endOffset(), List.copyOf(complete.values()), parents.listedAt());
  }

  private ChargebeeTable resolve(String table) {
    ChargebeeTable t = ChargebeeTables.require(table);
    if (t.catalog().isPresent()) {
      Optional<ChargebeeCatalog> site = catalog();
      if (site.isPresent() && !t.existsIn(site.get())) {
        throw ChargebeeTables.wrongCatalog(t, site.get());
      }
    }
    return t;
  }

  /** The site's catalog: pinned by the option, detected when credentials allow, else unknown. */
  private Optional<ChargebeeCatalog> catalog() {
    if (pinned.isPresent()) {
      return pinned;
    }
    if (!connection.has(ChargebeeOptions.API_KEY) || !connection.has(ChargebeeOptions.SITE)) {
      return Optional.empty();
    }
    ChargebeeCatalog current = detected.get();
    return Optional.of(current);
  }

  private ChargebeeFanOut fanOut() {
    return fanOut.get();
  }

  private ChargebeeReader reader() {
    return new ChargebeeReader(client(), clock);
  }

  private ChargebeeClient client() {
    return client.get();
  }

  @Override
  public String toString() {
    return "ChargebeeConnector" + connection;
  }
}
