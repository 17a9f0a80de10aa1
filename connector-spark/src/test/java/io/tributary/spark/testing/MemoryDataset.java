package io.tributary.spark.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.api.Json;
import io.tributary.api.ReadMetrics;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The data behind the {@code memory} connector, held in a static registry keyed by the connection
 * option {@code dataset}, so a test can change records between runs and the connector (re-created
 * on executors from options) sees the same data. Thread-safe: every method synchronizes on the
 * dataset.
 *
 * <pre>
 * MemoryDataset data = MemoryDataset.create("orders-test");
 * data.put("tickets", "{\"id\":1,\"subject\":\"a\",\"updated_at\":\"2024-01-01T00:00:00Z\"}");
 * data.delete("tickets", 1, Instant.parse("2024-01-02T00:00:00Z"));
 * data.failOnRead("tickets", 2);   // the second read call from now on throws
 * </pre>
 */
public final class MemoryDataset {
  private static final Map<String, MemoryDataset> REGISTRY = new ConcurrentHashMap<>();

  private final String name;
  /** table -> primary key text -> record; insertion order kept for readability only. */
  private final Map<String, Map<String, ObjectNode>> tables = new HashMap<>();
  private final Map<String, List<ObjectNode>> deletes = new HashMap<>();
  private final Map<String, Integer> readCalls = new HashMap<>();
  private Meeting meeting;
  private final Map<String, Integer> failAt = new HashMap<>();
  private final Map<String, Integer> partitionReads = new HashMap<>();
  private final Map<String, ReadMetrics> spent = new HashMap<>();
  private final Map<String, java.util.Set<Long>> lost = new HashMap<>();
  private boolean countsFail;
  private Instant fixedNow;
  private boolean retryEveryPage;

  private MemoryDataset(String name) {
    this.name = name;
  }

  /** Creates (or replaces with an empty one) the dataset {@code name}. */
  public static MemoryDataset create(String name) {
    MemoryDataset dataset = new MemoryDataset(name);
    REGISTRY.put(name, dataset);
    return dataset;
  }

  /** The dataset {@code name}; fails naming it when no test created it. */
  public static MemoryDataset get(String name) {
    MemoryDataset dataset = REGISTRY.get(name);
    if (dataset == null) {
      throw new IllegalStateException(
          "Cannot find memory dataset '" + name + "': create it with MemoryDataset.create first");
    }
    return dataset;
  }

  public static void drop(String name) {
    REGISTRY.remove(name);
  }

  public String name() {
    return name;
  }

  /** Inserts or replaces a record, keyed by the table's primary keys. */
  public synchronized MemoryDataset put(String table, ObjectNode record) {
    MemoryTable def = MemoryTable.named(table);
    tables.computeIfAbsent(table, t -> new LinkedHashMap<>()).put(def.keyText(record), record.deepCopy());
    return this;
  }

  /** As {@link #put(String, ObjectNode)}, from JSON text. */
  public MemoryDataset put(String table, String json) {
    return put(table, parse(json));
  }

  /**
   * Removes the record with this key (one value per primary key column) and logs the deletion at
   * {@code at}, which {@code readDeletes} reports as the cursor.
   */
  public synchronized MemoryDataset delete(String table, Instant at, long... key) {
    MemoryTable def = MemoryTable.named(table);
    ObjectNode keyRecord = Json.object();
    for (int i = 0; i < def.primaryKeys().size(); i++) {
      keyRecord.put(def.primaryKeys().get(i), key[i]);
    }
    tables.getOrDefault(table, new LinkedHashMap<>()).remove(def.keyText(keyRecord));
    if (def.cursor() != null) {
      keyRecord.put(def.cursor(), at.toString());
    }
    deletes.computeIfAbsent(table, t -> new ArrayList<>()).add(keyRecord);
    return this;
  }

  /** The read call number {@code n} (1-based, counted from now) of {@code table} throws. */
  public synchronized MemoryDataset failOnRead(String table, int n) {
    failAt.put(table, readCalls.getOrDefault(table, 0) + n);
    return this;
  }

  /** Read calls (read, readDeletes, readPartition) made so far on {@code table}. */
  public synchronized int readCalls(String table) {
    return readCalls.getOrDefault(table, 0);
  }

  /** Partition reads made so far on {@code table}. */
  public synchronized int partitionReads(String table) {
    return partitionReads.getOrDefault(table, 0);
  }

  /**
   * Requests, retries and throttled time that every connector instance (driver and executors)
   * spent reading {@code table} so far: the ground truth for the counters a run reports.
   */
  public synchronized ReadMetrics spent(String table) {
    return spent.getOrDefault(table, ReadMetrics.ZERO);
  }

