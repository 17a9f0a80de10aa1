package io.tributary.spark.pipeline;

/**
 * Hears about each table's progress during {@link Ingestion#run}; the CLI prints it to stderr.
 * Called from the thread applying the batch; implementations should be quick and must not throw.
 */
public interface ProgressListener {
  ProgressListener NONE = new ProgressListener() {};

  default void tableStarted(String sourceTable, String destination) {}

  default void batchApplied(TableProgress progress) {}

  default void tableFinished(TableReport report) {}

  /**
   * An earlier run of this table ended without its ingestion-log row (its process was killed);
   * {@code report}, status {@code interrupted}, counts what it committed and is now in the log.
   */
  default void interruptedRunCounted(TableReport report) {}
}
