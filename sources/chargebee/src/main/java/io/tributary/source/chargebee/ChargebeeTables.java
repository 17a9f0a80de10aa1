package io.tributary.source.chargebee;

import static io.tributary.source.chargebee.ChargebeeCatalog.V1;
import static io.tributary.source.chargebee.ChargebeeCatalog.V2;

import io.tributary.api.TableMetadata;
import io.tributary.api.TableMetadata.ChildOf;
import io.tributary.api.Tables;
import io.tributary.api.UserException;
import io.tributary.source.chargebee.ChargebeeTable.Deletes;
import io.tributary.source.chargebee.ChargebeeTable.FanOut;
import io.tributary.source.chargebee.ChargebeeTable.Listing;
import io.tributary.source.chargebee.ChargebeeTable.Nested;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Every Chargebee table, declared once, in the order they are listed. */
final class ChargebeeTables {
  private static final String UPDATED_AT = "updated_at";
  private static final Map<String, ChargebeeTable> ALL = new LinkedHashMap<>();
  /**
   * Tables whose first backfill may be split into {@code created_at} windows: their list endpoint
   * filters on {@code created_at[between]} and their records all carry {@code created_at} (a
   * required attribute in Chargebee's API reference). Subscriptions have the filter, but their
   * {@code created_at} is optional, and a filter on it never matches a record that lacks it.
   * Invoices, credit notes, transactions and quotes filter on {@code date}, not {@code created_at};
   * unbilled charges, gifts, plans, addons, items, item prices and item families have no
   * {@code created_at} filter.
   */
  private static final Set<String> CREATION_WINDOWS =
      Set.of("customers", "orders", "payment_sources", "virtual_bank_accounts", "coupons");
  /**
   * The timestamp fields each list endpoint sorts on with {@code sort_by[asc|desc]}, from
   * Chargebee's API reference (its official SDKs' list parameters, generated from it, agree). An
   * endpoint not named here documents no {@code sort_by} (unbilled charges, virtual bank accounts,
   * gifts, plans, addons, item families, promotional credits), and Chargebee may refuse one it
   * does not document, so none is sent to it.
   */
  private static final Map<String, Set<String>> SORT_FIELDS = Map.ofEntries(
      Map.entry("/customers", Set.of("created_at", "updated_at")),
      Map.entry("/subscriptions", Set.of("created_at", "updated_at")),
      Map.entry("/invoices", Set.of("date", "updated_at")),
      Map.entry("/credit_notes", Set.of("date")),
      Map.entry("/transactions", Set.of("date", "updated_at")),
      Map.entry("/orders", Set.of("created_at", "updated_at")),
      Map.entry("/payment_sources", Set.of("created_at", "updated_at")),
      Map.entry("/quotes", Set.of("date")),
      Map.entry("/coupons", Set.of("created_at")),
      Map.entry("/items", Set.of("updated_at")),
      Map.entry("/item_prices", Set.of("updated_at")),
      Map.entry("/events", Set.of("occurred_at")),
      Map.entry("/comments", Set.of("created_at")));

  static {
    cdcFlagged("customers", "customer");
    cdcFlagged("subscriptions", "subscription");
    cdcFlagged("invoices", "invoice");
    cdcFlagged("credit_notes", "credit_note");
    cdcFlagged("transactions", "transaction");
    cdc("orders", "order");
    cdc("payment_sources", "payment_source");
    cdc("quotes", "quote");
    cdc("unbilled_charges", "unbilled_charge");
    cdc("virtual_bank_accounts", "virtual_bank_account");
    cdc("gifts", "gift");
    catalogObject("coupons", "coupon", Optional.empty(), "coupon_deleted");
    catalogObject("plans", "plan", Optional.of(V1), "plan_deleted");
    catalogObject("addons", "addon", Optional.of(V1), "addon_deleted");
    catalogObject("items", "item", Optional.of(V2), "item_deleted");
    catalogObject("item_prices", "item_price", Optional.of(V2), "item_price_deleted");
    catalogObject("item_families", "item_family", Optional.of(V2), "item_family_deleted");
    add(new ChargebeeTable("attached_items", "/items/{id}/attached_items", "attached_item",
        TableMetadata.snapshot("id"), Optional.of(V2), Deletes.NONE,
        new FanOut("items", Optional.empty())));
    add(new ChargebeeTable("events", "/events", "event", TableMetadata.append("occurred_at", "id"),
        Optional.empty(), Deletes.NONE, new Listing()));
    add(new ChargebeeTable("promotional_credits", "/promotional_credits", "promotional_credit",
        TableMetadata.append("created_at", "id"), Optional.empty(), Deletes.NONE, new Listing()));
    add(new ChargebeeTable("comments", "/comments", "comment",
        TableMetadata.append("created_at", "id"), Optional.empty(), Deletes.NONE, new Listing()));
    add(new ChargebeeTable("contacts", "/customers/{id}/contacts", "contact",
        TableMetadata.snapshot("customer_id", "id"), Optional.empty(), Deletes.NONE,
        new FanOut("customers", Optional.of("customer_id"))));
    nested("subscription_items", "subscriptions", "subscription_items", "subscription_id",
        Optional.of("item_price_id"), Optional.of(V2));
    nested("subscription_addons", "subscriptions", "addons", "subscription_id",
        Optional.of("id"), Optional.of(V1));
    nested("invoice_line_items", "invoices", "line_items", "invoice_id", Optional.of("id"),
        Optional.empty());
    nested("invoice_discounts", "invoices", "discounts", "invoice_id", Optional.empty(),
        Optional.empty());
    nested("invoice_taxes", "invoices", "taxes", "invoice_id", Optional.empty(), Optional.empty());
    nested("credit_note_line_items", "credit_notes", "line_items", "credit_note_id",
        Optional.of("id"), Optional.empty());
  }

