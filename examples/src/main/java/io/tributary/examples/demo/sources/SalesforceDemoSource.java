package io.tributary.examples.demo.sources;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.simulator.DataTable;
import io.tributary.simulator.DemoSource;
import io.tributary.simulator.LoggedRequest;
import io.tributary.simulator.SimClock;
import io.tributary.simulator.salesforce.SalesforceSimulator;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The Salesforce simulator for {@code tributary demo}: accounts, opportunities and contacts. The
 * public queries below are its ground truth, for end-to-end tests in other modules.
 */
public final class SalesforceDemoSource implements DemoSource {
  private SalesforceSimulator sim;

  @Override
  public String source() {
    return "salesforce";
  }

  @Override
  public synchronized Map<String, String> start() {
    sim = SalesforceSimulator.start(2024, 60);
    Map<String, String> options = new HashMap<>(sim.connectionOptions());
    options.put("refresh_token", sim.currentRefreshToken());
    return options;
  }

  @Override
  public List<String> tables() {
    return List.of("Account", "Opportunity", "Contact");
  }

  @Override
  public synchronized String mutate() {
    sim.catchUp();
    DataTable accounts = sim.table("Account");
    DataTable opportunities = sim.table("Opportunity");
    DataTable contacts = sim.table("Contact");
    List<Long> picked = opportunities.pickIds(4);
    opportunities.update(picked.get(0), r -> r.put("StageName", "Closed Won"));
    opportunities.update(picked.get(1), r -> r.put("Amount", 125000.00));
    opportunities.softDelete(picked.get(2));
    opportunities.hardDelete(picked.get(3));
    accounts.update(accounts.pickIds(1).get(0), r -> r.put("Industry", "Government"));
    contacts.softDelete(contacts.pickIds(1).get(0));
    var inserted = opportunities.insert((id, r) -> sim.standardRecord("Opportunity", id, r));
    SimClock.awaitSecondEnded(sim.clock().instant());
    return "salesforce: 3 records updated (2 opportunities, 1 account), 1 opportunity inserted ("
        + inserted.path("Id").asText() + "), 2 soft deletes (recycle bin) and 1 hard delete "
        + "(seen once Salesforce's delete log covers this minute)";
  }

  /** Ids of the live records of {@code object}: what a complete read must land. */
  public synchronized Set<String> liveIds(String object) {
    return ids(sim.table(object).records());
  }

  /** Copies of the live records of {@code object}, in id order, with every field. */
  public synchronized List<ObjectNode> liveRecords(String object) {
    return sim.table(object).records();
  }

  /** Ids of the records of {@code object} in the recycle bin: {@code queryAll} shows them deleted. */
  public synchronized Set<String> softDeletedIds(String object) {
    DataTable table = sim.table(object);
    Set<String> live = ids(table.records());
    return ids(table.allRecords()).stream().filter(id -> !live.contains(id))
        .collect(Collectors.toCollection(TreeSet::new));
  }

  /** Ids of the records of {@code object} purged for good: only the delete log knows them. */
  public synchronized Set<String> hardDeletedIds(String object) {
    return sim.table(object).hardDeletedAt().keySet().stream()
        .map(seq -> SalesforceSimulator.idOf(object, seq)).collect(Collectors.toCollection(TreeSet::new));
  }

  /**
   * When the delete log shows every purge of {@code object} so far: it ignores seconds, so once
   * the minute after the latest purge has begun. Empty when nothing was purged.
   */
  public synchronized Optional<Instant> deleteLogComplete(String object) {
    return sim.table(object).hardDeletedAt().values().stream().max(Instant::compareTo)
        .map(latest -> latest.truncatedTo(ChronoUnit.MINUTES).plus(Duration.ofMinutes(1)));
  }

  /** The org's API requests counted in the current 24 hours, as {@code Sforce-Limit-Info} reports. */
  public synchronized long apiUsage() {
    return sim.used();
  }

  /** Sets the org's API usage so far and its 24-hour limit. */
  public synchronized void quota(long usedSoFar, long limit) {
    sim.quota(usedSoFar, limit);
  }

  /**
   * The requests received on paths matching {@code path}, in arrival order: a template such as
   * {@code /services/data/{v}/queryAll}, an exact path, or {@code *} for all.
   */
  public synchronized List<LoggedRequest> requests(String path) {
    return sim.simulator().requests(path);
  }

  /** The refresh token the simulator accepts now: rotation invalidates the previous one. */
  public synchronized String currentRefreshToken() {
    return sim.currentRefreshToken();
  }

  private static Set<String> ids(List<ObjectNode> records) {
    return records.stream().map(r -> r.path("Id").asText()).collect(Collectors.toCollection(TreeSet::new));
  }

  @Override
  public synchronized void close() {
    if (sim != null) {
      sim.close();
    }
  }
}
