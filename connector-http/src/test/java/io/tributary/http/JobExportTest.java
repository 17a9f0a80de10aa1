package io.tributary.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.api.CommonOptions;
import io.tributary.api.ExternalException;
import io.tributary.api.Json;
import io.tributary.api.Offset;
import io.tributary.api.OptionValues;
import io.tributary.api.ReadResult;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A job export awaits its job, pages its results by locator, resumes from a locator and reports a failed job. */
class JobExportTest {
  private static final Instant NOW = Instant.parse("2024-06-01T12:00:00.400Z");

  /** One job, "750x", whose statuses come from a script and whose results are pages keyed by locator. */
  private static final class Provider implements JobExport.Jobs {
    final Deque<JobExport.Status> statuses = new ArrayDeque<>();
    final Map<String, Page> pages = Map.of(
        "", new Page(List.of(row(1), row(2)), Optional.of("L1")),
        "L1", new Page(List.of(row(3)), Optional.of("L2")),
        "L2", Page.last(List.of(row(4))));
    final List<Instant> created = new ArrayList<>();
    final List<String> deleted = new ArrayList<>();

    Provider status(String state, JobExport.Phase phase, Optional<String> error) {
      statuses.add(new JobExport.Status(state, phase, error));
      return this;
    }

    @Override
    public String create(Instant until) {
      created.add(until);
      return "750x";
    }

    @Override
    public JobExport.Status status(String job) {
      return statuses.size() > 1 ? statuses.poll() : statuses.peek();
    }

    @Override
    public Page results(String job, Optional<String> locator) {
      return pages.get(locator.orElse(""));
    }

    @Override
    public void delete(String job) {
      deleted.add(job);
    }

    private static ObjectNode row(int id) {
      return Json.object().put("Id", id);
    }
  }

  private static OptionValues onePage() {
    return CommonOptions.tableOptions(1000, 1000).validate(Map.of("max_pages_per_batch", "1"));
  }

  private static JobExport.Builder export(Clock clock) {
    return JobExport.builder("Account").jobName("Bulk API").failureAdvice("set bulk_threshold=0 to backfill over REST instead")
        .poll(Duration.ofMillis(1), Duration.ofMillis(2)).clock(clock);
  }

  @Test
  void resumesFromTheLocatorInAnotherProcessAndEndsOnTheLastClosedSecond() {
    Provider provider = new Provider().status("InProgress", JobExport.Phase.RUNNING, Optional.empty())
        .status("JobComplete", JobExport.Phase.COMPLETE, Optional.empty());
    List<Long> ids = new ArrayList<>();
    List<Offset> offsets = new ArrayList<>();
    Offset offset = Offset.START;

    for (int i = 0; i < 3; i++) {
      // A new export from the stored JSON each time, as another process would read it.
      ReadResult r = export(Clock.fixed(NOW, ZoneOffset.UTC)).tableOptions(onePage()).build().read(offset, provider);
      r.records().forEach(record -> ids.add(record.path("Id").asLong()));
      offset = Offset.fromJson(r.endOffset().toJson());
      offsets.add(offset);
    }

    assertThat(ids).containsExactly(1L, 2L, 3L, 4L);
    assertThat(provider.created).containsExactly(Instant.parse("2024-06-01T12:00:00Z"));
    assertThat(offsets.get(0).state()).isEqualTo(Map.of("mode", "bulk", "job", "750x", "locator", "L1",
        "bulk_until", "2024-06-01T12:00:00Z"));
    assertThat(JobExport.inProgress(offsets.get(1))).isTrue();
    assertThat(offsets.get(2)).as("the job holds seconds before until only")
        .isEqualTo(Offset.at(Instant.parse("2024-06-01T11:59:59Z")));
    assertThat(provider.deleted).containsExactly("750x");
  }

  @Test
  void aFailedJobIsReportedNamingTheTableAndDeleted() {
    Provider provider = new Provider().status("Failed", JobExport.Phase.FAILED, Optional.of("INVALID_FIELD: Foo__c"));

    assertThatThrownBy(() -> export(Clock.fixed(NOW, ZoneOffset.UTC)).build().read(Offset.START, provider))
        .isInstanceOf(ExternalException.class)
        .hasMessage("Cannot backfill table 'Account': Bulk API job 750x ended Failed: INVALID_FIELD: Foo__c; "
            + "set bulk_threshold=0 to backfill over REST instead")
        .satisfies(e -> assertThat(((ExternalException) e).retryable()).isFalse());
    assertThat(provider.deleted).containsExactly("750x");
  }

  @Test
  void aJobStillRunningAfterTheLongestWaitFailsAsRetryable() {
    Provider provider = new Provider().status("InProgress", JobExport.Phase.RUNNING, Optional.empty());

    assertThatThrownBy(() -> export(Clock.systemUTC()).maxWait(Duration.ofMillis(20)).build().read(Offset.START, provider))
        .isInstanceOf(ExternalException.class)
        .hasMessage("Cannot backfill table 'Account': Bulk API job 750x is still InProgress after 20 ms")
        .satisfies(e -> assertThat(((ExternalException) e).retryable()).isTrue());
  }
}
