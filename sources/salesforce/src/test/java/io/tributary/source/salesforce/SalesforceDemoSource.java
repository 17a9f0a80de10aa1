package io.tributary.source.salesforce;

import io.tributary.testkit.sim.DataTable;
import io.tributary.testkit.sim.DemoSource;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The Salesforce simulator for {@code tributary demo}: accounts, opportunities and contacts. */
public final class SalesforceDemoSource implements DemoSource {
  private SalesforceSimulator sim;

  @Override
  public String source() {
    return "salesforce";
  }

  @Override
  public Map<String, String> start() {
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
  public String mutate() {
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
    var inserted = opportunities.insert((id, r) -> sim.record("Opportunity",
        SalesforceObjects.find("Opportunity").orElseThrow().fields(), id, r));
    return "salesforce: 3 records updated (2 opportunities, 1 account), 1 opportunity inserted ("
        + inserted.path("Id").asText() + "), 2 soft deletes (recycle bin) and 1 hard delete "
        + "(seen once Salesforce's delete log covers this minute)";
  }

  @Override
  public void close() {
    if (sim != null) {
      sim.close();
    }
  }
}
