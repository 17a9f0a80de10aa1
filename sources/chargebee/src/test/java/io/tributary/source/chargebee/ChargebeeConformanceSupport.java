package io.tributary.source.chargebee;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.api.Json;
import io.tributary.api.OptionValues;
import io.tributary.simulator.chargebee.ChargebeeFixtures;
import io.tributary.simulator.chargebee.ChargebeeSimulator;
import io.tributary.source.chargebee.ChargebeeTable.Nested;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

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
   * some states (cancelled_at, voided_at...), and nested fields likewise. Every field a fixture
   * does hold must arrive.
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
    for (StructField column : ChargebeeSchemas.schema(t, OptionValues.empty()).fields()) {
      unseeded(column.name(), column.dataType(), template.get(column.name()), allowed);
    }
    return allowed;
  }

  /**
   * The same rule below the columns: nested paths ({@code billing_address.line2}, {@code
   * line_items[].tax_exempt_reason}) the fixture does not seed, and {@code discounts[]} for an
   * array it seeds empty. A nested field the fixture holds must arrive.
   */
  private static void unseeded(String path, DataType type, JsonNode seed, Set<String> allowed) {
    if (type instanceof StructType struct && seed != null && seed.isObject()) {
      for (StructField member : struct.fields()) {
        JsonNode value = seed.get(member.name());
        if (value == null || value.isNull() || (value.isObject() && value.isEmpty())) {
          allowed.add(path + "." + member.name());
        } else {
          unseeded(path + "." + member.name(), member.dataType(), value, allowed);
        }
      }
    } else if (type instanceof ArrayType array && seed != null && seed.isArray()) {
      if (seed.isEmpty()) {
        allowed.add(path + "[]");
        return;
      }
      // A member is seeded when any element seeds it.
      ObjectNode merged = Json.object();
      for (JsonNode element : seed) {
        if (element.isObject()) {
          element.fields().forEachRemaining(e -> {
            if (!e.getValue().isNull() && !merged.has(e.getKey())) {
              merged.set(e.getKey(), e.getValue());
            }
          });
        }
      }
      unseeded(path + "[]", array.elementType(), merged, allowed);
    }
  }
}
