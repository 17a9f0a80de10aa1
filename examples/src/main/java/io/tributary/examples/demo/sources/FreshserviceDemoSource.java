package io.tributary.examples.demo.sources;

import io.tributary.simulator.DemoSource;
import io.tributary.simulator.SimClock;
import io.tributary.simulator.freshservice.FreshserviceSimulator;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The Freshservice simulator for {@code tributary demo}: found through {@code
 * META-INF/services/io.tributary.simulator.DemoSource} in examples' main resources.
 */
public final class FreshserviceDemoSource implements DemoSource {
  private FreshserviceSimulator sim;

  @Override
  public String source() {
    return "freshservice";
  }

  @Override
  public synchronized Map<String, String> start() {
    if (sim != null) {
      throw new IllegalStateException("Cannot start the freshservice demo simulator twice");
    }
    // The demo's clock starts at the wall clock so that ingested timestamps look current.
    sim = FreshserviceSimulator.start(FreshserviceSimulator.Config.defaults().clock(SimClock.startingNow()));
    return sim.connectionOptions();
  }

  @Override
  public List<String> tables() {
    return FreshserviceSimulator.TABLES;
  }

  @Override
  public synchronized String mutate() {
    if (sim == null) {
      throw new IllegalStateException("Cannot mutate the freshservice demo before start()");
    }
    return sim.clock().changeAtWallClock(() -> sim.mutate(Duration.ZERO));
  }

  /** Ids of the records of {@code table} the API lists (tickets: neither trashed; spam included). */
  public synchronized Set<Long> liveIds(String table) {
    return new TreeSet<>(sim.table(table).ids());
  }

  /** Ids of trashed tickets: the destination must not hold them. */
  public synchronized Set<Long> trashedTicketIds() {
    return new TreeSet<>(sim.table("tickets").deletedIds());
  }

  /** Ids of tickets marked spam: the destination holds them with spam = true. */
  public synchronized Set<Long> spamTicketIds() {
    return sim.table("tickets").records().stream().filter(t -> t.path("spam").asBoolean())
        .map(t -> t.path("id").asLong()).collect(Collectors.toCollection(TreeSet::new));
  }

  /** {@code updated_at} of every listed ticket, by id. */
  public synchronized Map<Long, String> ticketVersions() {
    Map<Long, String> versions = new TreeMap<>();
    sim.table("tickets").records().forEach(t -> versions.put(t.path("id").asLong(), t.path("updated_at").asText()));
    return versions;
  }

  /**
   * The (id, ticket_id) pairs of requested_items a complete read lands: the items of every service
   * request the tickets table keeps, spam ones included, but not of trashed ones.
   */
  public synchronized Set<List<Long>> requestedItemKeys() {
    // The items of every ticket the tickets table keeps, spam included; trashed tickets are gone.
    Set<Long> kept = sim.table("tickets").records().stream()
        .map(t -> t.path("id").asLong()).collect(Collectors.toSet());
    return sim.table("requested_items").records().stream()
        .filter(i -> kept.contains(i.path("ticket_id").asLong()))
        .map(i -> List.of(i.path("id").asLong(), i.path("ticket_id").asLong()))
        .collect(Collectors.toCollection(java.util.LinkedHashSet::new));
  }

  @Override
  public synchronized void close() {
    if (sim != null) {
      sim.close();
      sim = null;
    }
  }
}