  synchronized void recordSpent(String table, ReadMetrics metrics) {
    spent.merge(table, metrics, ReadMetrics::plus);
  }

  /** Fixes the connector's clock, which caps watermarks; null returns to the real clock. */
  public synchronized MemoryDataset clock(Instant now) {
    this.fixedNow = now;
    return this;
  }

  /** Makes every page cost two requests, one retry and 5 ms of throttling, for metrics tests. */
  public synchronized MemoryDataset retryEveryPage() {
    this.retryEveryPage = true;
    return this;
  }

  /**
   * Makes reads of {@code table} skip the records with these first keys, as a lossy connector
   * would, while counts still see them: for reconciliation tests.
   */
  public synchronized MemoryDataset loseOnRead(String table, long... ids) {
    java.util.Set<Long> set = lost.computeIfAbsent(table, t -> new java.util.HashSet<>());
    for (long id : ids) {
      set.add(id);
    }
    return this;
  }

  /** Makes every count throw, as a provider whose count endpoint is down would. */
  public synchronized MemoryDataset failCounts() {
    countsFail = true;
    return this;
  }

  synchronized boolean countsFail() {
    return countsFail;
  }

  /** The records reads return: all but those {@link #loseOnRead} hides. */
  synchronized List<ObjectNode> readable(String table, String firstKey) {
    java.util.Set<Long> hidden = lost.getOrDefault(table, java.util.Set.of());
    return records(table).stream().filter(r -> !hidden.contains(r.path(firstKey).asLong())).toList();
  }

  public synchronized List<ObjectNode> records(String table) {
    return tables.getOrDefault(table, Map.of()).values().stream().map(ObjectNode::deepCopy).toList();
  }

  synchronized List<ObjectNode> deletedKeys(String table) {
    return deletes.getOrDefault(table, List.of()).stream().map(ObjectNode::deepCopy).toList();
  }

  synchronized Instant now() {
    return fixedNow != null ? fixedNow : Instant.now();
  }

  synchronized boolean retriesEveryPage() {
    return retryEveryPage;
  }

  /**
   * The first read call of each of {@code tables} waits, at most {@code patience}, until every one
   * of them has made its first read call: tables read side by side meet at once, tables read one
   * after another never do. A table's deletes arrive as {@code "<table>/deletes"}. See {@link
   * #metWithoutWaitingOut()}.
   */
  public synchronized MemoryDataset meetOnFirstRead(Duration patience, String... tables) {
    meeting = new Meeting(Set.of(tables), patience);
    return this;
  }

  /** True when every table of {@link #meetOnFirstRead} arrived before any of them gave up waiting. */
  public synchronized boolean metWithoutWaitingOut() {
    return meeting != null && meeting.met();
  }

  /** Counts one read call and returns its number, or -1 when this call is the injected failure. */
  int countRead(String table, boolean partition) {
    return countRead(table, partition, table);
  }

  /**
   * As {@link #countRead(String, boolean)}, arriving at {@link #meetOnFirstRead} as {@code meetAs}:
   * a table's {@code readDeletes} arrives as {@code "<table>/deletes"}.
   */
  int countRead(String table, boolean partition, String meetAs) {
    int n = countReadLocked(table, partition);
    Meeting at;
    synchronized (this) {
      at = meeting;
    }
    if (at != null) {
      at.arrive(meetAs);
    }
    return n;
  }

  /** Where the first read calls of some tables wait for each other. */
  private static final class Meeting {
    private final Set<String> tables;
    private final Duration patience;
    private final Set<String> arrived = ConcurrentHashMap.newKeySet();
    private final CountDownLatch latch;
    private volatile boolean waitedOut;

    Meeting(Set<String> tables, Duration patience) {
      this.tables = tables;
      this.patience = patience;
      this.latch = new CountDownLatch(tables.size());
    }

    void arrive(String table) {
      if (!tables.contains(table) || !arrived.add(table)) {
        return;
      }
      latch.countDown();
      try {
        if (!latch.await(patience.toMillis(), TimeUnit.MILLISECONDS)) {
          waitedOut = true;
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    boolean met() {
      return latch.getCount() == 0 && !waitedOut;
    }
  }

  private synchronized int countReadLocked(String table, boolean partition) {
    int n = readCalls.merge(table, 1, Integer::sum);
    if (partition) {
      partitionReads.merge(table, 1, Integer::sum);
    }
    Integer fail = failAt.get(table);
    if (fail != null && fail == n) {
      failAt.remove(table);
      return -1;
    }
    return n;
  }

  static ObjectNode parse(String json) {
    try {
      JsonNode node = Json.MAPPER.readTree(json);
      return (ObjectNode) node;
    } catch (JsonProcessingException | ClassCastException e) {
      throw new IllegalArgumentException("not a JSON object: " + json, e);
    }
  }
}
