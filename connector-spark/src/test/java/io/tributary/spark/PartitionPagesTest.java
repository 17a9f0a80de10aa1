package io.tributary.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.api.ExternalException;
import io.tributary.api.Json;
import io.tributary.api.Offset;
import io.tributary.api.ReadResult;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** A partition's pages come to the task as they are read, at most one ahead, and its failure as thrown. */
class PartitionPagesTest {

  private static List<ObjectNode> page(int number) {
    return List.of(Json.object().put("id", number * 10L), Json.object().put("id", number * 10L + 1));
  }

  @Test
  void pagesArriveInOrderAndThenTheRestOfTheResult() {
    ObjectNode parent = Json.object().put("id", 7);
    try (PartitionPages pages = PartitionPages.start("t", handOn -> {
      for (int i = 1; i <= 5; i++) {
        handOn.accept(page(i));
      }
      return new ReadResult(List.of(), Offset.START, List.of(parent));
    })) {
      List<Long> ids = new ArrayList<>();
      for (List<ObjectNode> page = pages.next(); page != null; page = pages.next()) {
        page.forEach(r -> ids.add(r.path("id").asLong()));
      }

      assertThat(ids).containsExactly(10L, 11L, 20L, 21L, 30L, 31L, 40L, 41L, 50L, 51L);
      assertThat(pages.results().get(0).completeParents()).containsExactly(parent);
      assertThat(pages.next()).as("after the end").isNull();
    }
  }

