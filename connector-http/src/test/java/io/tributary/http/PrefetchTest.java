package io.tributary.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.api.Connector;
import io.tributary.api.ExternalException;
import io.tributary.api.Json;
import io.tributary.api.Offset;
import io.tributary.api.ReadResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiPredicate;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * A listing that stops mid-way asks for the next call's first page in the background, so the
 * provider's latency overlaps with the caller's work on the batch (Spark's, here a sleep), without
 * one request more than a listing that waits for each page.
 */
class PrefetchTest {
  private static final Duration LATENCY = Duration.ofMillis(300);
  private static final Duration SPARK_WORK = Duration.ofMillis(300);

  @Test
  void aSnapshotListingOverlapsTheNextPageWithTheCallersWorkWithoutAnExtraRequest() throws Exception {
    try (LatencyHelpdesk helpdesk = new LatencyHelpdesk(70, LATENCY)) {
      RestClient client = RestClient.create(LatencyHelpdesk.settings(helpdesk.sim.baseUrl(), 600_000).build());
      Function<Optional<String>, Page> pages = next -> {
        JsonResponse r = next.isPresent() ? client.get(next.get()) : client.get("/tickets", Map.of("per_page", "10"));
        return new Page(Paging.records(r, ""), Paging.linkNext(r));
      };

      Run waiting = snapshotRun(new SnapshotListing("tickets", 1), pages);
      int waitingRequests = helpdesk.sim.requests().size();
      helpdesk.sim.clearRequests();
      Prefetch slot = new Prefetch("tickets");
      Run prefetching = snapshotRun(new SnapshotListing("tickets", 1).prefetching(slot), pages);

      assertThat(prefetching.records()).isEqualTo(waiting.records()).hasSize(70);
      assertThat(helpdesk.sim.requests()).as("requests with prefetch").hasSize(waitingRequests);
      assertThat(waitingRequests).isEqualTo(7);
      assertThat(slot.used()).as("every call after the first started with a prefetched page").isEqualTo(6);
      printAndAssertOverlap("snapshot", waiting, prefetching, 7);
    }
  }

  @Test
  void anIncrementalListingPrefetchesTheRequestItsNextCallResumesWith() throws Exception {
    try (LatencyHelpdesk helpdesk = new LatencyHelpdesk(70, LATENCY)) {
      RestClient client = RestClient.create(LatencyHelpdesk.settings(helpdesk.sim.baseUrl(), 600_000).build());
      PageFetcher pages = (since, next) -> {
        JsonResponse r = next.isPresent() ? client.get(next.get())
            : client.get("/tickets", Map.of("updated_since", since.toString(), "per_page", "10"));
        return new Page(Paging.records(r, ""), Paging.linkNext(r));
      };

      Run waiting = incrementalRun(listing().build(), pages);
      int waitingRequests = helpdesk.sim.requests().size();
      helpdesk.sim.clearRequests();
      Prefetch slot = new Prefetch("tickets");
      Run prefetching = incrementalRun(listing().prefetch(slot).build(), pages);

      assertThat(prefetching.records()).isEqualTo(waiting.records()).hasSize(70);
      assertThat(helpdesk.sim.requests()).as("requests with prefetch").hasSize(waitingRequests);
      assertThat(slot.used()).isEqualTo(6);
      printAndAssertOverlap("incremental", waiting, prefetching, 7);
    }
  }

  @Test
  void aConnectorsSnapshotTableReadsTheSameRecordsWithTheSameRequests() {
    try (LatencyHelpdesk helpdesk = new LatencyHelpdesk(45, Duration.ofMillis(20));
        Connector c = helpdesk.connect(600_000, 8)) {
      List<ReadResult> calls = LatencyHelpdesk.readAll(c, "tickets", LatencyHelpdesk.tableOptions(10, 2));

      assertThat(LatencyHelpdesk.records(calls)).extracting(r -> r.path("id").asLong()).doesNotHaveDuplicates().hasSize(45);
      assertThat(helpdesk.sim.requests("/tickets")).extracting(r -> r.param("page").orElse("1"))
          .as("each page once, none past the last").containsExactly("1", "2", "3", "4", "5");
    }
  }

  @Test
  void aFailedPrefetchIsRequestedAgainByTheCallThatNeedsIt() {
    Map<String, AtomicInteger> asked = new ConcurrentHashMap<>();
    AtomicInteger failures = new AtomicInteger(1);
    Function<Optional<String>, Page> pages = next -> {
      String page = next.orElse("1");
      asked.computeIfAbsent(page, p -> new AtomicInteger()).incrementAndGet();
      if (page.equals("2") && failures.getAndDecrement() > 0) {
        throw new ExternalException("Cannot GET /tickets: 503 Service Unavailable", 503, null, true);
      }
      return new Page(List.of(Json.object().put("id", Integer.parseInt(page))), page.equals("3") ? Optional.empty()
          : Optional.of(String.valueOf(Integer.parseInt(page) + 1)));
    };
    Prefetch slot = new Prefetch("tickets");
    SnapshotListing listing = new SnapshotListing("tickets", 1).prefetching(slot);

    ReadResult first = listing.read(Offset.START, pages);
    ReadResult second = listing.read(first.endOffset(), pages);
    ReadResult third = listing.read(second.endOffset(), pages);

    assertThat(second.records()).extracting(r -> r.path("id").asInt()).containsExactly(2);
    assertThat(third.records()).extracting(r -> r.path("id").asInt()).containsExactly(3);
    assertThat(asked.get("2")).as("the failed prefetch, then the call's own request").hasValue(2);
    assertThat(asked.get("3")).hasValue(1);
    assertThat(slot.used()).isEqualTo(1);
  }

  @Test
  void aCallForAnotherOffsetDiscardsThePrefetchedPage() {
    Map<String, AtomicInteger> asked = new ConcurrentHashMap<>();
    Function<Optional<String>, Page> pages = next -> {
      String page = next.orElse("1");
      asked.computeIfAbsent(page, p -> new AtomicInteger()).incrementAndGet();
      return new Page(List.of(Json.object().put("id", Integer.parseInt(page))), Optional.of(String.valueOf(Integer.parseInt(page) + 1)));
    };
    Prefetch slot = new Prefetch("tickets");
    SnapshotListing listing = new SnapshotListing("tickets", 1).prefetching(slot);

    listing.read(Offset.START, pages);
    ReadResult elsewhere = listing.read(Offset.START.with("next", "7"), pages);

    assertThat(elsewhere.records()).extracting(r -> r.path("id").asInt()).containsExactly(7);
    assertThat(slot.used()).isZero();
    assertThat(asked.get("7")).hasValue(1);
  }

  @Test
  void closingCancelsThePrefetchInFlightAndStartsNoOther() throws Exception {
    CountDownLatch inFlight = new CountDownLatch(1);
    CountDownLatch interrupted = new CountDownLatch(1);
    Prefetch slot = new Prefetch("tickets");
    slot.start("next 2", () -> {
      inFlight.countDown();
      try {
        Thread.sleep(10_000);
      } catch (InterruptedException e) {
        interrupted.countDown();
      }
      throw new AssertionError("not cancelled");
    });
    assertThat(inFlight.await(5, TimeUnit.SECONDS)).isTrue();

    slot.close();
    slot.start("next 3", () -> {
      throw new AssertionError("started after close");
    });

    assertThat(interrupted.await(5, TimeUnit.SECONDS)).as("the request's thread was interrupted").isTrue();
    assertThat(slot.started()).isEqualTo(1);
    assertThatThrownBy(() -> slot.take("next 3", () -> {
      throw new IllegalStateException("the call's own request");
    })).hasMessage("the call's own request");
  }

  private static IncrementalListing.Builder listing() {
    return IncrementalListing.builder("tickets", "updated_at").maxPagesPerBatch(1).lookback(Duration.ZERO)
        .clock(java.time.Clock.fixed(LatencyHelpdesk.NOW.plusSeconds(60), java.time.ZoneOffset.UTC));
  }

  private record Run(List<String> records, Duration wall) {}

  /** Reads every page of a snapshot listing, one call per page, working on each batch for {@link #SPARK_WORK}. */
  private static Run snapshotRun(SnapshotListing listing, Function<Optional<String>, Page> pages) throws InterruptedException {
    return run(offset -> listing.read(offset, pages), (offset, r) -> r.caughtUp(offset));
  }

  /** Reads one whole incremental listing, one call per page, working on each batch likewise. */
  private static Run incrementalRun(IncrementalListing listing, PageFetcher pages) throws InterruptedException {
    return run(offset -> listing.read(offset, pages), (offset, r) -> r.endOffset().state().isEmpty());
  }

  private static Run run(Function<Offset, ReadResult> read, BiPredicate<Offset, ReadResult> done) throws InterruptedException {
    List<String> records = new ArrayList<>();
    long started = System.nanoTime();
    Offset offset = Offset.START;
    for (int call = 0; call < 100; call++) {
      ReadResult r = read.apply(offset);
      r.records().forEach(o -> records.add(o.toString()));
      if (done.test(offset, r)) {
        return new Run(records, Duration.ofNanos(System.nanoTime() - started));
      }
      Thread.sleep(SPARK_WORK.toMillis());
      offset = r.endOffset();
    }
    throw new AssertionError("the listing never ended");
  }

  private static void printAndAssertOverlap(String kind, Run waiting, Run prefetching, int pages) {
    System.out.printf("prefetch (%s): %d pages of %d ms with %d ms of work after each: %.2f s waiting, %.2f s prefetching%n",
        kind, pages, LATENCY.toMillis(), SPARK_WORK.toMillis(), waiting.wall().toNanos() / 1e9, prefetching.wall().toNanos() / 1e9);
    // Waiting, each page's latency and the work take turns; prefetching hides a latency behind
    // each batch's work but the first.
    Duration hidden = LATENCY.multipliedBy(pages - 1);
    assertThat(prefetching.wall()).isLessThan(waiting.wall().minus(hidden.dividedBy(2)));
  }
}
