package io.tributary.spark.testing;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.api.CommonOptions;
import io.tributary.api.Connector;
import io.tributary.api.ExternalException;
import io.tributary.api.IngestionType;
import io.tributary.api.Json;
import io.tributary.api.Offset;
import io.tributary.api.OptionValues;
import io.tributary.api.PartitionedReads;
import io.tributary.api.ReadMetrics;
import io.tributary.api.ReadPartition;
import io.tributary.api.ReadResult;
import io.tributary.api.RecordCount;
import io.tributary.api.RecordCounts;
import io.tributary.api.TableMetadata;
import io.tributary.api.UserException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.apache.spark.sql.types.StructType;

/**
 * Reads a {@link MemoryDataset} following the {@link Connector#read} contract: snapshot tables page
 * by key; incremental tables list records with cursor {@code >=} watermark minus lookback, ordered by
 * (cursor, key) and paged by keyset, so a record updated mid-listing moves behind the listing
 * position instead of shifting pages. The watermark advances only when a listing completes, to
 * min(max cursor seen, listing start time).
 */
final class MemoryConnector implements Connector, PartitionedReads, RecordCounts {
  private static final String SINCE = "since";
  private static final String STARTED_AT = "started_at";
  private static final String AFTER_CURSOR = "after_cursor";
  private static final String AFTER_KEY = "after_key";
  private static final String MAX_SEEN = "max_seen";
  private static final String PAGE = "page";

  private final String datasetName;
  private final AtomicLong requests = new AtomicLong();
  private final AtomicLong retries = new AtomicLong();
  private final AtomicLong throttledMillis = new AtomicLong();

  MemoryConnector(String datasetName) {
    this.datasetName = datasetName;
  }

  @Override
  public List<String> listTables() {
    return MemoryTable.NAMES;
  }

  @Override
  public StructType schema(String table, OptionValues tableOptions) {
    return MemoryTable.named(table).schema();
  }

  @Override
  public TableMetadata metadata(String table, OptionValues tableOptions) {
    return MemoryTable.named(table).metadata();
  }

  @Override
  public ReadResult read(String table, Offset start, OptionValues tableOptions) {
    MemoryTable def = MemoryTable.named(table);
    MemoryDataset data = dataset();
    checkInjectedFailure(data, table, false);
    if (def.metadata().ingestionType().incremental()) {
      List<ObjectNode> items = def.metadata().childOf().isPresent()
          ? data.records(def.metadata().childOf().get().parentTable())
          : data.readable(table, def.primaryKeys().get(0));
      MemoryTable listed = def.metadata().childOf().isPresent()
          ? MemoryTable.named(def.metadata().childOf().get().parentTable())
          : def;
      Listing listing = list(table, listed, items, start, tableOptions, data);
      if (def.metadata().childOf().isEmpty()) {
        return new ReadResult(listing.records(), listing.end(), List.of(), listing.listedAt());
      }
      return childrenOf(def, listing, data);
    }
    return readSnapshot(def, data.readable(table, def.primaryKeys().get(0)), start, tableOptions);
  }

  /** Counts the dataset's records, lost ones included: what the source holds. */
  @Override
  public Optional<RecordCount> count(String table, Optional<Instant> upTo, OptionValues tableOptions) {
    MemoryTable def = MemoryTable.named(table);
    if (def.metadata().ingestionType() == IngestionType.APPEND) {
      return Optional.empty();
    }
    if (dataset().countsFail()) {
      throw new ExternalException("Cannot count table '" + table + "': the count endpoint answered 503", 503, null, true);
    }
    long n = dataset().records(table).stream()
        .filter(r -> upTo.isEmpty() || def.metadata().cursorField().isEmpty() || !cursorOf(def, r).isAfter(upTo.get()))
        .count();
    return Optional.of(new RecordCount(n, def.metadata().cursorField().isPresent() ? upTo : Optional.empty(),
        "memory count"));
  }

  @Override
  public ReadResult readDeletes(String table, Offset start, OptionValues tableOptions) {
    MemoryTable def = MemoryTable.named(table);
    if (def.metadata().ingestionType() != IngestionType.CDC_WITH_DELETES) {
      return Connector.super.readDeletes(table, start, tableOptions);
    }
    MemoryDataset data = dataset();
    checkInjectedFailure(data, table, false, table + "/deletes");
    Listing listing = list(table, def, data.deletedKeys(table), start, tableOptions, data);
    return new ReadResult(listing.records(), listing.end(), List.of(), listing.listedAt());
  }

