package io.tributary.spark;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.api.InternalException;
import io.tributary.api.ReadResult;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A partition's pages, read on a thread of their own while the task converts and writes the page
 * before: the connector pushes pages ({@link io.tributary.api.PartitionedReads#readPartition(String,
 * io.tributary.api.ReadPartition, io.tributary.api.OptionValues, Consumer)}), Spark pulls rows. At
 * most one page waits here, so a partition holds three at most (the one the task converts, the one
 * waiting, the one being fetched), whatever the size of its window; and the next page's request is
 * in flight while the task works.
 *
 * <p>The read's failure is thrown by {@link #next} as it was thrown, so its message and type reach
 * the pipeline unchanged. {@link #close} stops the read: the reading thread is interrupted, and a
 * page it hands over after that ends it.
 */
final class PartitionPages implements AutoCloseable {
  private static final long JOIN_MILLIS = 10_000;

  private final BlockingQueue<Handed> handed = new ArrayBlockingQueue<>(1);
  private final Thread thread;
  private volatile boolean closed;
  private ReadResult result;

  /** What the reading thread hands over: a page, or the read's end (its result, or its failure). */
  private record Handed(List<ObjectNode> page, ReadResult result, Throwable failure) {}

  private PartitionPages(String name, Function<Consumer<List<ObjectNode>>, ReadResult> read) {
    this.thread = new Thread(() -> run(read), name);
    thread.setDaemon(true);
  }

  /**
   * Starts reading on a thread named {@code name}. {@code read} reads the partition, handing each
   * page to the consumer it is given, and returns the rest of the result.
   */
  static PartitionPages start(String name, Function<Consumer<List<ObjectNode>>, ReadResult> read) {
    PartitionPages pages = new PartitionPages(name, read);
    pages.thread.start();
    return pages;
  }

  private void run(Function<Consumer<List<ObjectNode>>, ReadResult> read) {
    Handed end;
    try {
      end = new Handed(null, read.apply(this::hand), null);
    } catch (Stopped stopped) {
      return;
    } catch (Throwable t) {
      end = new Handed(null, null, t);
    }
    try {
      handed.put(end);
    } catch (InterruptedException e) {
      // Closed: nobody takes the end.
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
   * The next page, waiting for it; null once the partition is read, after which {@link #result}
   * holds the rest of its result. Throws what the read threw.
   */
  List<ObjectNode> next() {
    if (result != null) {
      return null;
    }
    Handed next;
    try {
      next = handed.take();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InternalException("Interrupted waiting for a page of " + thread.getName());
    }
    if (next.failure() != null) {
      throw rethrown(next.failure());
    }
    if (next.page() != null) {
      return next.page();
    }
    result = next.result();
    return null;
  }

  /** The read's result, without records; only after {@link #next} returned null. */
  ReadResult result() {
    if (result == null) {
      throw new IllegalStateException("the partition " + thread.getName() + " is not read to its end yet");
    }
    return result;
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

  /** Stops the read and waits for its thread, so that the connector can be closed after. */
  @Override
  public void close() {
    closed = true;
    thread.interrupt();
    handed.clear();
    try {
      thread.join(JOIN_MILLIS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Ends the reading thread's read once the partition is closed. */
  private static final class Stopped extends RuntimeException {
    Stopped() {
      super("the partition was closed", null, false, false);
    }
  }
}
