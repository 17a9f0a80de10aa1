package io.tributary.source.salesforce;

import io.tributary.api.Connector;
import io.tributary.api.DelegatesAuth;
import io.tributary.api.ExternalException;
import io.tributary.api.Offset;
import io.tributary.api.OptionValues;
import io.tributary.api.PartitionedReads;
import io.tributary.api.ReadPartition;
import io.tributary.api.ReadMetrics;
import io.tributary.api.ReadResult;
import io.tributary.api.RecordCount;
import io.tributary.api.RecordCounts;
import io.tributary.api.TableMetadata;
import io.tributary.api.TributaryException;
import io.tributary.http.CursorPartitions;
import io.tributary.http.Delegation;
import io.tributary.http.JobExport;
import io.tributary.http.KeysetListing;
import io.tributary.http.SnapshotListing;
import io.tributary.http.TableContext;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.types.StructType;

/**
 * One Salesforce connection. Static tables need neither network nor credentials for their
 * schemas; the client (and the OAuth token) is obtained on the first read or describe.
 *
 * <p>Every query selects only the columns the org's describe reports to the integration user (see
 * {@link SalesforceSelection}); the others stay in the schema as null and are named by {@link
 * #notices}.
 */
final class SalesforceConnector implements Connector, RecordCounts, DelegatesAuth, PartitionedReads {
  static final String COUNT_METHOD = "SOQL SELECT COUNT() over REST query (deleted rows excluded)";

  private final OptionValues options;
  private final Clock clock;
  private final SalesforceCatalog catalog;
  private volatile Readers readers;
  /** Clients of partition reads, by the share of the budget they may spend. */
  private final java.util.Map<Integer, SalesforceClient> shares = new java.util.concurrent.ConcurrentHashMap<>();
  /** What checks have spent on the data API: they use clients of their own (see {@link SalesforceCheck}). */
  private final java.util.concurrent.atomic.AtomicReference<ReadMetrics> checks =
      new java.util.concurrent.atomic.AtomicReference<>(ReadMetrics.ZERO);

  SalesforceConnector(OptionValues options, Clock clock) {
    this.options = options;
    this.clock = clock;
    this.catalog = new SalesforceCatalog(() -> readers().client, options.list(SalesforceOptions.OBJECTS));
  }

  @Override
  public List<String> listTables() {
    return catalog.names();
  }

  @Override
  public StructType schema(String table, OptionValues tableOptions) {
    return catalog.schema(catalog.table(table), tableOptions);
  }

  @Override
  public TableMetadata metadata(String table, OptionValues tableOptions) {
    return SalesforceCatalog.metadata(catalog.table(table));
  }

  @Override
  public ReadResult read(String table, Offset start, OptionValues tableOptions) {
    // The count and describe calls run outside the toolkit's listings: name the table for their errors.
    return TableContext.reading(table, () -> readRecords(table, start, tableOptions));
  }

  private ReadResult readRecords(String table, Offset start, OptionValues tableOptions) {
    SalesforceTable t = catalog.table(table);
    SalesforceSelection selection = catalog.readable(t, tableOptions);
    List<SalesforceField> fields = selection.visible();
    Readers r = readers();
    int batch = tableOptions.integer(SalesforceOptions.BATCH_SIZE);
    if (t.kind() == SalesforceTable.Kind.FULL) {
      String soql = SalesforceSoql.full(t.name(), selection.names());
      return SnapshotListing.of(t.name(), tableOptions)
          .read(start, next -> next.isPresent() ? r.client.next(next.get()) : r.client.queryAll(soql, batch));
    }
    KeysetListing listing = SalesforceListing.of(t, tableOptions, clock,
        record -> !record.path(SalesforceObjects.IS_DELETED).asBoolean(false));
    Instant since = listing.firstSince(Optional.empty());
    if (JobExport.inProgress(start)) {
      return bulk(t, fields, since, start, tableOptions);
    }
    long threshold = tableOptions.integer(SalesforceOptions.BULK_THRESHOLD);
    if (start.isStart() && threshold > 0) {
      try {
        return listing.read(start, SalesforceListing.firstRead(r.client, t, names(fields), batch, threshold));
      } catch (SalesforceListing.TooManyForRest tooMany) {
        return bulk(t, fields, since, start, tableOptions);
      }
    }
    return listing.read(start, SalesforceListing.query(r.client, t, names(fields), Optional.empty(), batch));
  }

