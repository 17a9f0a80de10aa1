package io.tributary.spark;

import io.tributary.api.ReadMetrics;
import java.io.Serializable;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.SparkContext;
import org.apache.spark.TaskContext;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.LongAccumulator;
import scala.Option;

/**
 * Counts the requests, retries and throttled time of every {@code tributary} read loaded on this
 * thread while the tally is open, wherever the connector calls run: on executors (partitions,
 * whole listings, a replayed micro-batch) and on the driver (micro-batch admission, including the
 * final call that finds a stream caught up, and partition planning). Every execution of the scan
 * counts, also one that Spark repeats (a MERGE reading its source twice), because each one
 * really sent those requests.
 *
 * <pre>
 * try (ReadTally tally = ReadTally.open(spark)) {
 *   spark.read().format("tributary").options(options).load().write()...;
 *   ReadMetrics spent = tally.total();
 * }
 * </pre>
 *
 * <p>The tally is found through a SparkContext local property, which the threads a streaming
 * query starts inherit. Failed tasks count too: a table whose read fails has still spent the
 * requests and retries its tasks made, and its report must say so (see {@link Sink}).
 */
public final class ReadTally implements AutoCloseable {
  private static final String PROPERTY = "tributary.readTally";
  private static final Map<String, ReadTally> OPEN = new ConcurrentHashMap<>();

  private final String id = UUID.randomUUID().toString();
  private final SparkContext context;
  private final String previous;
  private final Sink sink;
  /** Counted in this JVM: on the driver, and by local-mode tasks. */
  private ReadMetrics direct = ReadMetrics.ZERO;

  private ReadTally(SparkContext context) {
    this.context = context;
    this.previous = context.getLocalProperty(PROPERTY);
    this.sink = new Sink(id,
        countingFailedTasks(context, "tributary requests"),
        countingFailedTasks(context, "tributary retries"),
        countingFailedTasks(context, "tributary throttled ms"));
  }

  /**
   * An accumulator whose updates Spark merges also from a task that failed or was killed, as it
   * does for its own task metrics. {@code SparkContext.longAccumulator} drops them, which made a
   * table that failed after six requests report none; the registration that keeps them is
   * Scala-private to Spark but public in bytecode.
   */
  private static LongAccumulator countingFailedTasks(SparkContext context, String name) {
    LongAccumulator accumulator = new LongAccumulator();
    accumulator.register(context, Option.apply(name), true);
    return accumulator;
  }

  /** Starts counting the reads this thread loads from now on, until {@link #close}. */
  public static ReadTally open(SparkSession spark) {
    ReadTally tally = new ReadTally(spark.sparkContext());
    OPEN.put(tally.id, tally);
    tally.context.setLocalProperty(PROPERTY, tally.id);
    return tally;
  }

  /** Requests, retries and throttled time counted so far; bytes and other counters are not kept. */
  public ReadMetrics total() {
    ReadMetrics here;
    synchronized (this) {
      here = direct;
    }
    return here.plus(new ReadMetrics(
        sink.requests.value(), sink.retries.value(), sink.throttledMs.value(), 0, Map.of()));
  }

  /** Stops tallying reads loaded on this thread; reads already loaded keep counting until then. */
  @Override
  public void close() {
    context.setLocalProperty(PROPERTY, previous);
    OPEN.remove(id);
  }

  private synchronized void addDirectly(ReadMetrics spent) {
    direct = direct.plus(new ReadMetrics(spent.requests(), spent.retries(), spent.throttledMillis(), 0, Map.of()));
  }

  /** Where the reads loaded now report, if a tally is open on this thread. */
  static Optional<Sink> current() {
    if (TaskContext.get() != null) {
      return Optional.empty();
    }
    Optional<SparkSession> session = Optional.ofNullable(SparkSession.getActiveSession()
        .orElse(SparkSession::getDefaultSession).getOrElse(() -> null));
    return session.map(s -> s.sparkContext().getLocalProperty(PROPERTY)).map(OPEN::get).map(t -> t.sink);
  }

  /**
   * Shipped with the read. Code running in the tally's own JVM (the driver, and the executors of
   * local mode, where the command line runs) adds to the open tally directly: a task that ends
   * after its stage was aborted by a sibling's failure still counts there, while Spark drops the
   * accumulator updates of a task that finishes after its stage is gone. A task on a remote
   * executor adds to the accumulators, which Spark merges on the driver also for a failed task.
   * The driver never updates the accumulators itself, since they are not safe to update there
   * while the scheduler merges into them.
   */
  record Sink(String tallyId, LongAccumulator requests, LongAccumulator retries, LongAccumulator throttledMs)
      implements Serializable {

    void add(ReadMetrics spent) {
      if (spent.requests() == 0 && spent.retries() == 0 && spent.throttledMillis() == 0) {
        return;
      }
      ReadTally tally = OPEN.get(tallyId);
      if (tally != null) {
        tally.addDirectly(spent);
      } else if (TaskContext.get() != null) {
        requests.add(spent.requests());
        retries.add(spent.retries());
        throttledMs.add(spent.throttledMillis());
      }
    }
  }
}
