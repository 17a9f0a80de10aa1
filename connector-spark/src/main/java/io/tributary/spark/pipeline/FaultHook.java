package io.tributary.spark.pipeline;

/**
 * A test seam: called at the points where a crash is most dangerous, so tests can kill the
 * ingest there and check that a rerun loses and duplicates nothing.
 */
interface FaultHook {
  FaultHook NONE = (point, sourceTable, batchId) -> {};

  enum Point {
    /** The batch was read and counted; nothing was written. */
    AFTER_READ,
    /** The batch's Delta commit is done; the streaming offset is not yet saved. */
    AFTER_COMMIT
  }

  void at(Point point, String sourceTable, long batchId);
}
