package io.tributary.source.freshservice;

import io.tributary.api.Connector;
import io.tributary.api.Offset;
import io.tributary.api.OptionValues;
import io.tributary.api.ReadMetrics;
import io.tributary.api.ReadResult;
import io.tributary.api.TableMetadata;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import org.apache.spark.sql.types.StructType;

/**
 * One Freshservice connection. Tables are static, so listing, schemas and metadata need neither
 * network nor credentials; the client is built on the first read.
 */
final class FreshserviceConnector implements Connector {
  private final Supplier<FreshserviceClient> clientFactory;
  private final Clock clock;
  private volatile Readers readers;

  FreshserviceConnector(Supplier<FreshserviceClient> clientFactory, Clock clock) {
    this.clientFactory = Objects.requireNonNull(clientFactory, "clientFactory");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public List<String> listTables() {
    return FreshserviceTables.names();
  }

  @Override
  public StructType schema(String table, OptionValues tableOptions) {
    return FreshserviceTables.require(table, tableOptions).schema(tableOptions);
  }

  @Override
  public TableMetadata metadata(String table, OptionValues tableOptions) {
    return FreshserviceTables.require(table, tableOptions).metadata();
  }

  @Override
  public ReadResult read(String table, Offset start, OptionValues tableOptions) {
    FreshserviceTable t = FreshserviceTables.require(table, tableOptions);
    Readers r = readers();
    return switch (t.read()) {
      case INCREMENTAL -> r.incremental.records(t, start, tableOptions);
      case SNAPSHOT -> r.snapshots.read(t, start, tableOptions);
      case PER_SERVICE_REQUEST -> r.requestedItems.read(t, start, tableOptions);
    };
  }

  @Override
  public ReadResult readDeletes(String table, Offset start, OptionValues tableOptions) {
    FreshserviceTable t = FreshserviceTables.require(table, tableOptions);
    if (!t.reportsDeletes()) {
      return Connector.super.readDeletes(table, start, tableOptions);
    }
    return readers().incremental.deletes(t, start, tableOptions);
  }

  /** {@code GET /api/v2/agents/me}: see {@link FreshserviceClient#check()}. */
  @Override
  public String check() {
    return readers().client.check();
  }

  @Override
  public ReadMetrics metrics() {
    Readers r = readers;
    return r == null ? ReadMetrics.ZERO : r.client.metrics().plus(r.requestedItems.metrics());
  }

  @Override
  public void close() {
    Readers r = readers;
    if (r != null) {
      r.client.close();
    }
  }

  private Readers readers() {
    Readers r = readers;
    if (r == null) {
      synchronized (this) {
        if (readers == null) {
          readers = new Readers(clientFactory.get(), clock);
        }
        r = readers;
      }
    }
    return r;
  }

  @Override
  public String toString() {
    return "FreshserviceConnector[" + (readers == null ? "not connected" : readers.client) + "]";
  }

  /** What the reads share: one client, so one rate budget, per connection. */
  private static final class Readers {
    final FreshserviceClient client;
    final FreshserviceIncremental incremental;
    final FreshserviceSnapshots snapshots;
    final FreshserviceRequestedItems requestedItems;

    Readers(FreshserviceClient client, Clock clock) {
      this.client = client;
      this.incremental = new FreshserviceIncremental(client, clock);
      this.snapshots = new FreshserviceSnapshots(client);
      this.requestedItems = new FreshserviceRequestedItems(client);
    }
  }
}
