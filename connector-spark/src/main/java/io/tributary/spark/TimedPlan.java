package io.tributary.spark;

import io.tributary.api.Connector;
import io.tributary.api.ReadMetrics;
import io.tributary.api.ReadPartition;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

/**
 * A connector's plan of partitions, with how long the provider took per request while it was
 * planned: the planner's probes are real requests, so they tell whether reading is bound by the
 * provider's latency. Only then does a task read several partitions side by side ({@link
 * #tasks}): a slow provider needs more requests in flight than the cluster has task slots to spend
 * its budget, while against a fast one a task converts no faster for it and only holds, and
 * writes at once, more rows.
 *
 * @param partitions the plan; empty when the connector plans none
 * @param perRequest the planning's wall time, less its waits for the rate limiter, over its
 *     requests; zero when it made none
 */
record TimedPlan(List<ReadPartition> partitions, Duration perRequest) {
  /** A provider answering slower than this leaves a task slot idle most of each request. */
  static final Duration SLOW = Duration.ofMillis(100);

  TimedPlan {
    partitions = List.copyOf(partitions);
  }

  /**
   * Plans through {@code connector} with {@code planning}, timing the requests it made: by the
   * answer time the connector counts ({@link ReadMetrics#meanAnswer}), which holds when probes are
   * in flight together; else by the planning's wall time, which holds for one after another.
   */
  static TimedPlan of(Connector connector, Supplier<List<ReadPartition>> planning) {
    ReadMetrics before = connector.metrics();
    long started = System.nanoTime();
    List<ReadPartition> plan = planning.get();
    ReadMetrics spent = connector.metrics().minus(before);
    if (spent.requests() == 0) {
      return new TimedPlan(plan, Duration.ZERO);
    }
    // The rate limiter's waits are the budget, not the provider: they do not count as latency.
    long nanos = Math.max(0, System.nanoTime() - started - spent.throttledMillis() * 1_000_000);
    return new TimedPlan(plan, spent.meanAnswer().orElse(Duration.ofNanos(nanos / spent.requests())));
  }

  /**
   * The plan as tasks: one per partition against a fast provider; against a slow one, one per task
   * slot of the session's cluster, each reading its partitions side by side ({@link
   * TributaryInputPartition#tasks}).
   */
  List<TributaryInputPartition> tasks() {
    return tasks(TributaryInputPartition.taskSlots());
  }

  /** {@link #tasks()} for a cluster of {@code slots} task slots. */
  List<TributaryInputPartition> tasks(int slots) {
    return TributaryInputPartition.tasks(partitions, perRequest.compareTo(SLOW) >= 0 ? slots : partitions.size());
  }

  boolean isEmpty() {
    return partitions.isEmpty();
  }
}
