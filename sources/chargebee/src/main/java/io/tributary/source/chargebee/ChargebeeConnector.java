package io.tributary.source.chargebee;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.api.Connector;
import io.tributary.api.IngestionType;
import io.tributary.api.Offset;
import io.tributary.api.OptionValues;
import io.tributary.api.ReadMetrics;
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
final class ChargebeeConnector implements Connector {
  private final OptionValues connection;
  private final Optional<ChargebeeCatalog> pinned;
  private final Clock clock;
  private final Lazy<ChargebeeClient> client;
  private final Lazy<ChargebeeFanOut> fanOut;
  private final Lazy<ChargebeeCatalog> detected;

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
    Set<String> typed = ChargebeeSchemas.typedCustomFields(tableOptions).keySet();
    UnaryOperator<ObjectNode> reshape = table.equals("events")
        ? ChargebeeRecords::eventContentAsText
        : record -> ChargebeeRecords.gatherCustomFields(record, typed);
    if (t.source() instanceof FanOut) {
      return fanOut().read(t, start, tableOptions);
    }
    if (t.source() instanceof Nested nested) {
      return readNested(t, nested, start, tableOptions);
    }
    return reader().listing(t, start, tableOptions, false, Map.of(), reshape);
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
    return new ReadResult(deleted, all.endOffset());
  }

  /** {@code GET /api/v2/configurations}: see {@link ChargebeeClient#check()}. */
  @Override
  public String check() {
    return client().check();
  }

  @Override
  public ReadMetrics metrics() {
    return client.ifBuilt().map(ChargebeeClient::metrics).orElse(ReadMetrics.ZERO);
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
    return new ReadResult(children, parents.endOffset(), List.copyOf(complete.values()));
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
