package io.tributary.http;

import io.tributary.api.InternalException;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The one page a table's listing has asked for ahead of the next read call: when a call returns an
 * offset whose next request is fully known (a next-page token, a re-query from a known cursor), the
 * listing starts that request in the background, so that the provider's latency overlaps with what
 * the caller does with the batch (Spark's work on a micro-batch). The next call for that offset uses
 * the answer instead of asking again; a call that wants another request discards it.
 *
 * <ul>
 *   <li>At most one page per slot: starting another cancels the one held.
 *   <li>The request goes through the same client as any other, so it waits for the connection's rate
 *       limiter: a prefetch spends the budget only on a request the read would make next anyway.
 *   <li>A prefetch that failed is requested again by the call that needs it; its error is never
 *       returned as a page, nor lost: the call meets the provider's answer itself.
 * </ul>
 *
 * Give each table (and each of its delete listings) a slot of its own, and {@link #close()} it with
 * the connector. Thread-safe.
 */
public final class Prefetch implements AutoCloseable {
  private final String table;
  private final AtomicLong started = new AtomicLong();
  private final AtomicLong used = new AtomicLong();
  private String key;
  private Future<Page> pending;
  private boolean closed;

  public Prefetch(String table) {
    this.table = Objects.requireNonNull(table, "table");
  }

  /**
   * Starts {@code load} in the background for the request {@code key} names, unless that request is
   * already held; any other held page is discarded. Nothing starts once closed.
   */
  public synchronized void start(String requestKey, Supplier<Page> load) {
    Objects.requireNonNull(requestKey, "requestKey");
    if (closed || requestKey.equals(key)) {
      return;
    }
    discard();
    key = requestKey;
    pending = ParallelCalls.background(table, load);
    started.incrementAndGet();
  }

  /**
   * The page of the request {@code key} names: the held one when it is for that request and
   * succeeded, waiting for it while it is in flight; otherwise what {@code load} returns. Either
   * way the slot is empty afterwards.
   */
  public Page take(String requestKey, Supplier<Page> load) {
    Future<Page> held;
    synchronized (this) {
      held = requestKey.equals(key) ? pending : null;
      if (held == null) {
        discard();
      }
      key = null;
      pending = null;
    }
    if (held != null) {
      try {
        Page page = held.get();
        used.incrementAndGet();
        return page;
      } catch (InterruptedException e) {
        held.cancel(true);
        Thread.currentThread().interrupt();
        throw new InternalException("Cannot read table '" + table + "': interrupted while waiting for its next page", e);
      } catch (ExecutionException | CancellationException e) {
        // The read makes the request itself and meets whatever the provider answers now.
      }
    }
    return load.get();
  }

  /** Prefetches started so far. */
  public long started() {
    return started.get();
  }

  /** Prefetched pages a read used instead of requesting them. */
  public long used() {
    return used.get();
  }

  /** Cancels the page in flight, if any, and starts no other. Idempotent. */
  @Override
  public synchronized void close() {
    closed = true;
    discard();
    key = null;
    pending = null;
  }

  private void discard() {
    if (pending != null) {
      pending.cancel(true);
    }
  }

  @Override
  public synchronized String toString() {
    return "Prefetch[" + table + ", " + (pending == null ? "empty" : "holding a page") + ", " + used.get() + " of "
        + started.get() + " used]";
  }
}