  private ReadResult bulk(SalesforceTable t, List<SalesforceField> fields, Instant since, Offset start,
      OptionValues tableOptions) {
    int pageSize = tableOptions.integer(SalesforceOptions.BULK_PAGE_SIZE);
    return SalesforceBulk.export(t, tableOptions, clock)
        .read(start, SalesforceBulk.jobs(readers().client, t, fields, since, pageSize));
  }

  /**
   * {@code SystemModstamp} ranges of a long read of a SOQL-queried object ({@link
   * SalesforcePartitions}); none for a first read that goes through Bulk API, which stays one job.
   */
  @Override
  public List<ReadPartition> planPartitions(String table, Offset start, OptionValues tableOptions) {
    return TableContext.reading(table, () -> plan(table, start, Optional.empty(), tableOptions));
  }

  @Override
  public List<ReadPartition> planPartitions(String table, Offset start, Offset end, OptionValues tableOptions) {
    return TableContext.reading(table, () -> plan(table, start, Optional.of(end), tableOptions));
  }

  private List<ReadPartition> plan(String table, Offset start, Optional<Offset> end, OptionValues tableOptions) {
    SalesforceTable t = catalog.table(table);
    if (t.kind() != SalesforceTable.Kind.CDC) {
      return List.of();
    }
    List<String> select = names(catalog.readable(t, tableOptions).visible());
    KeysetListing listing = SalesforceListing.of(t, tableOptions, clock, record -> true);
    if (inBulk(t, start, listing.firstSince(Optional.empty()), tableOptions)) {
      return List.of();
    }
    return SalesforcePartitions.plan(t, readers().client, select, clock, start, end, tableOptions);
  }

  /**
   * Reads one planned range through a client that spends the partition's share of the
   * connection's budget, so the partitions of a plan stay under it together.
   */
  @Override
  public ReadResult readPartition(String table, ReadPartition partition, OptionValues tableOptions) {
    return TableContext.reading(table, () -> {
      SalesforceTable t = catalog.table(table);
      List<String> select = names(catalog.readable(t, tableOptions).visible());
      int share = CursorPartitions.shares(partition);
      SalesforceClient client = share == 1 ? readers().client
          : shares.computeIfAbsent(share, n -> readers().client.sharing(n));
      return SalesforcePartitions.read(t, partition, client, select, tableOptions);
    });
  }

  /** A first read of an object with more than {@code bulk_threshold} records goes through Bulk API. */
  private boolean inBulk(SalesforceTable t, Offset start, Instant since, OptionValues tableOptions) {
    long threshold = tableOptions.integer(SalesforceOptions.BULK_THRESHOLD);
    return start.isStart() && threshold > 0
        && readers().client.count(SalesforceSoql.count(t.name(), t.cursor().orElseThrow(), since)) > threshold;
  }

  @Override
  public ReadResult readDeletes(String table, Offset start, OptionValues tableOptions) {
    return TableContext.reading(table, () -> readDeleted(table, start, tableOptions));
  }

  private ReadResult readDeleted(String table, Offset start, OptionValues tableOptions) {
    SalesforceTable t = catalog.table(table);
    if (t.kind() != SalesforceTable.Kind.CDC) {
      return Connector.super.readDeletes(table, start, tableOptions);
    }
    if (!t.softDeletes() && !t.hardDeletes()) {
      // User and UserRole cannot be deleted, only deactivated: there is never a delete to report.
      return new ReadResult(List.of(), start);
    }
    // Refuses the read, as the records' read does, when the integration user cannot see a field it needs.
    catalog.readable(t, tableOptions);
    return readers().deletes.read(t, tableOptions, start);
  }

