package io.tributary.spark;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.api.InternalException;
import io.tributary.api.ReadResult;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A task's pages, read on threads of their own while the task converts and writes the page before:
 * the connector pushes pages ({@link io.tributary.api.PartitionedReads#readPartition(String,
 * io.tributary.api.ReadPartition, io.tributary.api.OptionValues, Consumer)}), Spark pulls rows.
 *
 * <p>A task may hold several of a plan's partitions. One is read at a time while the task keeps
 * up with it; each time the task waits more than {@link #STARVED_MILLIS} for a page, one more is
 * read beside the others, up to {@code atOnce}. So a plan keeps more requests in flight than the
 * cluster has task slots when the provider is slow (a provider answering a page in 300 ms needs
 * about four in flight to spend a 700-a-minute budget), and a task converting as fast as it can
 * holds no more pages than it needs. Each partition's read spends its share of the budget, so
 * reading them at once never passes it. One page at most waits here, and each reading thread holds
 * at most the page it is handing over, so a task holds at most {@code atOnce + 2} pages, whatever
 * the size of its windows.
 *
 * <p>A read's failure is thrown by {@link #next} as it was thrown, so its message and type reach
 * the pipeline unchanged. {@link #close} stops every read: the reading threads are interrupted,
 * and a page handed over after that ends its read.
 */
final class PartitionPages implements AutoCloseable {
  private static final long JOIN_MILLIS = 10_000;
  /** A task that waits this long for a page has another partition read beside the ones running. */
  static final long STARVED_MILLIS = 100;

  private final BlockingQueue<Handed> handed = new ArrayBlockingQueue<>(1);
  private final List<Function<Consumer<List<ObjectNode>>, ReadResult>> reads;
  private final AtomicInteger nextRead = new AtomicInteger();
  private final List<Thread> threads = new ArrayList<>();
  private final int atOnce;
  private final String name;
  private volatile boolean closed;
  private final List<ReadResult> results = new ArrayList<>();

  /** What a reading thread hands over: a page, or one read's end (its result, or its failure). */
  private record Handed(List<ObjectNode> page, ReadResult result, Throwable failure) {}

  private PartitionPages(String name, List<Function<Consumer<List<ObjectNode>>, ReadResult>> reads, int atOnce) {
    if (reads.isEmpty()) {
      throw new IllegalArgumentException("no partition to read for " + name);
    }
    if (atOnce < 1) {
      throw new IllegalArgumentException("atOnce must be at least 1: " + atOnce);
    }
    this.name = name;
    this.reads = List.copyOf(reads);
    this.atOnce = Math.min(atOnce, reads.size());
  }

  /** Starts one more reading thread, while reads are left that none has taken. */
  private synchronized void addReader() {
    if (closed || threads.size() >= atOnce || nextRead.get() >= reads.size()) {
      return;
    }
    Thread thread = new Thread(this::run, atOnce == 1 ? name : name + " reader " + (threads.size() + 1));
    thread.setDaemon(true);
    threads.add(thread);
    thread.start();
  }

  /**
   * Starts reading on a thread named {@code name}. {@code read} reads the partition, handing each
   * page to the consumer it is given, and returns the rest of the result.
   */
  static PartitionPages start(String name, Function<Consumer<List<ObjectNode>>, ReadResult> read) {
    return start(name, List.of(read), 1);
  }

  /**
   * Starts reading {@code reads}, up to {@code atOnce} of them at a time, each on a thread of its
   * own; a thread whose read ends takes the next one not started. Pages come in the order they are
   * handed over, those of one read in its order.
   */
  static PartitionPages start(String name, List<Function<Consumer<List<ObjectNode>>, ReadResult>> reads,
      int atOnce) {
    PartitionPages pages = new PartitionPages(name, reads, atOnce);
    pages.addReader();
    return pages;
  }

  private void run() {
    for (int i = nextRead.getAndIncrement(); i < reads.size() && !closed; i = nextRead.getAndIncrement()) {
      Handed end;
      try {
        end = new Handed(null, reads.get(i).apply(this::hand), null);
      } catch (Stopped stopped) {
        return;
      } catch (Throwable t) {
        end = new Handed(null, null, t);
      }
      try {
        handed.put(end);
      } catch (InterruptedException e) {
        return; // Closed: nobody takes the end.
      }
      if (end.failure() != null) {
        return; // The task fails with it; the reads not started are not.
      }
    }
  }

  private void hand(List<ObjectNode> page) {
    if (closed) {
      throw new Stopped();
    }
    try {
      handed.put(new Handed(List.copyOf(page), null, null));
    } catch (InterruptedException e) {
      throw new Stopped();
    }
  }

  /**
   * The next page, waiting for it; null once every partition is read, after which {@link
   * #results} holds the rest of their results. Throws what a read threw.
   */
  List<ObjectNode> next() {
    while (results.size() < reads.size()) {
      Handed next;
      try {
        next = handed.poll(STARVED_MILLIS, TimeUnit.MILLISECONDS);
        while (next == null) {
          // The task waits for pages: the reads are slower than the task (the provider's latency),
          // so one more is read beside them. A task that never waits keeps one read.
          addReader();
          next = handed.poll(STARVED_MILLIS, TimeUnit.MILLISECONDS);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InternalException("Interrupted waiting for a page of " + name);
      }
      if (next.failure() != null) {
        throw rethrown(next.failure());
      }
      if (next.page() != null) {
        return next.page();
      }
      results.add(next.result());
    }
    return null;
  }

  /** The reads' results, without records, in the order they ended; only after {@link #next} returned null. */
  List<ReadResult> results() {
    if (results.size() < reads.size()) {
      throw new IllegalStateException("the partitions of " + name + " are not read to their end yet");
    }
    return List.copyOf(results);
  }

  private static RuntimeException rethrown(Throwable failure) {
    if (failure instanceof RuntimeException runtime) {
      return runtime;
    }
    if (failure instanceof Error error) {
      throw error;
    }
    return new InternalException("Cannot read a partition: " + failure, failure);
  }

  /** Stops the reads and waits for their threads, so that the connectors can be closed after. */
  @Override
  public void close() {
    List<Thread> started;
    synchronized (this) {
      closed = true;
      started = List.copyOf(threads);
    }
    started.forEach(Thread::interrupt);
    handed.clear();
    long deadline = System.nanoTime() + JOIN_MILLIS * 1_000_000;
    for (Thread thread : started) {
      // A thread blocked handing over a page was interrupted; one that got into the queue as it
      // was cleared is let go by clearing it again.
      handed.clear();
      try {
        thread.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /** Ends a reading thread's read once the task's pages are closed. */
  private static final class Stopped extends RuntimeException {
    Stopped() {
      super("the partition was closed", null, false, false);
    }
  }
}
