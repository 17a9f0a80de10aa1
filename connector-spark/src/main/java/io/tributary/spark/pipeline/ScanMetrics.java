package io.tributary.spark.pipeline;

import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.execution.SparkPlan;
import org.apache.spark.sql.execution.adaptive.AdaptiveSparkPlanExec;
import org.apache.spark.sql.execution.adaptive.QueryStageExec;
import org.apache.spark.sql.execution.columnar.InMemoryTableScanExec;
import org.apache.spark.sql.execution.metric.SQLMetric;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Reads the {@code tributary} scan's custom metrics (requests, retries, throttled time) from a
 * batch read that has run. A batch read has no streaming progress to carry them, but its scan
 * node keeps them, also inside a cached relation.
 */
final class ScanMetrics {
  private ScanMetrics() {}

  record Counters(long requests, long retries, long throttledMs) {
    Counters plus(Counters more) {
      return new Counters(requests + more.requests, retries + more.retries, throttledMs + more.throttledMs);
    }
  }

  static Counters of(Dataset<Row> frame) {
    try {
      return walk(frame.queryExecution().executedPlan());
    } catch (RuntimeException | LinkageError e) {
      // Metrics are for the report only; a plan shape we do not know must not fail the ingest.
      return new Counters(0, 0, 0);
    }
  }

  private static Counters walk(SparkPlan plan) {
    Map<String, SQLMetric> metrics = CollectionConverters.asJava(plan.metrics());
    Counters here = new Counters(value(metrics, "requests"), value(metrics, "retries"), value(metrics, "throttledMs"));
    if (plan instanceof InMemoryTableScanExec scan) {
      here = here.plus(walk(scan.relation().cachedPlan()));
    } else if (plan instanceof AdaptiveSparkPlanExec adaptive) {
      here = here.plus(walk(adaptive.executedPlan()));
    } else if (plan instanceof QueryStageExec stage) {
      here = here.plus(walk(stage.plan()));
    }
    for (SparkPlan child : CollectionConverters.asJava(plan.children())) {
      here = here.plus(walk(child));
    }
    return here;
  }

  private static long value(Map<String, SQLMetric> metrics, String name) {
    SQLMetric metric = metrics.get(name);
    return metric == null ? 0 : metric.value();
  }
}
