package io.tributary.examples.cluster.probe;

import java.util.Iterator;
import org.apache.spark.api.java.function.ForeachPartitionFunction;

/**
 * Prints a marker to the stderr of the executor that runs it: what the secret scan must be able
 * to find in the Workers' work directories. Here, in the probe jar, because executors load only
 * classes from jars they were sent.
 */
public record StderrMarker(String marker) implements ForeachPartitionFunction<Long> {
  @Override
  public void call(Iterator<Long> rows) {
    System.err.println(marker);
    System.err.flush();
  }
}
