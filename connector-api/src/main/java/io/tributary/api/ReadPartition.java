package io.tributary.api;

import java.io.Serializable;
import java.util.Map;
import java.util.TreeMap;

/**
 * One independently readable slice of a table, planned by {@link PartitionedReads}. Serializable
 * so that Spark can ship it to an executor.
 *
 * @param id a short label, unique within one plan, used in logs and metrics
 * @param bounds the connector's private description of the slice, such as window start and end
 * @param endOffset the offset the table reaches once every partition of the plan is read
 */
public record ReadPartition(String id, Map<String, String> bounds, String endOffset) implements Serializable {
  public ReadPartition {
    bounds = new TreeMap<>(bounds);
  }
}
