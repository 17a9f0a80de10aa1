package io.tributary.source.freshdesk;

import io.tributary.api.Connector;
import io.tributary.api.Offset;
import io.tributary.api.OptionValues;
import io.tributary.api.ReadMetrics;
import io.tributary.api.ReadResult;
import io.tributary.api.TableMetadata;
import io.tributary.http.PiiFilter;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.apache.spark.sql.types.StructType;

/**
 * One Freshdesk connection. Tables are static, so listing, schemas and metadata need neither
 * network nor credentials; the client is built on the first read. With {@code pii=drop} the
 * schema loses its tagged columns and every record is cut to that schema here, before the
 * framework sees it, so nothing personal reaches a row, a log or {@code _rescued_data}.
 */
final class FreshdeskConnector implements Connector {
  private final Supplier<FreshdeskClient> clientFactory;
  private final Clock clock;
  private final Map<String, PiiFilter> filters = new ConcurrentHashMap<>();
  private volatile FreshdeskClient client;
  private volatile FreshdeskReads reads;

  FreshdeskConnector(Supplier<FreshdeskClient> clientFactory, Clock clock) {
    this.clientFactory = Objects.requireNonNull(clientFactory, "clientFactory");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public List<String> listTables() {
    return FreshdeskTables.names();
  }

  @Override
  public StructType schema(String table, OptionValues tableOptions) {
    FreshdeskTable t = FreshdeskTables.require(table);
    return dropsPii(tableOptions) ? PiiFilter.withoutPii(t.schema()) : t.schema();
  }

  @Override
  public TableMetadata metadata(String table, OptionValues tableOptions) {
    return FreshdeskTables.require(table).metadata();
  }

  @Override
  public ReadResult read(String table, Offset start, OptionValues tableOptions) {
    FreshdeskTable t = FreshdeskTables.require(table);
    return cut(t, tableOptions, reads().records(t, start, tableOptions));
  }

  @Override
  public ReadResult readDeletes(String table, Offset start, OptionValues tableOptions) {
    FreshdeskTable t = FreshdeskTables.require(table);
    if (!t.reportsDeletes()) {
      return Connector.super.readDeletes(table, start, tableOptions);
    }
    return cut(t, tableOptions, reads().deletes(t, start, tableOptions));
  }

  /** {@code GET /api/v2/agents/me}: see {@link FreshdeskClient#check()}. */
  @Override
  public String check() {
    reads();
    return client.check();
  }

  @Override
  public ReadMetrics metrics() {
    FreshdeskReads r = reads;
    ReadMetrics metrics = r == null ? ReadMetrics.ZERO : client.metrics().plus(r.metrics());
    for (PiiFilter filter : filters.values()) {
      metrics = metrics.plus(filter.metrics());
    }
    return metrics;
  }

  @Override
  public void close() {
    if (client != null) {
      client.close();
    }
  }

  private static boolean dropsPii(OptionValues tableOptions) {
    return tableOptions.definitions().find(FreshdeskOptions.PII).isPresent()
        && "drop".equals(tableOptions.string(FreshdeskOptions.PII));
  }

  private ReadResult cut(FreshdeskTable table, OptionValues tableOptions, ReadResult result) {
    if (!dropsPii(tableOptions)) {
      return result;
    }
    PiiFilter filter = filters.computeIfAbsent(table.name(), name -> PiiFilter.forSchema(name, table.schema()));
    return new ReadResult(filter.apply(result.records()), result.endOffset(), result.completeParents());
  }

  private FreshdeskReads reads() {
    FreshdeskReads r = reads;
    if (r == null) {
      synchronized (this) {
        if (reads == null) {
          client = clientFactory.get();
          reads = new FreshdeskReads(client, clock);
        }
        r = reads;
      }
    }
    return r;
  }

  @Override
  public String toString() {
    return "FreshdeskConnector[" + (client == null ? "not connected" : client) + "]";
  }
}
