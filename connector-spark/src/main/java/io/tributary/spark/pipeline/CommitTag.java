package io.tributary.spark.pipeline;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.api.Json;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.WeakHashMap;
import java.util.function.Supplier;
import org.apache.spark.sql.SparkSession;

/**
 * What a run writes into the {@code userMetadata} of each Delta commit it makes: the run, the
 * batch and the records the commit applied. The ingestion-log row of a table is written when the
 * table finishes, so a process killed before that leaves commits no row counts; the tag lets the
 * next run find and count them ({@link InterruptedRuns}).
 *
 * @param batchId the streaming batch id, or -1 for a commit outside the table's own stream (a
 *     snapshot merge, a parent's delete of children)
 * @param records change records the commit applied (upserts and deletes)
 * @param rescued of those, records with values in {@code _rescued_data}
 */
record CommitTag(String runId, String sourceTable, long batchId, long records, long rescued) {
  /** Delta writes this session setting into the commit info of every commit the session makes. */
  static final String USER_METADATA = "spark.databricks.delta.commitInfo.userMetadata";
  private static final String MARKER = "tributary_run_id";
  private static final Map<SparkSession, Object> LOCKS = new WeakHashMap<>();

  CommitTag {
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(sourceTable, "sourceTable");
  }

  String toJson() {
    ObjectNode json = Json.object();
    json.put(MARKER, runId);
    json.put("source_table", sourceTable);
    json.put("batch_id", batchId);
    json.put("records", records);
    json.put("rescued", rescued);
    return json.toString();
  }

  /** The tag in a commit's {@code userMetadata}; empty for commits Tributary did not make. */
  static Optional<CommitTag> parse(String userMetadata) {
    if (userMetadata == null || !userMetadata.contains(MARKER)) {
      return Optional.empty();
    }
    try {
      JsonNode json = Json.MAPPER.readTree(userMetadata);
      if (!json.path(MARKER).isTextual()) {
        return Optional.empty();
      }
      return Optional.of(new CommitTag(json.get(MARKER).asText(), json.path("source_table").asText(""),
          json.path("batch_id").asLong(-1), json.path("records").asLong(0), json.path("rescued").asLong(0)));
    } catch (JsonProcessingException e) {
      return Optional.empty();
    }
  }

  /**
   * Runs {@code write} with this tag on the commits it makes on {@code session}. The setting is
   * the session's, so writes tagging the same session take turns (a streaming batch has a session
   * of its own; snapshot tables of ingestions running side by side share one), and a value the
   * user set is put back afterwards.
   */
  <T> T around(SparkSession session, Supplier<T> write) {
    // A lock of our own: Spark locks the session object itself for its lazy fields, from other threads.
    Object lock;
    synchronized (LOCKS) {
      lock = LOCKS.computeIfAbsent(session, s -> new Object());
    }
    synchronized (lock) {
      String previous = session.conf().get(USER_METADATA, null);
      session.conf().set(USER_METADATA, toJson());
      try {
        return write.get();
      } finally {
        if (previous == null) {
          session.conf().unset(USER_METADATA);
        } else {
          session.conf().set(USER_METADATA, previous);
        }
      }
    }
  }
}