  @Test
  void theReadStaysOnePageAheadOfTheTask() throws Exception {
    AtomicInteger handed = new AtomicInteger();
    CountDownLatch first = new CountDownLatch(1);
    try (PartitionPages pages = PartitionPages.start("t", handOn -> {
      for (int i = 1; i <= 10; i++) {
        handOn.accept(page(i));
        handed.incrementAndGet();
        first.countDown();
      }
      return new ReadResult(List.of(), Offset.START);
    })) {
      assertThat(first.await(10, TimeUnit.SECONDS)).isTrue();
      Thread.sleep(300);
      assertThat(handed.get()).as("pages handed before the task took one").isEqualTo(1);

      assertThat(pages.next()).isEqualTo(page(1));
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (handed.get() < 2 && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      Thread.sleep(300);
      assertThat(handed.get()).as("pages handed after the task took one").isEqualTo(2);
    }
  }

  @Test
  void theReadsFailureIsThrownAsItWasAfterThePagesBeforeIt() {
    ExternalException refused = new ExternalException("Cannot read table 'tickets': 503 from the provider", 503, null, true);
    try (PartitionPages pages = PartitionPages.start("t", handOn -> {
      handOn.accept(page(1));
      throw refused;
    })) {
      assertThat(pages.next()).isEqualTo(page(1));
      assertThatThrownBy(pages::next).isSameAs(refused);
    }
  }

  @Test
  void closingStopsTheReadAndItsThread() throws Exception {
    AtomicInteger fetched = new AtomicInteger();
    AtomicReference<Thread> reading = new AtomicReference<>();
    AtomicReference<Throwable> ended = new AtomicReference<>();
    CountDownLatch blocked = new CountDownLatch(2);
    Consumer<Consumer<List<ObjectNode>>> endless = handOn -> {
      reading.set(Thread.currentThread());
      for (int i = 1; ; i++) {
        fetched.incrementAndGet();
        blocked.countDown();
        handOn.accept(page(i));
      }
    };
    PartitionPages pages = PartitionPages.start("t", handOn -> {
      try {
        endless.accept(handOn);
      } catch (RuntimeException e) {
        ended.set(e);
        throw e;
      }
      return null;
    });
    assertThat(blocked.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(pages.next()).isEqualTo(page(1));

    pages.close();
    int atClose = fetched.get();
    Thread.sleep(200);

    assertThat(reading.get().isAlive()).isFalse();
    assertThat(ended.get()).as("the read ended by an exception through its own code").isNotNull();
    assertThat(fetched.get()).as("pages fetched after the close").isEqualTo(atClose);
  }

  /** A read of {@code pages} pages numbered from {@code first}, which waits at {@code gate} before its first. */
  private static java.util.function.Function<Consumer<List<ObjectNode>>, ReadResult> read(int first, int pages,
      CountDownLatch gate, AtomicInteger running, AtomicInteger mostRunning) {
    return handOn -> {
      mostRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
      try {
        gate.countDown();
        if (!gate.await(10, TimeUnit.SECONDS)) {
          throw new AssertionError("the other reads never started");
        }
        for (int i = first; i < first + pages; i++) {
          handOn.accept(page(i));
        }
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      } finally {
        running.decrementAndGet();
      }
      return new ReadResult(List.of(), Offset.START, List.of(Json.object().put("parent", first)));
    };
  }

  @Test
  void severalPartitionsAreReadSideBySideAndEveryPageOfEachComes() {
    // Each read waits until all three have started: they must run at once, or none goes on.
    CountDownLatch allStarted = new CountDownLatch(3);
    AtomicInteger running = new AtomicInteger();
    AtomicInteger mostRunning = new AtomicInteger();
    try (PartitionPages pages = PartitionPages.start("t", List.of(read(1, 4, allStarted, running, mostRunning),
        read(11, 4, allStarted, running, mostRunning), read(21, 4, allStarted, running, mostRunning)), 3)) {
      List<Long> ids = new ArrayList<>();
      for (List<ObjectNode> page = pages.next(); page != null; page = pages.next()) {
        page.forEach(r -> ids.add(r.path("id").asLong()));
      }

      assertThat(mostRunning.get()).isEqualTo(3);
      assertThat(ids).hasSize(24).doesNotHaveDuplicates();
      assertThat(ids).containsSubsequence(10L, 11L, 20L, 21L, 30L, 31L, 40L, 41L)
          .containsSubsequence(110L, 120L, 130L, 140L).containsSubsequence(210L, 220L, 230L, 240L);
      assertThat(pages.results()).flatExtracting(ReadResult::completeParents)
          .extracting(p -> p.path("parent").asInt()).containsExactlyInAnyOrder(1, 11, 21);
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void aTaskThatNeverWaitsForAPageKeepsOneReadGoingAndOneThatWaitsGetsMore() {
    AtomicInteger running = new AtomicInteger();
    AtomicInteger fastMost = new AtomicInteger();
    List<java.util.function.Function<Consumer<List<ObjectNode>>, ReadResult>> fast = new ArrayList<>();
    for (int r = 0; r < 8; r++) {
      fast.add(read(r * 100 + 1, 20, new CountDownLatch(0), running, fastMost));
    }
    try (PartitionPages pages = PartitionPages.start("fast", fast, 8)) {
      while (pages.next() != null) {
        // Pages are there whenever the task asks.
      }
    }
    AtomicInteger slowMost = new AtomicInteger();
    List<java.util.function.Function<Consumer<List<ObjectNode>>, ReadResult>> slow = new ArrayList<>();
    for (int r = 0; r < 4; r++) {
      int first = r * 100 + 1;
      slow.add(handOn -> {
        slowMost.accumulateAndGet(running.incrementAndGet(), Math::max);
        try {
          for (int i = first; i < first + 3; i++) {
            sleep(PartitionPages.STARVED_MILLIS * 3); // The provider's latency.
            handOn.accept(page(i));
          }
        } finally {
          running.decrementAndGet();
        }
        return new ReadResult(List.of(), Offset.START);
      });
    }
    try (PartitionPages pages = PartitionPages.start("slow", slow, 8)) {
      int count = 0;
      while (pages.next() != null) {
        count++;
      }
      assertThat(count).isEqualTo(4 * 3);
    }

    assertThat(fastMost.get()).as("reads at once for a task that never waits").isLessThanOrEqualTo(2);
    assertThat(slowMost.get()).as("reads at once for a task that waits for each page").isEqualTo(4);
  }

  @Test
  void noMoreReadsRunAtOnceThanAllowedAndTheRestFollow() {
    // The first two wait for each other, so two do run at once; the others pass the latch.
    CountDownLatch open = new CountDownLatch(2);
    AtomicInteger running = new AtomicInteger();
    AtomicInteger mostRunning = new AtomicInteger();
    List<java.util.function.Function<Consumer<List<ObjectNode>>, ReadResult>> reads = new ArrayList<>();
    for (int r = 0; r < 7; r++) {
      reads.add(read(r * 10 + 1, 3, open, running, mostRunning));
    }
    try (PartitionPages pages = PartitionPages.start("t", reads, 2)) {
      int count = 0;
      for (List<ObjectNode> page = pages.next(); page != null; page = pages.next()) {
        count++;
      }

      assertThat(count).isEqualTo(7 * 3);
      assertThat(mostRunning.get()).isEqualTo(2);
      assertThat(pages.results()).hasSize(7);
    }
  }

  @Test
  void oneFailingReadFailsTheTaskAndClosingStopsTheOthers() throws Exception {
    ExternalException refused = new ExternalException("Cannot read table 'tickets': 403 from the provider", 403, null, false);
    AtomicReference<Thread> endlessThread = new AtomicReference<>();
    CountDownLatch endlessStarted = new CountDownLatch(1);
    try (PartitionPages pages = PartitionPages.start("t", List.of(handOn -> {
      endlessThread.set(Thread.currentThread());
      endlessStarted.countDown();
      for (int i = 1; ; i++) {
        handOn.accept(page(i));
        sleep(PartitionPages.STARVED_MILLIS * 3); // A slow provider: the task waits, so the other read starts.
      }
    }, handOn -> {
      try {
        endlessStarted.await(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
      throw refused;
    }), 2)) {
      assertThatThrownBy(() -> {
        while (pages.next() != null) {
          // Pages of the endless read until the failure comes.
        }
      }).isSameAs(refused);
      pages.close();
      assertThat(endlessThread.get().isAlive()).as("the other read's thread after close").isFalse();
    }
  }
}
