package io.tributary.spark;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.api.Connector;
import io.tributary.api.Offset;
import io.tributary.api.OptionValues;
import io.tributary.api.PartitionedReads;
import io.tributary.api.ReadMetrics;
import io.tributary.api.ReadPartition;
import io.tributary.api.ReadResult;
import io.tributary.api.rows.RowConverter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.spark.sql.catalyst.expressions.UnsafeProjection;
import org.apache.spark.sql.catalyst.expressions.UnsafeRow;
import org.apache.spark.sql.connector.read.InputPartition;
import org.apache.spark.sql.connector.read.PartitionReaderFactory;
import org.apache.spark.sql.connector.read.streaming.MicroBatchStream;
import org.apache.spark.sql.connector.read.streaming.ReadLimit;
import org.apache.spark.sql.connector.read.streaming.ReportsSourceMetrics;
import org.apache.spark.sql.connector.read.streaming.SupportsTriggerAvailableNow;

/**
 * A micro-batch stream over a cdc or append table.
 *
 * <p>Admission control: planning a micro-batch makes one connector read call per feed, which
 * reads at most {@code max_pages_per_batch} pages; its end offset ends the batch. The records that
 * call returned are kept for the matching {@link #planInputPartitions} so they are fetched once.
 * A batch Spark replays after a restart (its offsets are in the log, the records are not) is read
 * again with one call from its start offset, which by the {@link Connector#read} contract yields
 * the same records or a superset; the planned end offset still ends the batch. A batch planned as
 * partitions ({@link PartitionedReads}) is planned again up to its stored end offset ({@link
 * PartitionedReads#planPartitions(String, Offset, Offset, OptionValues)}): the same windows, or
 * others with the same union, never a range up to a later "now". The partitions of one batch
 * commit together, since Spark commits a micro-batch whole.
 *
 * <p>With {@code Trigger.AvailableNow} the stream stops when every feed is caught up, when a
 * feed's watermark reaches the moment the trigger started (so a busy table cannot keep the run
 * going forever), when a read finished a listing of the whole table begun after the trigger
 * started ({@link ReadResult#listedSince}), or when a lookback re-read that spans several calls
 * came back to where it began ({@link ListingTracker}). Other triggers re-list the lookback window on each trigger; the
 * re-read records are duplicates the pipeline's MERGE absorbs.
 */
