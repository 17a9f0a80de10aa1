package io.tributary.http;

import io.tributary.api.Offset;
import io.tributary.api.UserException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;

/**
 * Where a {@link JobExport} stands while it downloads a finished job's results; lives in the
 * offset's state. The key names (and the {@code mode=bulk} marker) are those Salesforce's Bulk
 * backfill wrote before the engine moved to the toolkit, so the offsets users have stored resume as
 * they are.
 *
 * @param job the provider's id of the job
 * @param locator where the next result page starts; empty for the first page
 * @param until the job's exclusive upper bound on the cursor
 */
record JobPosition(String job, Optional<String> locator, Instant until) {
  static final String IN_PROGRESS = "bulk";

  static boolean inProgress(Offset offset) {
    return OffsetKey.MODE.in(offset).map(IN_PROGRESS::equals).orElse(false);
  }

  /** The download {@code offset} is in the middle of; empty when it is in none. */
  static Optional<JobPosition> resume(Offset offset) {
    if (!inProgress(offset)) {
      return Optional.empty();
    }
    try {
      return Optional.of(new JobPosition(
          OffsetKey.JOB.in(offset).orElseThrow(() -> missing(offset, OffsetKey.JOB)),
          OffsetKey.LOCATOR.in(offset).filter(l -> !l.isEmpty()),
          Instant.parse(OffsetKey.JOB_UNTIL.in(offset).orElseThrow(() -> missing(offset, OffsetKey.JOB_UNTIL)))));
    } catch (DateTimeParseException e) {
      throw new UserException("Cannot resume from offset " + offset.toJson() + ": its '" + OffsetKey.JOB_UNTIL
          + "' is not an ISO-8601 instant");
    }
  }

  private static UserException missing(Offset offset, OffsetKey key) {
    return new UserException("Cannot resume from offset " + offset.toJson() + ": it lacks '" + key + "'");
  }

  JobPosition at(String next) {
    return new JobPosition(job, Optional.of(next), until);
  }

  Offset toOffset(Instant watermark) {
    return new Offset(watermark, Map.of(OffsetKey.MODE.key(), IN_PROGRESS, OffsetKey.JOB.key(), job,
        OffsetKey.LOCATOR.key(), locator.orElse(""), OffsetKey.JOB_UNTIL.key(), until.toString()));
  }
}
