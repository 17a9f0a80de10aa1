package io.tributary.examples.demo.sources;

import io.tributary.simulator.DemoSource;
import io.tributary.simulator.SimClock;
import io.tributary.simulator.freshdesk.FreshdeskSimulator;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The Freshdesk simulator for {@code tributary demo}: found through {@code
 * META-INF/services/io.tributary.simulator.DemoSource} in examples' main resources.
 */
public final class FreshdeskDemoSource implements DemoSource {
  private FreshdeskSimulator sim;

  @Override
  public String source() {
    return "freshdesk";
  }

  @Override
  public synchronized Map<String, String> start() {
    if (sim != null) {
      throw new IllegalStateException("Cannot start the freshdesk demo simulator twice");
    }
    sim = FreshdeskSimulator.start(150, SimClock.startingNow());
    return sim.connectionOptions();
  }

  @Override
  public List<String> tables() {
    return FreshdeskSimulator.TABLES;
  }

  @Override
  public synchronized String mutate() {
    if (sim == null) {
      throw new IllegalStateException("Cannot mutate the freshdesk demo before start()");
    }
    return sim.clock().changeAtWallClock(() -> sim.mutate(Duration.ZERO));
  }

  /** Ids the API lists for {@code table} (tickets: deleted ones excluded, spam included). */
  public synchronized Set<Long> liveIds(String table) {
    return new TreeSet<>(sim.table(table).ids());
  }

  /** {@code updated_at} of every listed ticket, by id. */
  public synchronized Map<Long, String> ticketVersions() {
    Map<Long, String> versions = new TreeMap<>();
    sim.table("tickets").records().forEach(t -> versions.put(t.path("id").asLong(), t.path("updated_at").asText()));
    return versions;
  }

  /** Conversations of tickets the API lists. */
  public synchronized Set<Long> visibleConversationIds() {
    Set<Long> visible = sim.table("tickets").records().stream().map(t -> t.path("id").asLong()).collect(Collectors.toSet());
    return sim.table("conversations").records().stream()
        .filter(c -> visible.contains(c.path("ticket_id").asLong()))
        .map(c -> c.path("id").asLong()).collect(Collectors.toCollection(TreeSet::new));
  }

  /** Every seeded name and email: a pii=drop destination holds none of them. */
  public List<String> personalValues() {
    return FreshdeskSimulator.personalValues(2000);
  }

  @Override
  public synchronized void close() {
    if (sim != null) {
      sim.close();
      sim = null;
    }
  }
}