final class TributaryMicroBatchStream implements MicroBatchStream, SupportsTriggerAvailableNow, ReportsSourceMetrics {
  private final ReadContext context;
  private final List<Feed> feeds;
  private final OptionValues tableValues;
  /** Converts the records fetched here; its rescued count is reported through the tasks. */
  private final RowConverter converter;
  private final UnsafeProjection unsafe;
  private Connector connector;
  private Planned planned;
  private Instant availableNowSince;
  private long recordsFetched;
  /** The driver connector's counters already reported to the read's tally. */
  private ReadMetrics tallied = ReadMetrics.ZERO;
  private final Map<Feed, ListingTracker> listings = new EnumMap<>(Feed.class);
  /** Per feed, the listing start whose last listing found nothing new. */
  private final Map<Feed, Offset> idleAt = new EnumMap<>(Feed.class);
  /** The threads that admit a table's deletes beside its records ({@link #admitAll}). */
  private static final java.util.concurrent.ExecutorService FEED_READERS =
      java.util.concurrent.Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "tributary-feed-reader");
        thread.setDaemon(true);
        return thread;
      });

  /** A batch planned by {@link #latestOffset}: its offsets and the tasks that deliver it. */
  private record Planned(TributaryStreamOffset start, TributaryStreamOffset end, List<InputPartition> partitions) {}

  TributaryMicroBatchStream(ReadContext context) {
    this.context = context;
    this.feeds = Feed.of(context);
    this.tableValues = context.tableValues();
    this.converter = context.converter();
    this.unsafe = UnsafeProjection.create(converter.outputSchema());
  }

  @Override
  public org.apache.spark.sql.connector.read.streaming.Offset initialOffset() {
    return TributaryStreamOffset.start(feeds);
  }

  @Override
  public org.apache.spark.sql.connector.read.streaming.Offset deserializeOffset(String json) {
    return TributaryStreamOffset.fromJson(json);
  }

  @Override
  public ReadLimit getDefaultReadLimit() {
    // The limit is the connector's own: one read call of at most max_pages_per_batch pages.
    return ReadLimit.allAvailable();
  }

  @Override
  public void prepareForTriggerAvailableNow() {
    availableNowSince = Instant.now();
  }

  @Override
  public org.apache.spark.sql.connector.read.streaming.Offset latestOffset() {
    throw new UnsupportedOperationException(
        "latestOffset(Offset, ReadLimit) should be called instead of this method");
  }

  @Override
  public synchronized org.apache.spark.sql.connector.read.streaming.Offset latestOffset(
      org.apache.spark.sql.connector.read.streaming.Offset startOffset, ReadLimit limit) {
    try {
      return admit((TributaryStreamOffset) startOffset);
    } finally {
      tallyDriverCalls();
    }
  }

  private org.apache.spark.sql.connector.read.streaming.Offset admit(TributaryStreamOffset start) {
    Connector connector = connector();
    ReadMetrics before = connector.metrics();
    EnumMap<Feed, Offset> end = new EnumMap<>(Feed.class);
    List<Feed> due = new ArrayList<>();
    for (Feed feed : feeds) {
      Offset from = start.get(feed);
      end.put(feed, from);
      if (!reachedAvailableNowTarget(from)) {
        due.add(feed);
        listings.computeIfAbsent(feed, f -> new ListingTracker());
      }
    }
    List<InputPartition> partitions = new ArrayList<>();
    for (Admitted admitted : admitAll(connector, start, due)) {
      Feed feed = admitted.feed();
      Offset from = admitted.from();
      if (!admitted.plan().isEmpty()) {
        TimedPlan plan = admitted.plan();
        Offset planEnd = Offset.fromJson(plan.partitions().get(0).endOffset());
        Offset.requireForward(context.table(), from, planEnd);
        if (!planEnd.equals(from)) {
          end.put(feed, planEnd);
          partitions.addAll(plan.tasks());
        }
        continue;
      }
      ReadResult result = admitted.read();
      if (result == null) {
        continue;
      }
      if (listings.get(feed).returnedToListingStart(from, result.endOffset())
          || (availableNowSince != null && result.listedSince(availableNowSince))) {
        // Nothing of what existed when the trigger started is left to read: no call only to see
        // the offset come back.
        idleAt.put(feed, result.endOffset());
      }
      if (!result.caughtUp(from)) {
        end.put(feed, result.endOffset());
        recordsFetched += result.records().size();
        partitions.add(cached(feed, result));
      }
    }
    TributaryStreamOffset next = new TributaryStreamOffset(end);
    if (next.equals(start)) {
      return start;
    }
    planned = new Planned(start, next, attachDriverCounters(partitions, connector.metrics().minus(before)));
    return next;
  }

  /** What admitting one feed read through the connector: a plan of partitions, or a serial read's result. */
  private record Admitted(Feed feed, Offset from, TimedPlan plan, ReadResult read) {}

  /**
   * Admits each feed in {@code due} from {@code start}, the feeds side by side: the records' read
   * or plan (its probes) and the deletes' listing are independent calls, each waiting on the
   * provider. Every feed is waited for; the first feed's failure is thrown, the others' added to it.
   */
  private List<Admitted> admitAll(Connector connector, TributaryStreamOffset start, List<Feed> due) {
    List<java.util.concurrent.Future<Admitted>> others = new ArrayList<>();
    for (Feed feed : due.subList(Math.min(1, due.size()), due.size())) {
      others.add(FEED_READERS.submit(() -> admit(connector, feed, start.get(feed))));
    }
    List<Admitted> admitted = new ArrayList<>();
    Throwable failure = null;
    if (!due.isEmpty()) {
      try {
        admitted.add(admit(connector, due.get(0), start.get(due.get(0))));
      } catch (RuntimeException | Error e) {
        failure = e;
      }
    }
    for (java.util.concurrent.Future<Admitted> other : others) {
      try {
        admitted.add(other.get());
      } catch (java.util.concurrent.ExecutionException e) {
        failure = first(failure, e.getCause());
      } catch (InterruptedException e) {
        others.forEach(o -> o.cancel(true));
        Thread.currentThread().interrupt();
        throw new io.tributary.api.InternalException("Cannot read table '" + context.table()
            + "': interrupted while its feeds were read", e);
      }
    }
    if (failure instanceof RuntimeException e) {
      throw e;
    }
    if (failure instanceof Error e) {
      throw e;
    }
    if (failure != null) {
      throw new io.tributary.api.InternalException("Cannot read table '" + context.table() + "': " + failure, failure);
    }
    return admitted;
  }

  private static Throwable first(Throwable first, Throwable next) {
    if (first == null) {
      return next;
    }
    first.addSuppressed(next);
    return first;
  }

  /** Plans {@code feed} from {@code from}, or reads it serially when the connector plans no partitions. */
  private Admitted admit(Connector connector, Feed feed, Offset from) {
    TimedPlan plan = TimedPlan.of(connector, () -> planPartitions(connector, feed, from));
    if (!plan.isEmpty() || (availableNowSince != null && from.equals(idleAt.get(feed)))) {
      return new Admitted(feed, from, plan, null);
    }
    listings.get(feed).starting(from);
    return new Admitted(feed, from, plan, feed.read(connector, context.table(), from, tableValues));
  }

  @Override
  public synchronized InputPartition[] planInputPartitions(
      org.apache.spark.sql.connector.read.streaming.Offset startOffset,
      org.apache.spark.sql.connector.read.streaming.Offset endOffset) {
    try {
      return plan((TributaryStreamOffset) startOffset, (TributaryStreamOffset) endOffset);
    } finally {
      tallyDriverCalls();
    }
  }

  private InputPartition[] plan(TributaryStreamOffset start, TributaryStreamOffset end) {
    if (planned != null && planned.start().equals(start) && planned.end().equals(end)) {
      return planned.partitions().toArray(InputPartition[]::new);
    }
    List<InputPartition> partitions = new ArrayList<>();
    for (Feed feed : feeds) {
      Offset from = start.get(feed);
      if (from.equals(end.get(feed))) {
        continue;
      }
      // A replay: the windows are planned again up to the batch's stored end offset, never to
      // "now", so the batch holds what it held when it was planned.
      TimedPlan plan = TimedPlan.of(connector(), () -> replanPartitions(feed, from, end.get(feed)));
      if (plan.isEmpty()) {
        partitions.add(TributaryInputPartition.readOnce(feed, from.toJson()));
      } else {
        partitions.addAll(plan.tasks());
      }
    }
    return partitions.toArray(InputPartition[]::new);
  }

  /**
   * Called for each micro-batch Spark runs, replays included: the executors' context carries an
   * access token delegated now (see {@link ReadContext#forExecutors}).
   */
  @Override
  public synchronized PartitionReaderFactory createReaderFactory() {
    return new TributaryReaderFactory(context.forExecutors(connector()));
  }

  @Override
  public synchronized void commit(org.apache.spark.sql.connector.read.streaming.Offset end) {
    if (planned != null && planned.end().equals(end)) {
      planned = null;
    }
  }

  /** Counters of the reads made on the driver, shown in the query's progress per source. */
  @Override
  public synchronized Map<String, String> metrics(
      Optional<org.apache.spark.sql.connector.read.streaming.Offset> latestConsumedOffset) {
    ReadMetrics metrics = connector == null ? ReadMetrics.ZERO : connector.metrics();
    Map<String, String> values = new TreeMap<>();
    values.put(TributaryMetrics.RECORDS, Long.toString(recordsFetched));
    values.put(TributaryMetrics.REQUESTS, Long.toString(metrics.requests()));
    values.put(TributaryMetrics.RETRIES, Long.toString(metrics.retries()));
    values.put(TributaryMetrics.THROTTLED_MS, Long.toString(metrics.throttledMillis()));
    return values;
  }

  @Override
  public synchronized void stop() {
    if (connector != null) {
      tallyDriverCalls();
      connector.close();
      connector = null;
      tallied = ReadMetrics.ZERO;
    }
    planned = null;
  }

  @Override
  public String toString() {
    return "TributaryMicroBatchStream[" + context.options().describe() + "]";
  }

  private List<ReadPartition> planPartitions(Connector connector, Feed feed, Offset from) {
    if (feed == Feed.RECORDS && connector instanceof PartitionedReads planner) {
      return planner.planPartitions(context.table(), from, tableValues);
    }
    return List.of();
  }

  private List<ReadPartition> replanPartitions(Feed feed, Offset from, Offset end) {
    if (feed == Feed.RECORDS && connector() instanceof PartitionedReads planner) {
      List<ReadPartition> plan = planner.planPartitions(context.table(), from, end, tableValues);
      if (!plan.isEmpty() && !Offset.fromJson(plan.get(0).endOffset()).equals(end)) {
        throw new io.tributary.api.InternalException("Cannot replay a batch of table '" + context.table() + "': its "
            + "partitions were planned again to end at " + plan.get(0).endOffset() + ", not at the batch's end "
            + end.toJson());
      }
      return plan;
    }
    return List.of();
  }

  private boolean reachedAvailableNowTarget(Offset from) {
    return availableNowSince != null && from.watermark() != null
        && !from.watermark().isBefore(availableNowSince);
  }

  /**
   * A task for records fetched here, converted to rows here once: the task ships Spark's binary
   * rows, not JSON text it would parse again.
   */
  private TributaryInputPartition cached(Feed feed, ReadResult result) {
    long rescuedBefore = converter.rescuedValues();
    List<UnsafeRow> records = new ArrayList<>(result.records().size());
    for (ObjectNode record : result.records()) {
      records.add(unsafe.apply(converter.convert(record)).copy());
    }
    List<UnsafeRow> parents = new ArrayList<>(result.completeParents().size());
    for (ObjectNode parent : result.completeParents()) {
      parents.add(unsafe.apply(converter.convert(parent)).copy());
    }
    return TributaryInputPartition.cached(feed, records, parents,
        new long[] {0, 0, 0, converter.rescuedValues() - rescuedBefore});
  }

  /** Puts the driver's requests into the first cached task's metrics, so the UI counts them once. */
  private static List<InputPartition> attachDriverCounters(List<InputPartition> partitions, ReadMetrics spent) {
    List<InputPartition> result = new ArrayList<>(partitions);
    for (int i = 0; i < result.size(); i++) {
      if (result.get(i) instanceof TributaryInputPartition p && p.work() == TributaryInputPartition.Work.CACHED) {
        result.set(i, TributaryInputPartition.cached(p.feed(), p.records(), p.parents(),
            new long[] {spent.requests(), spent.retries(), spent.throttledMillis(), p.driverCounters()[3]}));
        break;
      }
    }
    return List.copyOf(result);
  }

  /** Reports the driver connector's calls since the last report, failed ones included. */
  private void tallyDriverCalls() {
    if (connector != null) {
      ReadMetrics now = connector.metrics();
      context.spent(now.minus(tallied));
      tallied = now;
    }
  }

  private Connector connector() {
    if (connector == null) {
      connector = context.options().connect();
    }
    return connector;
  }
}
