package io.tributary.source.chargebee;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.api.OptionValues;
import io.tributary.simulator.chargebee.ChargebeeFixtures;
import io.tributary.simulator.chargebee.ChargebeeSimulator;
import io.tributary.source.chargebee.ChargebeeTable.Nested;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/** What both catalogs' conformance tests share: ground truth and the columns fixtures leave empty. */
final class ChargebeeConformanceSupport {
  /** Fields the simulator stamps itself on top of a fixture. */
  private static final Set<String> STAMPED = Set.of(
      "id", "updated_at", "created_at", "date", "date_from", "occurred_at", "deleted",
      "customer_id", "parent_item_id");

  private ChargebeeConformanceSupport() {}

  static Optional<Set<List<String>>> expectedKeys(ChargebeeSimulator sim, String table) {
    ChargebeeTable t = ChargebeeTables.require(table);
    if (t.source() instanceof Nested nested) {
      return Optional.of(sim.childKeys(nested.parent(), nested.field(), nested.itemKey()));
    }
    return Optional.of(sim.keys(table));
  }

  /**
   * Columns the fixtures do not seed for {@code table}: optional fields Chargebee sends only in
   * some states (cancelled_at, voided_at...). Every field a fixture does hold must arrive.
   */
  static Set<String> allowedNullColumns(ChargebeeCatalog catalog, String table) {
    ChargebeeTable t = ChargebeeTables.require(table);
    String fixture = t.source() instanceof Nested nested ? nested.parent() : table;
    if (fixture.equals("subscriptions")) {
      fixture = catalog == ChargebeeCatalog.V1 ? "subscriptions_v1" : "subscriptions_v2";
    }
    ObjectNode template = ChargebeeFixtures.load(fixture);
    if (t.source() instanceof Nested nested) {
      template = (ObjectNode) template.path(nested.field()).path(0);
    }
    Set<String> allowed = new TreeSet<>();
    boolean hasCustomFields = false;
    for (var names = template.fieldNames(); names.hasNext(); ) {
      hasCustomFields |= names.next().startsWith("cf_");
    }
    for (String column : ChargebeeSchemas.schema(t, OptionValues.empty()).fieldNames()) {
      boolean seeded = template.has(column) || STAMPED.contains(column)
          || (column.equals("custom_fields") && hasCustomFields)
          || (t.source() instanceof Nested n && (column.equals(n.parentKeyColumn())
              || column.equals(ChargebeeTables.POSITION)));
      if (!seeded) {
        allowed.add(column);
      }
    }
    if (t.deletes().includeDeleted()) {
      allowed.remove("deleted");
    }
    return allowed;
  }
}
