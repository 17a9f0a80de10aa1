package io.tributary.examples.demo.sources;

import io.tributary.simulator.DemoSource;
import io.tributary.simulator.zendesk.ZendeskSimulator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The Zendesk simulator for {@code tributary demo}. Its clock runs ahead of the wall clock, so the
 * connector's own "a minute ago" never reaches past what the simulator serves, and {@link #mutate}
 * moves it on by more than the minute exports withhold. The export budget is Zendesk's real one.
 */
public final class ZendeskDemoSource implements DemoSource {
  private ZendeskSimulator sim;

  @Override
  public String source() {
    return "zendesk";
  }

  @Override
  public synchronized Map<String, String> start() {
    if (sim != null) {
      throw new IllegalStateException("Cannot start the Zendesk demo simulator twice");
    }
    sim = ZendeskSimulator.start();
    Map<String, String> options = new LinkedHashMap<>(sim.connectionOptions());
    // A demo run makes a few dozen export calls; Zendesk's own budget would make it take minutes.
    options.put("export_requests_per_minute", "600");
    options.put("requests_per_minute", "700");
    return options;
  }

  @Override
  public List<String> tables() {
    return ZendeskSimulator.TABLES;
  }

  @Override
  public synchronized String mutate() {
    return sim.mutate();
  }

  /** Ids of the live records of a table, the ground truth end-to-end tests compare Delta with. */
  public synchronized Set<Long> liveIds(String table) {
    return sim.expectedKeys(table).stream().map(k -> Long.parseLong(k.get(0)))
        .collect(Collectors.toCollection(TreeSet::new));
  }

  /** Ids of the deleted tickets, users or organizations. */
  public synchronized Set<Long> deletedIds(String table) {
    return sim.deletedIds(table);
  }

  /** Comment id to the id of its ticket. */
  public synchronized Map<Long, Long> commentTickets() {
    return sim.commentTickets();
  }

  /** Export requests the simulator has answered. */
  public synchronized int exportRequests() {
    return sim.exportRequests();
  }

  @Override
  public synchronized void close() {
    if (sim != null) {
      sim.close();
      sim = null;
    }
  }
}
