package io.tributary.simulator;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The simulator's notion of "now": the time mutations stamp on records and the default time
 * windows count back from. It only moves when told to, so a test or the demo decides when time
 * passes. Thread-safe.
 */
public final class SimClock extends Clock {
  private final AtomicReference<Instant> now;

  private SimClock(Instant start) {
    this.now = new AtomicReference<>(Objects.requireNonNull(start, "start"));
  }

  /** A clock standing at {@code start}, truncated to whole seconds as most APIs report them. */
  public static SimClock at(Instant start) {
    return new SimClock(start.truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
  }

  /** A clock standing at the current wall-clock second; for the demo. */
  public static SimClock startingNow() {
    return at(Instant.now());
  }

  @Override
  public Instant instant() {
    return now.get();
  }

  /** Moves time forward by {@code step}; refuses to move backwards. Returns the new time. */
  public Instant advance(Duration step) {
    if (step.isNegative()) {
      throw new IllegalArgumentException("Cannot move the simulator clock backwards by " + step);
    }
    return now.updateAndGet(t -> t.plus(step));
  }

  /**
   * Moves the clock up to the wall clock's current whole second, when it is behind. A demo calls
   * this before changing data, so that the changes are stamped no later than now: a connector's
   * cursor never passes the moment its read started, so records stamped in the future would only
   * arrive once the wall clock caught up.
   */
  public Instant catchUpToWallClock() {
    Instant wall = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    return now.updateAndGet(current -> wall.isAfter(current) ? wall : current);
  }

  /**
   * Waits until the wall clock has left the second {@code stamped} lies in. A read covers only
   * seconds that had ended when it started, so changes just stamped reach a connector on the wall
   * clock only once their second is over; a demo run started right after still gets them.
   */
  public static void awaitSecondEnded(Instant stamped) {
    Instant end = stamped.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).plusSeconds(1);
    long wait = java.time.Duration.between(Instant.now(), end).toMillis();
    if (wait <= 0) {
      return;
    }
    try {
      Thread.sleep(wait + 1);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Cannot wait for the second of the simulated changes to end", e);
    }
  }

  /**
   * Makes {@code change} at the wall clock's current second and returns once that second has
   * ended, with what {@code change} returned: what a demo does between two runs, so that a run
   * started the moment this returns reads every change ({@link #awaitSecondEnded}).
   */
  public <T> T changeAtWallClock(java.util.function.Supplier<T> change) {
    catchUpToWallClock();
    T result = change.get();
    awaitSecondEnded(instant());
    return result;
  }

  /** Sets the time; refuses to move backwards. */
  public void set(Instant next) {
    now.updateAndGet(current -> {
      if (next.isBefore(current)) {
        throw new IllegalArgumentException(
            "Cannot move the simulator clock backwards from " + current + " to " + next);
      }
      return next;
    });
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return Clock.fixed(instant(), zone);
  }

  @Override
  public String toString() {
    return "SimClock[" + instant() + "]";
  }
}
