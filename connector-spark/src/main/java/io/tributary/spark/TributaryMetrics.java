package io.tributary.spark;

import io.tributary.api.ReadMetrics;
import org.apache.spark.sql.connector.metric.CustomMetric;
import org.apache.spark.sql.connector.metric.CustomSumMetric;
import org.apache.spark.sql.connector.metric.CustomTaskMetric;

/**
 * The scan's custom metrics, summed over tasks and shown on the scan node in the Spark UI's SQL
 * tab. Public only because Spark instantiates the metric classes by name on the driver.
 */
public final class TributaryMetrics {
  static final String RECORDS = "records";
  static final String REQUESTS = "requests";
  static final String RETRIES = "retries";
  static final String THROTTLED_MS = "throttledMs";
  static final String RESCUED = "rescuedValues";

  private TributaryMetrics() {}

  static CustomMetric[] all() {
    return new CustomMetric[] {
        new Records(), new Requests(), new Retries(), new ThrottledMillis(), new Rescued()};
  }

  /** Task values: rows produced, the connection's counters, and values rescued. */
  static CustomTaskMetric[] values(long records, ReadMetrics metrics, long rescued) {
    return new CustomTaskMetric[] {
        new Value(RECORDS, records),
        new Value(REQUESTS, metrics.requests()),
        new Value(RETRIES, metrics.retries()),
        new Value(THROTTLED_MS, metrics.throttledMillis()),
        new Value(RESCUED, rescued)};
  }

  record Value(String name, long value) implements CustomTaskMetric {}

  /** A summed task metric; Spark creates each by its public no-argument constructor. */
  abstract static class Sum extends CustomSumMetric {
    private final String name;
    private final String description;

    Sum(String name, String description) {
      this.name = name;
      this.description = description;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public String description() {
      return description;
    }
  }

  /** Records read from the connector. */
  public static final class Records extends Sum {
    public Records() {
      super(RECORDS, "records read");
    }
  }

  /** HTTP requests sent, retries included. */
  public static final class Requests extends Sum {
    public Requests() {
      super(REQUESTS, "requests sent");
    }
  }

  /** Requests that repeated a failed attempt. */
  public static final class Retries extends Sum {
    public Retries() {
      super(RETRIES, "requests retried");
    }
  }

  /** Time spent waiting on rate limits. */
  public static final class ThrottledMillis extends Sum {
    public ThrottledMillis() {
      super(THROTTLED_MS, "throttled time (ms)");
    }
  }

  /** Values kept in _rescued_data because they did not fit the schema. */
  public static final class Rescued extends Sum {
    public Rescued() {
      super(RESCUED, "rescued values");
    }
  }
}
