package io.tributary.http;

import io.tributary.api.InternalException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The threads that keep several requests of one read in flight: the children of a page of parents,
 * a prefetched next page. Requests made here still go through the connection's client, so its rate
 * limiter holds them all to the budget; these threads only stop a read from waiting out each
 * request's latency in turn. Daemon threads, created as needed and dropped after a minute idle.
 */
final class ParallelCalls {
  private static final AtomicInteger THREAD_NUMBER = new AtomicInteger();
  private static final ExecutorService THREADS = Executors.newCachedThreadPool(task -> {
    Thread thread = new Thread(task, "tributary-request-" + THREAD_NUMBER.incrementAndGet());
    thread.setDaemon(true);
    return thread;
  });

  private ParallelCalls() {}

  /** Runs {@code call} on a thread of its own, as a read of {@code table}. */
  static <T> Future<T> background(String table, Supplier<T> call) {
    return THREADS.submit(() -> TableContext.reading(table, call));
  }

  /**
   * {@code call} applied to every item, at most {@code bound} at once, the answers in the items'
   * order. When calls fail, no further item is started and the failure of the earliest item is
   * thrown, the others' added to it as suppressed: the error a one-by-one read would have met first.
   */
  static <T, R> List<R> inOrder(String table, List<T> items, int bound, Function<T, R> call) {
    return TableContext.reading(table, () -> inOrder(items, bound, call));
  }

  /** As {@link #inOrder(String, List, int, Function)}, as a read of the table the caller reads, if any. */
  static <T, R> List<R> inOrder(List<T> items, int bound, Function<T, R> call) {
    String table = TableContext.current().orElse(null);
    if (bound <= 1 || items.size() <= 1) {
      List<R> answers = new ArrayList<>(items.size());
      for (T item : items) {
        answers.add(call.apply(item));
      }
      return answers;
    }
    AtomicReferenceArray<R> answers = new AtomicReferenceArray<>(items.size());
    AtomicReferenceArray<Throwable> failures = new AtomicReferenceArray<>(items.size());
    AtomicInteger next = new AtomicInteger();
    AtomicBoolean failed = new AtomicBoolean();
    Supplier<Void> worker = () -> {
      for (int i = next.getAndIncrement(); i < items.size() && !failed.get(); i = next.getAndIncrement()) {
        try {
          answers.set(i, call.apply(items.get(i)));
        } catch (RuntimeException | Error e) {
          failures.set(i, e);
          failed.set(true);
        }
      }
      return null;
    };
    List<Future<Void>> workers = new ArrayList<>();
    for (int w = Math.min(bound, items.size()); w > 0; w--) {
      workers.add(background(table, worker));
    }
    awaitAll(table, workers);
    Throwable first = null;
    for (int i = 0; i < items.size(); i++) {
      Throwable failure = failures.get(i);
      if (failure != null && first == null) {
        first = failure;
      } else if (failure != null) {
        first.addSuppressed(failure);
      }
    }
    if (first instanceof RuntimeException e) {
      throw e;
    }
    if (first instanceof Error e) {
      throw e;
    }
    List<R> ordered = new ArrayList<>(items.size());
    for (int i = 0; i < items.size(); i++) {
      ordered.add(answers.get(i));
    }
    return ordered;
  }

  /** Waits for every worker; an interrupted wait cancels them all, so none outlives the read. */
  private static void awaitAll(String table, List<Future<Void>> workers) {
    try {
      for (Future<Void> w : workers) {
        w.get();
      }
    } catch (InterruptedException e) {
      workers.forEach(w -> w.cancel(true));
      Thread.currentThread().interrupt();
      throw new InternalException("Cannot read" + named(table) + ": interrupted while its requests were in flight", e);
    } catch (ExecutionException | CancellationException e) {
      // A worker catches what its calls throw; only a cancelled worker can get here.
      workers.forEach(w -> w.cancel(true));
      throw new InternalException("Cannot read" + named(table) + ": a request thread was cancelled", e);
    }
  }

  private static String named(String table) {
    return table == null ? "" : " table '" + table + "'";
  }
}
