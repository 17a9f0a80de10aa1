package io.tributary.source.freshservice;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The Freshservice simulator seeded with as many tickets as a test needs, for tests outside the
 * source's module: its configuration is package-private to the source's test jar, so this opener
 * lives in that package.
 */
public final class SizedFreshserviceSimulator implements AutoCloseable {
  private final FreshserviceSimulator sim;

  private SizedFreshserviceSimulator(FreshserviceSimulator sim) {
    this.sim = sim;
  }

  public static SizedFreshserviceSimulator start(int tickets) {
    return new SizedFreshserviceSimulator(FreshserviceSimulator.start(FreshserviceSimulator.Config.defaults().tickets(tickets)));
  }

  /** Options of a {@code freshservice} connection to this simulator. */
  public Map<String, String> connectionOptions() {
    return sim.connectionOptions();
  }

  /** Ids of the tickets the API lists: the keys the destination must hold. */
  public synchronized Set<Long> ticketIds() {
    return new TreeSet<>(sim.table("tickets").ids());
  }

  @Override
  public void close() {
    sim.close();
  }
}
