package io.tributary.spark.pipeline;

/**
 * Progress of one table after one micro-batch (or the one snapshot batch) was applied.
 *
 * @param batch the streaming batch id
 * @param records change records in this batch
 * @param totalRecords change records of this table so far in the run
 * @param requests HTTP requests this batch's read made, retries included
 * @param throttledMs time this batch's read waited for the rate limiter or Retry-After
 */
public record TableProgress(
    String sourceTable,
    String destination,
    long batch,
    long records,
    long totalRecords,
    long inserted,
    long updated,
    long deleted,
    long requests,
    long retries,
    long throttledMs) {}
