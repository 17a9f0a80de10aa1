package io.tributary.examples.demo.sources;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.simulator.DemoSource;
import io.tributary.simulator.chargebee.ChargebeeSimulator;
import io.tributary.simulator.chargebee.ProductCatalog;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/** Chargebee for {@code tributary demo}: a Product Catalog 2.0 site on the simulator. */
public final class ChargebeeDemoSource implements DemoSource {
  private ChargebeeSimulator sim;
  private int round;

  @Override
  public String source() {
    return "chargebee";
  }

  @Override
  public Map<String, String> start() {
    if (sim != null) {
      throw new IllegalStateException("Cannot start the Chargebee demo twice");
    }
    // On the wall clock: the connector ends each window at the last second that had really ended,
    // so simulated changes must carry real times, as on a live site.
    sim = ChargebeeSimulator.start(ProductCatalog.V2, 7, 2,
        java.time.Instant.now().minusSeconds(60).truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
    return sim.connectionOptions();
  }

  @Override
  public List<String> tables() {
    return List.of("customers", "subscriptions", "subscription_items", "invoices",
        "invoice_line_items", "credit_notes", "transactions", "coupons", "items", "item_prices",
        "events", "contacts");
  }

  @Override
  public String mutate() {
    round++;
    sim.tick();
    List<Long> customers = sim.data("customers").pickIds(3);
    customers.forEach(seq -> sim.update("customers", seq, c -> c.put("company", "Renamed " + seq)));
    sim.insert("customers");
    sim.insert("customers");
    long changed = sim.data("subscriptions").pickIds(1).get(0);
    sim.update("subscriptions", changed, s -> {
      ArrayNode items = (ArrayNode) s.get("subscription_items");
      items.remove(items.size() - 1);
      s.put("mrr", s.path("mrr").asLong() - 1500);
    });
    long cancelled = sim.data("subscriptions").pickIds(1).get(0);
    sim.delete("subscriptions", cancelled);
    long coupon = sim.data("coupons").pickIds(1).get(0);
    sim.delete("coupons", coupon);
    sim.insert("invoices");
    sim.awaitSecondEnded();
    return "round " + round + ": updated 3 customers, inserted 2 customers and 1 invoice, dropped an "
        + "item from subscription " + changed + ", deleted subscription " + cancelled + " and coupon "
        + coupon;
  }

  // ------------------------------------------------ ground truth and scenarios, for end-to-end tests

  /** Ids of the live records of a table served directly. */
  public Set<String> liveIds(String table) {
    return sim.keys(table).stream().map(k -> String.join("/", k)).collect(Collectors.toCollection(TreeSet::new));
  }

  /**
   * Keys of a table, each as its key values joined with {@code /}: a nested list (Chargebee's
   * documented arrays inside a parent) is keyed by its parent's id and the element's id or
   * position.
   */
  public Set<String> keys(String table) {
    Set<List<String>> keys = switch (table) {
      case "subscription_items" -> sim.childKeys("subscriptions", "subscription_items", Optional.of("item_price_id"));
      case "subscription_addons" -> sim.childKeys("subscriptions", "addons", Optional.of("id"));
      case "invoice_line_items" -> sim.childKeys("invoices", "line_items", Optional.of("id"));
      case "invoice_discounts" -> sim.childKeys("invoices", "discounts", Optional.empty());
      case "invoice_taxes" -> sim.childKeys("invoices", "taxes", Optional.empty());
      case "credit_note_line_items" -> sim.childKeys("credit_notes", "line_items", Optional.of("id"));
      default -> sim.keys(table);
    };
    return keys.stream().map(k -> String.join("/", k)).collect(Collectors.toCollection(TreeSet::new));
  }

  /** {@code updated_at} in epoch seconds by id, for live records that have one. */
  public Map<String, Long> updatedAt(String table) {
    Map<String, Long> versions = new TreeMap<>();
    for (ObjectNode record : sim.data(table).records()) {
      ObjectNode served = sim.served(table, record);
      if (served.hasNonNull("updated_at")) {
        versions.put(record.get("id").asText(), served.get("updated_at").asLong());
      }
    }
    return versions;
  }

  /** Hides {@code updated_at} of {@code count} records, as on records older than the field. */
  public List<String> stripUpdatedAt(String table, int count) {
    return sim.stripUpdatedAt(table, count).stream()
        .map(seq -> sim.data(table).find(seq).orElseThrow().get("id").asText()).toList();
  }

  /**
   * After the next page of customers is served, updates the first customer (already read) and, a
   * second later, the last (not yet read). Returns their ids.
   */
  public List<String> changeCustomersBetweenNextPages() {
    String table = "customers";
    // Records without updated_at are left alone here: see the lead report on the pipeline keeping
    // such a record's first (null-sequence) version when it changes during the same first run.
    List<Long> ids = sim.data(table).ids().stream().filter(seq -> !sim.isLegacy(table, seq)).toList();
    long first = ids.get(0);
    long last = ids.get(ids.size() - 1);
    sim.afterPage(table, sim.pagesServed(table) + 1, () -> {
      sim.tick();
      sim.update(table, first, r -> r.put("company", "changed while paging"));
      sim.tick();
      sim.update(table, last, r -> r.put("company", "changed while paging too"));
    });
    return List.of(String.format("cus_%05d", first), String.format("cus_%05d", last));
  }

  @Override
  public void close() {
    if (sim != null) {
      sim.close();
    }
  }
}
