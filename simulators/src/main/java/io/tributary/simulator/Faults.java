package io.tributary.simulator;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The queue of scripted faults of one simulator. Thread-safe. */
public final class Faults {
  /** Matches every path. */
  public static final String ANY_PATH = "*";

  private record Scripted(PathTemplate path, Fault fault, int[] remaining) {}

  private final List<Scripted> queue = new ArrayList<>();

  Faults() {}

  /**
   * The next {@code times} requests whose path matches {@code path} (a template such as
   * {@code /api/v2/tickets/{id}}, an exact path, or {@link #ANY_PATH}) answer with {@code fault}.
   * Faults queued for the same path apply in order.
   */
  public synchronized Faults next(String path, int times, Fault fault) {
    if (times < 1) {
      throw new IllegalArgumentException("Cannot script a fault " + times + " times");
    }
    queue.add(new Scripted(PathTemplate.parse(path), fault, new int[] {times}));
    return this;
  }

  /** Requests still to be failed by queued faults. */
  public synchronized int pending() {
    return queue.stream().mapToInt(s -> s.remaining()[0]).sum();
  }

  public synchronized void clear() {
    queue.clear();
  }

  synchronized Optional<Fault> take(String path) {
    for (int i = 0; i < queue.size(); i++) {
      Scripted scripted = queue.get(i);
      if (scripted.path().matches(path).isPresent()) {
        if (--scripted.remaining()[0] == 0) {
          queue.remove(i);
        }
        return Optional.of(scripted.fault());
      }
    }
    return Optional.empty();
  }
}