  /** The column that numbers the elements of a nested list without an id, from 0. */
  static final String POSITION = "position";

  private ChargebeeTables() {}

  /** True when {@code table}'s first backfill may be split into {@code created_at} windows. */
  static boolean windowsByCreation(ChargebeeTable table) {
    return CREATION_WINDOWS.contains(table.name()) && table.source() instanceof Listing;
  }

  /** True when {@code table}'s endpoint documents {@code sort_by} on {@code field}. */
  static boolean sortsOn(ChargebeeTable table, String field) {
    return SORT_FIELDS.getOrDefault(table.path(), Set.of()).contains(field);
  }

  /** Every table of both catalogs. */
  static List<String> names() {
    return List.copyOf(ALL.keySet());
  }

  /** The tables that exist in {@code catalog}. */
  static List<String> names(ChargebeeCatalog catalog) {
    return ALL.values().stream().filter(t -> t.existsIn(catalog)).map(ChargebeeTable::name).toList();
  }

  /** The table, or the standard unknown-table error listing every table. */
  static ChargebeeTable require(String name) {
    Tables.require(name, ALL.keySet());
    return ALL.get(name);
  }

  /**
   * The table, refused with a message naming both catalogs when the site's catalog lacks it.
   */
  static ChargebeeTable require(String name, ChargebeeCatalog site) {
    ChargebeeTable table = require(name);
    if (!table.existsIn(site)) {
      throw wrongCatalog(table, site);
    }
    return table;
  }

  static UserException wrongCatalog(ChargebeeTable table, ChargebeeCatalog site) {
    ChargebeeCatalog needed = table.catalog().orElseThrow();
    return new UserException("Cannot use table '" + table.name() + "': it exists only in "
        + needed.displayName() + " and this Chargebee site uses " + site.displayName()
        + "; tables of " + site.displayName() + " are " + String.join(", ", names(site))
        + ". Remove it from the spec, or set product_catalog if the site was migrated");
  }

  private static void add(ChargebeeTable table) {
    ALL.put(table.name(), table);
  }

  private static void cdcFlagged(String name, String entity) {
    add(new ChargebeeTable(name, "/" + name, entity, TableMetadata.cdcWithDeletes(UPDATED_AT, "id"),
        Optional.empty(), Deletes.FLAGGED, new Listing()));
  }

  private static void cdc(String name, String entity) {
    add(new ChargebeeTable(name, "/" + name, entity, TableMetadata.cdc(UPDATED_AT, "id"),
        Optional.empty(), Deletes.NONE, new Listing()));
  }

  private static void catalogObject(
      String name, String entity, Optional<ChargebeeCatalog> catalog, String deleteEvent) {
    add(new ChargebeeTable(name, "/" + name, entity, TableMetadata.cdcWithDeletes(UPDATED_AT, "id"),
        catalog, Deletes.fromEvents(deleteEvent), new Listing()));
  }

  private static void nested(
      String name, String parent, String field, String parentKey, Optional<String> itemKey,
      Optional<ChargebeeCatalog> catalog) {
    String ownKey = itemKey.orElse(POSITION);
    TableMetadata metadata = TableMetadata.cdc(UPDATED_AT, parentKey, ownKey)
        .asChildOf(new ChildOf(parent, List.of(parentKey)));
    ChargebeeTable parentTable = ALL.get(parent);
    add(new ChargebeeTable(name, parentTable.path(), parentTable.entity(), metadata, catalog,
        Deletes.NONE, new Nested(parent, field, parentKey, itemKey)));
  }
}
