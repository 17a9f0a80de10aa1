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
      assertThat(pages.result().completeParents()).containsExactly(parent);
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
}
