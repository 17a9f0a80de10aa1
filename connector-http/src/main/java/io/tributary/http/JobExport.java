package io.tributary.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.api.CommonOptions;
import io.tributary.api.ExternalException;
import io.tributary.api.InternalException;
import io.tributary.api.Offset;
import io.tributary.api.OptionValues;
import io.tributary.api.ReadResult;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A backfill as one provider-side export job, such as a Salesforce Bulk API 2.0 query: create the
 * job, await its completion polling with backoff, download its result pages by the locator each
 * page gives the next, delete the job.
 *
 * <p>The job selects {@code cursor < until}, where {@code until} is the second the backfill started
 * in, so it holds closed seconds only. When its last page is delivered the watermark becomes the
 * last of them, {@link Cursors#closedBound} of the start, never {@code until} itself: records
 * stamped in that second are not in the job, and a watermark on it would keep the incremental reads
 * that follow from moving onto it. Those reads continue from the watermark with {@code >=}: no gap.
 * While results are left, the offset holds the job and the next locator ({@link JobPosition}), which
 * resumes the download in another call or process for as long as the provider keeps the job.
 *
 * <pre>
 * JobExport export = JobExport.builder("Account").jobName("Bulk API")
 *     .failureAdvice("set bulk_threshold=0 to backfill over REST instead").tableOptions(tableOptions).build();
 * return export.read(start, jobs);
 * </pre>
 */
public final class JobExport {
  /** The provider's side of an export job. */
  public interface Jobs {
    /** Starts a job that exports every record with a cursor before {@code until}; returns its id. */
    String create(Instant until);

    Status status(String job);

    /** A page of a completed job's results from {@code locator} (empty for the first); next is the following locator. */
    Page results(String job, Optional<String> locator);

    void delete(String job);
  }

  /** Where a job is in its life. */
  public enum Phase { RUNNING, COMPLETE, FAILED }

  /**
   * @param state the provider's name for the job's state, as messages show it
   * @param error the provider's reason for a failed job
   */
  public record Status(String state, Phase phase, Optional<String> error) {
    public Status {
      Objects.requireNonNull(state, "state");
      Objects.requireNonNull(phase, "phase");
      Objects.requireNonNull(error, "error");
    }
  }

  /** What a built export is fixed to. */
  private record Settings(String table, String jobName, String failureAdvice, int maxPagesPerBatch,
      Duration firstPoll, Duration maxPoll, Duration maxWait, Clock clock) {}

  private final Settings settings;

  private JobExport(Settings settings) {
    this.settings = settings;
  }

  public static Builder builder(String table) {
    return new Builder(table);
  }

  /** True while {@code offset} is in the middle of downloading a job's results. */
  public static boolean inProgress(Offset offset) {
    return JobPosition.inProgress(offset);
  }

  /**
   * Goes on with the download {@code start} is in the middle of; otherwise creates a job, awaits
   * it and starts downloading its results.
   *
   * @throws ExternalException when the job fails, or is still running after the longest wait
   */
  public ReadResult read(Offset start, Jobs jobs) {
    return TableContext.reading(settings.table(),
        () -> pages(start, JobPosition.resume(start).orElseGet(() -> begin(jobs)), jobs));
  }

  private JobPosition begin(Jobs jobs) {
    Instant until = Cursors.closedBound(settings.clock().instant()).plusSeconds(1);
    String job = jobs.create(until);
    awaitCompletion(job, jobs);
    return new JobPosition(job, Optional.empty(), until);
  }

  private ReadResult pages(Offset start, JobPosition position, Jobs jobs) {
    List<ObjectNode> records = new ArrayList<>();
    JobPosition p = position;
    for (int page = 0; page < settings.maxPagesPerBatch(); page++) {
      Page results = jobs.results(p.job(), p.locator());
      records.addAll(results.records());
      if (results.next().isEmpty()) {
        deleteQuietly(p.job(), jobs);
        // The last second the job holds, never until itself (see the class comment).
        Instant last = p.until().minusSeconds(1);
        boolean back = start.watermark() != null && last.isBefore(start.watermark());
        return new ReadResult(records, Offset.at(back ? start.watermark() : last));
      }
      p = p.at(results.next().get());
    }
    return new ReadResult(records, p.toOffset(start.watermark()));
  }

  private void awaitCompletion(String job, Jobs jobs) {
    Duration delay = settings.firstPoll();
    Instant deadline = settings.clock().instant().plus(settings.maxWait());
    for (Status status = jobs.status(job); status.phase() != Phase.COMPLETE; status = jobs.status(job)) {
      if (status.phase() == Phase.FAILED) {
        deleteQuietly(job, jobs);
        throw new ExternalException(jobText(job) + " ended " + status.state()
            + status.error().map(m -> ": " + m).orElse("") + "; " + settings.failureAdvice(),
            0, status.error().orElse(null), false);
      }
      if (settings.clock().instant().isAfter(deadline)) {
        throw new ExternalException(jobText(job) + " is still " + status.state() + " after " + waited(), 0, null, true);
      }
      sleep(delay);
      delay = delay.multipliedBy(2).compareTo(settings.maxPoll()) > 0 ? settings.maxPoll() : delay.multipliedBy(2);
    }
  }

  private String jobText(String job) {
    return "Cannot backfill table '" + settings.table() + "': " + settings.jobName() + " job " + job;
  }

  private String waited() {
    return settings.maxWait().toHours() >= 1 ? settings.maxWait().toHours() + " hours" : Durations.text(settings.maxWait());
  }

  private static void deleteQuietly(String job, Jobs jobs) {
    try {
      jobs.delete(job);
    } catch (ExternalException e) {
      // A job that is already gone needs no cleanup; providers also purge finished jobs.
    }
  }

  private void sleep(Duration delay) {
    try {
      Thread.sleep(delay.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InternalException("Cannot wait for a " + settings.jobName() + " job: the thread was interrupted", e);
    }
  }

  @Override
  public String toString() {
    return "JobExport[" + settings.table() + ", " + settings.jobName() + ", " + settings.maxPagesPerBatch()
        + " pages per batch]";
  }

  /** Declares a {@link JobExport}; defaults: 50 pages per batch, polls from 200 ms to 15 s, 4 hours at most. */
  public static final class Builder {
    private final String table;
    private String jobName = "export";
    private String failureAdvice = "run the read again";
    private int maxPagesPerBatch = 50;
    private Duration firstPoll = Duration.ofMillis(200);
    private Duration maxPoll = Duration.ofSeconds(15);
    private Duration maxWait = Duration.ofHours(4);
    private Clock clock = Clock.systemUTC();

    private Builder(String table) {
      this.table = Objects.requireNonNull(table, "table");
    }

    /** What messages call the job, such as "Bulk API". */
    public Builder jobName(String value) {
      jobName = Objects.requireNonNull(value, "jobName");
      return this;
    }

    /** What a user can do about a failed job, ending its message. */
    public Builder failureAdvice(String value) {
      failureAdvice = Objects.requireNonNull(value, "failureAdvice");
      return this;
    }

    /** Takes {@code max_pages_per_batch} from the table options, where declared. */
    public Builder tableOptions(OptionValues options) {
      maxPagesPerBatch = Listings.intOption(options, CommonOptions.MAX_PAGES_PER_BATCH, maxPagesPerBatch);
      return this;
    }

    /** The first delay between two status polls, doubled after each up to {@code max}. */
    public Builder poll(Duration first, Duration max) {
      firstPoll = Objects.requireNonNull(first, "first");
      maxPoll = Objects.requireNonNull(max, "max");
      return this;
    }

    /** How long a job may run before the read gives up on it. */
    public Builder maxWait(Duration value) {
      maxWait = Objects.requireNonNull(value, "maxWait");
      return this;
    }

    public Builder clock(Clock value) {
      clock = Objects.requireNonNull(value, "clock");
      return this;
    }

    public JobExport build() {
      return new JobExport(
          new Settings(table, jobName, failureAdvice, maxPagesPerBatch, firstPoll, maxPoll, maxWait, clock));
    }
  }
}
