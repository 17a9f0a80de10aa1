package io.tributary.spark.pipeline;

/** Rows a write inserted, updated and deleted, from Delta's operation metrics. */
record WriteCounts(long inserted, long updated, long deleted) {
  static final WriteCounts ZERO = new WriteCounts(0, 0, 0);

  WriteCounts plus(WriteCounts more) {
    return new WriteCounts(inserted + more.inserted, updated + more.updated, deleted + more.deleted);
  }

  static WriteCounts of(DeltaTarget.Commit commit) {
    if (commit.skipped()) {
      return ZERO;
    }
    if (commit.operation().equals("MERGE")) {
      return new WriteCounts(
          commit.metric("numTargetRowsInserted"),
          commit.metric("numTargetRowsUpdated"),
          commit.metric("numTargetRowsDeleted"));
    }
    if (commit.operation().equals("DELETE")) {
      return new WriteCounts(0, 0, commit.metric("numDeletedRows"));
    }
    return new WriteCounts(commit.metric("numOutputRows"), 0, 0);
  }
}