  /** Names the columns describe hides from the integration user, which every record leaves null. */
  @Override
  public List<String> notices(String table, OptionValues tableOptions) {
    SalesforceTable t = catalog.table(table);
    try {
      return catalog.selection(t, tableOptions).notice().stream().toList();
    } catch (TributaryException e) {
      // The object could not be described; the read reports why, and a notice adds nothing to that.
      return List.of();
    }
  }

  /**
   * {@code SELECT COUNT() FROM X WHERE cursor <= upTo} over REST {@code query}, which leaves out
   * recycled rows as the table does. SOQL literals have whole seconds, so the window counted is
   * {@code upTo} truncated to its second, and the result says so. An object without a cursor is
   * counted whole.
   */
  @Override
  public Optional<RecordCount> count(String table, Optional<Instant> upTo, OptionValues tableOptions) {
    SalesforceTable t = catalog.table(table);
    catalog.readable(t, tableOptions);
    Optional<Instant> window = t.cursor().isPresent()
        ? upTo.map(u -> u.truncatedTo(ChronoUnit.SECONDS)) : Optional.empty();
    String soql = SalesforceSoql.countUpTo(t.name(), t.cursor(), window);
    long records;
    try {
      records = readers().client.count(soql);
    } catch (SalesforceClient.QueryTimeout timeout) {
      String provider = ((ExternalException) timeout.getCause()).providerMessage().orElse(null);
      throw new ExternalException("Cannot count table '" + table + "': Salesforce answers QUERY_TIMEOUT "
          + "for SELECT COUNT() on it", 400, provider, true);
    }
    return Optional.of(window.map(w -> RecordCount.upTo(records, w, COUNT_METHOD))
        .orElseGet(() -> RecordCount.whole(records, COUNT_METHOD)));
  }

  /**
   * An access token from the configured grant, then {@code GET /services/data/vXX.X/limits}: see
   * {@link SalesforceCheck}.
   */
  @Override
  public String check() {
    return SalesforceCheck.run(options, clock, spent -> checks.accumulateAndGet(spent, ReadMetrics::plus));
  }

  /**
   * The connection options without client_secret, refresh_token, private_key or access_token,
   * carrying an access token from this connection's grant: Spark executors read with it and never
   * redeem (or rotate) the refresh token.
   */
  @Override
  public OptionValues delegate() {
    return Delegation.delegate(options, readers().client.tokens());
  }

  @Override
  public ReadMetrics metrics() {
    Readers r = readers;
    ReadMetrics metrics = (r == null ? ReadMetrics.ZERO : r.client.metrics()).plus(checks.get());
    for (SalesforceClient shared : shares.values()) {
      metrics = metrics.plus(shared.metrics());
    }
    return metrics;
  }

  @Override
  public void close() {
    Readers r = readers;
    if (r != null) {
      r.client.close();
    }
    shares.values().forEach(SalesforceClient::close);
  }

  private static List<String> names(List<SalesforceField> fields) {
    return fields.stream().map(SalesforceField::name).toList();
  }

  private Readers readers() {
    Readers r = readers;
    if (r == null) {
      synchronized (this) {
        if (readers == null) {
          readers = new Readers(SalesforceClient.create(options, clock), clock);
        }
        r = readers;
      }
    }
    return r;
  }

  @Override
  public String toString() {
    return "SalesforceConnector[" + (readers == null ? "not connected" : readers.client) + "]";
  }

  /** What the reads share: one client, so one token and one quota view, per connection. */
  private static final class Readers {
    final SalesforceClient client;
    final SalesforceDeletes deletes;

    Readers(SalesforceClient client, Clock clock) {
      this.client = client;
      this.deletes = new SalesforceDeletes(client, clock);
    }
  }
}
