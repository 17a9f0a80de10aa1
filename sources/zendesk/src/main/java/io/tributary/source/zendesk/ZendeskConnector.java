package io.tributary.source.zendesk;

import io.tributary.api.CommonOptions;
import io.tributary.api.Connector;
import io.tributary.api.IngestionType;
import io.tributary.api.Offset;
import io.tributary.api.OptionValues;
import io.tributary.api.ReadMetrics;
import io.tributary.api.ReadResult;
import io.tributary.api.RecordCount;
import io.tributary.api.RecordCounts;
import io.tributary.api.TableMetadata;
import io.tributary.api.UserException;
import io.tributary.http.ExportListing;
import io.tributary.http.IncrementalListing;
import io.tributary.http.JsonResponse;
import io.tributary.http.Page;
import io.tributary.http.Paging;
import io.tributary.http.RateLimiter;
import io.tributary.http.SnapshotListing;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntFunction;
import org.apache.spark.sql.types.StructType;

/**
 * One Zendesk connection. Tables and schemas are static; the HTTP client is built on first read.
 * Tables with a Zendesk count endpoint can be counted for reconciliation, one request each.
 */
final class ZendeskConnector implements Connector, RecordCounts {
  private final OptionValues options;
  private final Clock clock;
  private final IntFunction<RateLimiter> exportLimiters;
  /** Each export table's listing, kept so that its records and deletes reads share pages. */
  private final java.util.Map<String, ExportListing> exports = new java.util.concurrent.ConcurrentHashMap<>();
  private ZendeskClient client;

  ZendeskConnector(OptionValues options, Clock clock, IntFunction<RateLimiter> exportLimiters) {
    ZendeskOptions.credentials(options);
    this.options = options;
    this.clock = clock;
    this.exportLimiters = exportLimiters;
  }

  @Override
  public List<String> listTables() {
    return ZendeskTables.names();
  }

  @Override
  public StructType schema(String table, OptionValues tableOptions) {
    return ZendeskTables.require(table).schema();
  }

  @Override
  public TableMetadata metadata(String table, OptionValues tableOptions) {
    return ZendeskTables.require(table).metadata();
  }

  @Override
  public ReadResult read(String table, Offset start, OptionValues tableOptions) {
    ZendeskTables.Table spec = ZendeskTables.require(table);
    check(spec, tableOptions);
    if (spec.kind().export()) {
      return export(spec).read(start, tableOptions, client()::export);
    }
    if (spec.metadata().ingestionType() == IngestionType.SNAPSHOT) {
      return SnapshotListing.of(table, tableOptions).read(start, next -> listPage(spec, tableOptions,
          next, Map.of()));
    }
    // satisfaction_ratings: the list endpoint filters on start_time (epoch seconds).
    IncrementalListing listing = IncrementalListing.builder(table, "updated_at")
        .tableOptions(tableOptions).clock(clock).build();
    return listing.read(start, (since, next) -> listPage(spec, tableOptions, next,
        Map.of("start_time", String.valueOf(since.getEpochSecond()))));
  }

  @Override
  public ReadResult readDeletes(String table, Offset start, OptionValues tableOptions) {
    ZendeskTables.Table spec = ZendeskTables.require(table);
    if (spec.deleted().isEmpty()) {
      return Connector.super.readDeletes(table, start, tableOptions);
    }
    check(spec, tableOptions);
    return export(spec).readDeletes(start, tableOptions, client()::export);
  }

  /**
   * The table's export, one per table for the connector's life: a records read keeps the deletes
   * of its pages for the deletes read from the same offset, so the two feeds share their requests.
   */
  private ExportListing export(ZendeskTables.Table spec) {
    return exports.computeIfAbsent(spec.name(), name -> ZendeskExports.of(spec, clock));
  }

  /**
   * Zendesk's count of the records {@code table} keeps, from its count endpoint: the whole table,
   * whatever {@code upTo} says, since the counts take no time filter. Empty for tables without one.
   */
  @Override
  public Optional<RecordCount> count(String table, Optional<Instant> upTo, OptionValues tableOptions) {
    ZendeskTables.Table spec = ZendeskTables.require(table);
    if (spec.countPath().isEmpty()) {
      return Optional.empty();
    }
    String path = spec.countPath().get();
    return Optional.of(ZendeskCounts.read(table, path, client().list(path, Map.of())));
  }

  /** "Show Self", {@code GET /api/v2/users/me}: see {@link ZendeskClient#check()}. */
  @Override
  public String check() {
    return client().check();
  }

  @Override
  public synchronized ReadMetrics metrics() {
    return client == null ? ReadMetrics.ZERO : client.metrics();
  }

  @Override
  public synchronized void close() {
    if (client != null) {
      client.close();
    }
  }

  private synchronized ZendeskClient client() {
    if (client == null) {
      client = ZendeskClient.create(options, exportLimiters);
    }
    return client;
  }

  /** Cursor pagination: {@code page[size]}, then {@code links.next} while {@code meta.has_more}. */
  private Page listPage(ZendeskTables.Table spec, OptionValues tableOptions, Optional<String> next,
      Map<String, String> filters) {
    JsonResponse response;
    if (next.isPresent()) {
      response = client().next(next.get());
    } else {
      Map<String, String> query = new LinkedHashMap<>(filters);
      query.put("page[size]", tableOptions.optional(CommonOptions.PER_PAGE)
          .orElse(String.valueOf(ZendeskOptions.MAX_LIST_PAGE)));
      response = client().list(spec.path(), query);
    }
    // Small models without cursor support answer everything at once, without meta: one page.
    return new Page(Paging.records(response, "/" + spec.itemsField()),
        Paging.tokenWhileMore(response.body(), "/links/next", "/meta/has_more"));
  }

  /** Table options whose valid range depends on the table. */
  private static void check(ZendeskTables.Table spec, OptionValues tableOptions) {
    Optional<Integer> perPage = tableOptions.optional(CommonOptions.PER_PAGE)
        .map(v -> Integer.parseInt(v.trim()));
    if (perPage.isPresent() && perPage.get() > spec.maxPerPage()) {
      throw new UserException("Invalid value " + perPage.get() + " for option 'per_page' of table '"
          + spec.name() + "': must be between 1 and " + spec.maxPerPage()
          + " for this endpoint (only incremental export tables accept up to 1000)");
    }
    if (tableOptions.optional(ZendeskOptions.START_CURSOR).isPresent() && !spec.kind().export()) {
      throw new UserException("Cannot use option 'start_cursor' for table '" + spec.name()
          + "': only the incremental export tables (tickets, users, organizations, "
          + "ticket_comments, ticket_metric_events) read from a cursor");
    }
  }
}