  @Override
  public List<ReadPartition> planPartitions(String table, Offset start, OptionValues tableOptions) {
    MemoryTable def = MemoryTable.named(table);
    int n = tableOptions.integer(MemoryConnectorFactory.PARTITIONS);
    if (n < 2 || def.metadata().childOf().isPresent() || !start.state().isEmpty()) {
      return List.of();
    }
    MemoryDataset data = dataset();
    List<ObjectNode> records = data.records(table);
    String end;
    String since = "";
    if (def.metadata().ingestionType().incremental()) {
      Instant from = since(start, tableOptions);
      since = from.toString();
      Instant maxSeen = records.stream().map(r -> cursorOf(def, r)).filter(c -> !c.isBefore(from))
          .max(Comparator.naturalOrder()).orElse(null);
      end = completed(start, maxSeen, data.now()).toJson();
    } else {
      end = Offset.START.with(PAGE, Integer.toString(pageCount(records.size(), tableOptions))).toJson();
    }
    // Planning asks the provider how much there is, as a real connector would: one request, spent
    // on the driver.
    countRequests(table, 1, data);
    List<ReadPartition> partitions = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      partitions.add(new ReadPartition("mod" + n + "=" + i,
          Map.of("mod", Integer.toString(n), "rem", Integer.toString(i), SINCE, since), end));
    }
    return partitions;
  }

  @Override
  public ReadResult readPartition(String table, ReadPartition partition, OptionValues tableOptions) {
    MemoryTable def = MemoryTable.named(table);
    MemoryDataset data = dataset();
    checkInjectedFailure(data, table, true);
    int mod = Integer.parseInt(partition.bounds().get("mod"));
    int rem = Integer.parseInt(partition.bounds().get("rem"));
    String since = partition.bounds().get(SINCE);
    List<ObjectNode> records = data.records(table).stream()
        .filter(r -> Math.floorMod(def.key(r)[0], mod) == rem)
        .filter(r -> since.isEmpty() || !cursorOf(def, r).isBefore(Instant.parse(since)))
        .sorted(keyOrder(def))
        .toList();
    countRequests(table, Math.max(1, pageCount(records.size(), tableOptions)), data);
    return new ReadResult(records, Offset.fromJson(partition.endOffset()));
  }

  @Override
  public ReadMetrics metrics() {
    return new ReadMetrics(requests.get(), retries.get(), throttledMillis.get(), 0, Map.of());
  }

  private ReadResult readSnapshot(MemoryTable def, List<ObjectNode> all, Offset start, OptionValues options) {
    int perPage = options.integer(CommonOptions.PER_PAGE);
    int maxPages = options.integer(CommonOptions.MAX_PAGES_PER_BATCH);
    List<ObjectNode> sorted = all.stream().sorted(keyOrder(def)).toList();
    int pageCount = pageCount(sorted.size(), options);
    int first = Integer.parseInt(start.get(PAGE).orElse("0"));
    if (first >= pageCount) {
      return new ReadResult(List.of(), start);
    }
    int last = Math.min(first + maxPages, pageCount);
    countRequests(def.tableName(), last - first, dataset());
    List<ObjectNode> records = sorted.subList(first * perPage, Math.min(last * perPage, sorted.size()));
    return new ReadResult(records, start.with(PAGE, Integer.toString(last)));
  }

  /** A read's records and end; {@code listedAt} the start of a listing this read finished. */
  private record Listing(List<ObjectNode> records, Offset end, Optional<Instant> listedAt) {}

  private Listing list(String table, MemoryTable def, List<ObjectNode> items, Offset start, OptionValues options, MemoryDataset data) {
    int perPage = options.integer(CommonOptions.PER_PAGE);
    int maxPages = options.integer(CommonOptions.MAX_PAGES_PER_BATCH);
    boolean fresh = start.state().isEmpty();
    Instant since = fresh ? since(start, options) : Instant.parse(start.get(SINCE).orElseThrow());
    Instant startedAt = fresh ? data.now() : Instant.parse(start.get(STARTED_AT).orElseThrow());
    Instant maxSeen = start.get(MAX_SEEN).map(Instant::parse).orElse(null);
    ObjectNode after = null;
    if (start.get(AFTER_CURSOR).isPresent()) {
      after = Json.object();
      after.put(def.cursor(), start.get(AFTER_CURSOR).get());
      long[] key = Arrays.stream(start.get(AFTER_KEY).orElseThrow().split(",")).mapToLong(Long::parseLong).toArray();
      for (int i = 0; i < key.length; i++) {
        after.put(def.primaryKeys().get(i), key[i]);
      }
    }
    Comparator<ObjectNode> order = Comparator.<ObjectNode, Instant>comparing(r -> cursorOf(def, r)).thenComparing(keyOrder(def));
    ObjectNode position = after;
    List<ObjectNode> remaining = items.stream()
        .filter(r -> !cursorOf(def, r).isBefore(since))
        .filter(r -> position == null || order.compare(r, position) > 0)
        .sorted(order)
        .toList();
    int take = Math.min(remaining.size(), perPage * maxPages);
    List<ObjectNode> records = remaining.subList(0, take);
    countRequests(table, Math.max(1, pageCount(take, options)), data);
    for (ObjectNode record : records) {
      Instant cursor = cursorOf(def, record);
      maxSeen = maxSeen == null || cursor.isAfter(maxSeen) ? cursor : maxSeen;
    }
    if (take == remaining.size()) {
      return new Listing(records, completed(start, maxSeen, startedAt), Optional.of(startedAt));
    }
    ObjectNode lastRecord = records.get(records.size() - 1);
    Offset next = new Offset(start.watermark(), Map.of(
        SINCE, since.toString(),
        STARTED_AT, startedAt.toString(),
        AFTER_CURSOR, cursorOf(def, lastRecord).toString(),
        AFTER_KEY, def.keyText(lastRecord),
        MAX_SEEN, maxSeen.toString()));
    return new Listing(records, next, Optional.empty());
  }

  private ReadResult childrenOf(MemoryTable child, Listing parents, MemoryDataset data) {
    String parentKey = child.metadata().childOf().get().parentKeyColumns().get(0);
    Map<Long, List<ObjectNode>> byParent = data.records(child.tableName()).stream()
        .collect(Collectors.groupingBy(r -> r.get(parentKey).asLong()));
    List<ObjectNode> records = new ArrayList<>();
    List<ObjectNode> complete = new ArrayList<>();
    for (ObjectNode parent : parents.records()) {
      long id = parent.get("id").asLong();
      records.addAll(byParent.getOrDefault(id, List.of()).stream().sorted(keyOrder(child)).toList());
      ObjectNode key = Json.object();
      key.put(parentKey, id);
      complete.add(key);
    }
    return new ReadResult(records, parents.end(), complete, parents.listedAt());
  }

  /** The offset after a completed listing: never backwards, never past the listing's start. */
  private static Offset completed(Offset start, Instant maxSeen, Instant startedAt) {
    Instant watermark = start.watermark();
    if (maxSeen != null) {
      Instant capped = maxSeen.isAfter(startedAt) ? startedAt : maxSeen;
      watermark = watermark == null || capped.isAfter(watermark) ? capped : watermark;
    }
    return new Offset(watermark, Map.of());
  }

  private static Instant since(Offset start, OptionValues options) {
    if (start.watermark() == null) {
      return options.instant(CommonOptions.START_DATE).orElse(Instant.EPOCH);
    }
    return start.watermark().minusSeconds(options.integer(CommonOptions.LOOKBACK_SECONDS));
  }

  private static Instant cursorOf(MemoryTable def, ObjectNode record) {
    String cursor = def.cursor();
    if (cursor == null || !record.hasNonNull(cursor)) {
      throw new IllegalArgumentException(
          "memory table '" + def.tableName() + "' needs a '" + cursor + "' timestamp: " + record);
    }
    return Instant.parse(record.get(cursor).asText());
  }

  private static Comparator<ObjectNode> keyOrder(MemoryTable def) {
    return (a, b) -> Arrays.compare(def.key(a), def.key(b));
  }

  private static int pageCount(int records, OptionValues options) {
    int perPage = options.integer(CommonOptions.PER_PAGE);
    return (records + perPage - 1) / perPage;
  }

  private void countRequests(String table, int pages, MemoryDataset data) {
    boolean retried = data.retriesEveryPage();
    ReadMetrics spent = new ReadMetrics(retried ? 2L * pages : pages, retried ? pages : 0, retried ? 5L * pages : 0, 0, Map.of());
    requests.addAndGet(spent.requests());
    retries.addAndGet(spent.retries());
    throttledMillis.addAndGet(spent.throttledMillis());
    data.recordSpent(table, spent);
  }

  private static void checkInjectedFailure(MemoryDataset data, String table, boolean partition) {
    checkInjectedFailure(data, table, partition, table);
  }

  private static void checkInjectedFailure(MemoryDataset data, String table, boolean partition, String meetAs) {
    int n = data.countRead(table, partition, meetAs);
    if (n < 0) {
      throw new ExternalException(
          "Cannot read table '" + table + "': injected failure", 503, "injected failure", true);
    }
  }

  private MemoryDataset dataset() {
    try {
      return MemoryDataset.get(datasetName);
    } catch (IllegalStateException e) {
      throw new UserException("Invalid value '" + datasetName + "' for option 'dataset': " + e.getMessage());
    }
  }
}
