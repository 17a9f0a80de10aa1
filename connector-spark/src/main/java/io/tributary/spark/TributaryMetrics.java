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

  /** Records read from the connector. */
  public static final class Records extends CustomSumMetric {
    @Override
    public String name() {
      return RECORDS;
    }

    @Override
    public String description() {
      return "records read";
    }
  }

  /** HTTP requests sent, retries included. */
  public static final class Requests extends CustomSumMetric {
    @Override
    public String name() {
      return REQUESTS;
    }

    @Override
    public String description() {
      return "requests sent";
    }
  }

  /** Requests that repeated a failed attempt. */
  public static final class Retries extends CustomSumMetric {
    @Override
    public String name() {
      return RETRIES;
    }

    @Override
    public String description() {
      return "requests retried";
    }
  }

  /** Time spent waiting on rate limits. */
  public static final class ThrottledMillis extends CustomSumMetric {
    @Override
    public String name() {
      return THROTTLED_MS;
    }

    @Override
    public String description() {
      return "throttled time (ms)";
    }
  }

  /** Values kept in _rescued_data because they did not fit the schema. */
  public static final class Rescued extends CustomSumMetric {
    @Override
    public String name() {
      return RESCUED;
    }

    @Override
    public String description() {
      return "rescued values";
    }
  }
}
