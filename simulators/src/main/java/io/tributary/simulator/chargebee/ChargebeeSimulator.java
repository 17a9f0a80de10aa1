package io.tributary.simulator.chargebee;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.api.Json;
import io.tributary.simulator.AuthCheck;
import io.tributary.simulator.DataTable;
import io.tributary.simulator.Dataset;
import io.tributary.simulator.Endpoint;
import io.tributary.simulator.ErrorStyle;
import io.tributary.simulator.RecordFactory;
import io.tributary.simulator.SimClock;
import io.tributary.simulator.SimResponse;
import io.tributary.simulator.Simulator;
import io.tributary.simulator.TableLayout;
import io.tributary.simulator.TimeFormat;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Chargebee API v2 as its documentation describes it, for one site of one Product Catalog:
 * the {@code {"list":[{"<entity>":{...}}],"next_offset":"..."}} envelope, limit, keyset offsets,
 * sorting, timestamp filters, include_deleted, events with {@code *_deleted} types,
 * {@code configuration_incompatible} for the other catalog's endpoints, {@code site_not_ready},
 * the 429 body, records lacking {@code updated_at}, and changes between page requests.
 */
public final class ChargebeeSimulator implements AutoCloseable {
  static final String API_KEY = "test_cb_key_1234";
  public static final String SITE = "acme-test";
  static final Instant START = Instant.parse("2024-06-01T00:00:00Z");

  /** One simulated endpoint and its data. */
  record SimTable(
      String name, String path, String entity, DataTable data, Optional<ProductCatalog> catalog,
      Set<String> sortable, Set<String> timestampFilters, String parentField, Set<String> hiddenFields) {}

  private final ProductCatalog catalog;
  private final Dataset dataset;
  private final Map<String, SimTable> tables = new LinkedHashMap<>();
  private final Set<String> legacy = ConcurrentHashMap.newKeySet();
  private final Map<String, List<Runnable>> afterPage = new ConcurrentHashMap<>();
  private final Map<String, Integer> pagesServed = new ConcurrentHashMap<>();
  private final AtomicBoolean siteNotReady = new AtomicBoolean();
  private final Simulator server;

  private ChargebeeSimulator(ProductCatalog catalog, long seed, int scale, Instant start) {
    this.catalog = catalog;
    this.dataset = Dataset.seeded(seed, SimClock.at(start));
    declareTables();
    seed(scale);
    Simulator.Builder builder = Simulator.builder(dataset)
        .auth(AuthCheck.basicApiKey(API_KEY))
        .errors(ChargebeeSimulator::errorBody);
    builder.endpoint(Endpoint.custom("/api/v2/configurations", request -> refusal(null)
        .orElseGet(() -> SimResponse.json(200, configurations()))));
    for (SimTable table : tables.values()) {
      ChargebeeSimListing listing = new ChargebeeSimListing(this, table);
      builder.endpoint(Endpoint.custom("/api/v2" + table.path(), listing::handle));
    }
    this.server = builder.start();
  }

  /** A simulator of a site on {@code catalog}, seeded deterministically; {@code scale} multiplies the record counts. */
  public static ChargebeeSimulator start(ProductCatalog catalog, long seed, int scale) {
    return new ChargebeeSimulator(catalog, seed, scale, START);
  }

  /**
   * A simulator whose clock starts at {@code start}; the demo passes the wall clock, since a
   * connector on the wall clock ends its windows at the last second that had really ended.
   */
  public static ChargebeeSimulator start(ProductCatalog catalog, long seed, int scale, Instant start) {
    return new ChargebeeSimulator(catalog, seed, scale, start);
  }

  /**
   * Moves the clock a second forward, or to the wall clock when that is later: changes made for a
   * connector on the wall clock then carry the time they really happened.
   */
  public void tick() {
    Instant next = clock().instant().plusSeconds(1);
    Instant wall = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    clock().set(wall.isAfter(next) ? wall : next);
  }

  /**
   * Waits until the wall clock has left the second the simulator's clock stands in. A read covers
   * only seconds that had ended when it started, so changes just made reach a connector on the
   * wall clock only once their second is over; a demo run started right after still gets them.
   */
  public void awaitSecondEnded() {
    SimClock.awaitSecondEnded(clock().instant());
  }


  public static ChargebeeSimulator start(ProductCatalog catalog) {
    return start(catalog, 42, 1);
  }

  /** Connection options pointing at this simulator. */
  public Map<String, String> connectionOptions() {
    Map<String, String> options = new LinkedHashMap<>();
    options.put("site", SITE);
    options.put("api_key", API_KEY);
    options.put("base_url", server.baseUrl());
    options.put("product_catalog", "auto");
    options.put("requests_per_minute", "100000");
    return options;
  }

  public Simulator server() {
    return server;
  }

  public SimClock clock() {
    return dataset.clock();
  }

  ProductCatalog catalog() {
    return catalog;
  }

  SimTable table(String table) {
    return tables.get(table);
  }

  public int pagesServed(String table) {
    return pagesServed.getOrDefault(table, 0);
  }

  public DataTable data(String table) {
    return tables.get(table).data();
  }

  // ---------------------------------------------------------------- ground truth

  /** Keys of the live records of a table the simulator serves directly, as the connector keys them. */
  public Set<List<String>> keys(String table) {
    if (table.equals("contacts")) {
      return data(table).keys("customer_id", "id");
    }
    return data(table).keys("id");
  }

  /** Keys of a nested-list table: the live parents' ids with each element's id or position. */
  public Set<List<String>> childKeys(String parentTable, String field, Optional<String> itemKey) {
    Set<List<String>> keys = new LinkedHashSet<>();
    for (ObjectNode parent : data(parentTable).records()) {
      int position = 0;
      for (var element : parent.path(field)) {
        keys.add(List.of(parent.get("id").asText(),
            itemKey.map(k -> element.get(k).asText()).orElse(String.valueOf(position))));
        position++;
      }
    }
    return keys;
  }

  // ---------------------------------------------------------------- mutations

  /** Applies {@code change}, stamps {@code updated_at} now (a legacy record gains it) and logs an event. */
  public ObjectNode update(String table, long seq, Consumer<ObjectNode> change) {
    SimTable t = tables.get(table);
    ObjectNode updated = t.data().update(seq, change);
    legacy.remove(table + "/" + seq);
    event(t.entity() + (t.entity().equals("customer") ? "_changed" : "_updated"), t.entity(), updated);
    return updated;
  }

  public ObjectNode insert(String table) {
    SimTable t = tables.get(table);
    ObjectNode record = t.data().insert(factory(table));
    event(t.entity() + "_created", t.entity(), record);
    return record;
  }

  /** Deletes as Chargebee does for this table: flagged when it lists deleted records, else removed. */
  public void delete(String table, long seq) {
    SimTable t = tables.get(table);
    ObjectNode record = t.data().find(seq).orElseThrow();
    if (t.data().layout().deletedFlag() != null) {
      t.data().softDelete(seq);
    } else {
      t.data().hardDelete(seq);
    }
    event(t.entity() + "_deleted", t.entity(), record);
  }

  /** Hides {@code updated_at} of {@code count} records, as on records untouched since before it existed. */
  public List<Long> stripUpdatedAt(String table, int count) {
    List<Long> picked = data(table).pickIds(count);
    picked.forEach(seq -> legacy.add(table + "/" + seq));
    return picked;
  }

  public boolean isLegacy(String table, long seq) {
    return legacy.contains(table + "/" + seq);
  }

  /** Runs {@code action} right after the {@code page}-th page of {@code table} is served. */
  public void afterPage(String table, int page, Runnable action) {
    afterPage.computeIfAbsent(table + "#" + page, k -> new ArrayList<>()).add(action);
  }

  public void siteNotReady(boolean value) {
    siteNotReady.set(value);
  }

  // ---------------------------------------------------------------- used by the listing

  /** A stored record of {@code table} as the API serves it. */
  public ObjectNode served(String table, ObjectNode raw) {
    return served(tables.get(table), raw);
  }

  /** The record as the API shows it: legacy records lack {@code updated_at}. */
  ObjectNode served(SimTable table, ObjectNode raw) {
    if (legacy.contains(table.name() + "/" + raw.path(ChargebeeSimListing.SEQ).asLong())) {
      ObjectNode copy = raw.deepCopy();
      copy.remove("updated_at");
      return copy;
    }
    return raw;
  }

  void pageServed(SimTable table) {
    int page = pagesServed.merge(table.name(), 1, Integer::sum);
    List<Runnable> actions = afterPage.remove(table.name() + "#" + page);
    if (actions != null) {
      actions.forEach(Runnable::run);
    }
  }

  Optional<SimResponse> refusal(SimTable table) {
    if (siteNotReady.get()) {
      return Optional.of(SimResponse.json(503, error(503, "site_not_ready", "operation_failed",
          "Site is not ready. Please retry after some time.")));
    }
    if (table != null && table.catalog().isPresent() && table.catalog().get() != catalog) {
      return Optional.of(SimResponse.json(400, error(400, "configuration_incompatible",
          "invalid_request", "This API operation is not supported for Product Catalog "
              + catalog.version() + " sites.")));
    }
    return Optional.empty();
  }

  SimResponse badRequest(String param, String message) {
    ObjectNode body = error(400, "invalid_request", "invalid_request", message);
    body.put("param", param);
    return SimResponse.json(400, body);
  }

  @Override
  public void close() {
    server.close();
  }

  // ---------------------------------------------------------------- setup

  private static ObjectNode error(int status, String code, String type, String message) {
    ObjectNode body = Json.object();
    body.put("message", message);
    body.put("type", type);
    body.put("api_error_code", code);
    body.put("error_code", code);
    body.put("error_msg", message);
    body.put("http_status_code", status);
    return body;
  }

  private static String errorBody(int status, String code, String message) {
    if (status == 429) {
      return ChargebeeFixtures.load("error_429").toString();
    }
    String chargebeeCode = switch (status) {
      case 401 -> "api_authentication_failed";
      case 404 -> "resource_not_found";
      default -> status >= 500 ? "internal_error" : "invalid_request";
    };
    return error(status, chargebeeCode, status >= 500 ? "operation_failed" : "invalid_request", message)
        .toString();
  }

  private ObjectNode configurations() {
    ObjectNode body = Json.object();
    body.putArray("configurations").addObject()
        .put("domain", SITE)
        .put("product_catalog_version", catalog.apiValue())
        .put("object", "configuration");
    return body;
  }

  private void declareTables() {
    Set<String> updated = Set.of("created_at", "updated_at");
    Set<String> dated = Set.of("date", "updated_at");
    table("customers", "customer", "created_at", true, null, updated);
    table("subscriptions", "subscription", "created_at", true, null, updated);
    table("invoices", "invoice", "date", true, null, dated);
    table("credit_notes", "credit_note", "date", true, null, dated);
    table("transactions", "transaction", "date", true, null, dated);
    table("orders", "order", "created_at", true, null, updated);
    table("payment_sources", "payment_source", "created_at", true, null, updated);
    table("quotes", "quote", "date", true, null, dated);
    table("unbilled_charges", "unbilled_charge", "date_from", true, null, Set.of("updated_at"));
    table("virtual_bank_accounts", "virtual_bank_account", "created_at", true, null, updated);
    table("gifts", "gift", null, false, null, Set.of("updated_at"));
    table("coupons", "coupon", "created_at", false, null, updated);
    table("plans", "plan", null, false, ProductCatalog.V1, Set.of("updated_at"));
    table("addons", "addon", null, false, ProductCatalog.V1, Set.of("updated_at"));
    table("items", "item", null, false, ProductCatalog.V2, Set.of("updated_at"));
    table("item_prices", "item_price", "created_at", false, ProductCatalog.V2, updated);
    table("item_families", "item_family", null, false, ProductCatalog.V2, Set.of("updated_at"));
    add("events", "/events", "event", layout("occurred_at", null, false), null,
        Set.of("occurred_at"), Set.of("occurred_at"), null, Set.of());
    add("promotional_credits", "/promotional_credits", "promotional_credit",
        layout("created_at", null, false), null, Set.of(), Set.of("created_at"), null, Set.of());
    add("comments", "/comments", "comment", layout("created_at", null, false), null,
        Set.of("created_at"), Set.of("created_at"), null, Set.of());
    add("contacts", "/customers/{id}/contacts", "contact", layout(null, null, false), null,
        Set.of(), Set.of(), "customer_id", Set.of("customer_id"));
    add("attached_items", "/items/{id}/attached_items", "attached_item",
        layout("updated_at", "created_at", false), ProductCatalog.V2, Set.of(), Set.of(),
        "parent_item_id", Set.of());
  }

  /**
   * The timestamp fields each list endpoint takes in {@code sort_by[asc|desc]}, as Chargebee's API
   * reference gives them (the list parameters of its official SDKs, generated from it, agree). A
   * list not named here takes no {@code sort_by}: unbilled charges, virtual bank accounts, gifts,
   * plans, addons, item families. Items and item prices also sort by name and id, which nothing
   * here needs. Any other value is refused.
   */
  private static final Map<String, Set<String>> SORTABLE = Map.ofEntries(
      Map.entry("customers", Set.of("created_at", "updated_at")),
      Map.entry("subscriptions", Set.of("created_at", "updated_at")),
      Map.entry("invoices", Set.of("date", "updated_at")),
      Map.entry("credit_notes", Set.of("date")),
      Map.entry("transactions", Set.of("date", "updated_at")),
      Map.entry("orders", Set.of("created_at", "updated_at")),
      Map.entry("payment_sources", Set.of("created_at", "updated_at")),
      Map.entry("quotes", Set.of("date")),
      Map.entry("coupons", Set.of("created_at")),
      Map.entry("items", Set.of("updated_at")),
      Map.entry("item_prices", Set.of("updated_at")));

  private void table(String name, String entity, String created, boolean flagged,
      ProductCatalog catalogOnly, Set<String> filters) {
    Set<String> sortable = SORTABLE.getOrDefault(name, Set.of());
    add(name, "/" + name, entity, layout("updated_at", created, flagged), catalogOnly, sortable,
        filters, null, Set.of());
  }

  private void add(String name, String path, String entity, TableLayout layout,
      ProductCatalog catalogOnly, Set<String> sortable, Set<String> filters, String parentField,
      Set<String> hidden) {
    DataTable data = dataset.table(name, layout);
    tables.put(name, new SimTable(name, path, entity, data, Optional.ofNullable(catalogOnly),
        sortable, filters, parentField, hidden));
  }

  private static TableLayout layout(String updated, String created, boolean flagged) {
    TableLayout layout = new TableLayout(ChargebeeSimListing.SEQ, updated, created, null, TimeFormat.EPOCH_SECONDS);
    return flagged ? layout.withDeletedFlag("deleted") : layout;
  }

  private RecordFactory factory(String table) {
    String fixture = table.equals("subscriptions")
        ? (catalog == ProductCatalog.V1 ? "subscriptions_v1" : "subscriptions_v2") : table;
    RecordFactory base = ChargebeeFixtures.factory(fixture);
    return switch (table) {
      case "contacts" -> (id, random) -> base.create(id, random)
          .put("customer_id", String.format("cus_%05d", 1 + (id - 1) % ChargebeeFixtures.CUSTOMERS));
      case "attached_items" -> (id, random) -> base.create(id, random)
          .put("parent_item_id", String.format("item-%05d", 1 + (id - 1) % 4));
      default -> base;
    };
  }

  private void seed(int scale) {
    Duration span = Duration.ofDays(90);
    for (SimTable table : tables.values()) {
      if (table.catalog().isPresent() && table.catalog().get() != catalog) {
        continue;
      }
      int count = switch (table.name()) {
        case "customers", "subscriptions" -> ChargebeeFixtures.CUSTOMERS * scale;
        case "invoices", "transactions", "events" -> 30 * scale;
        case "item_families" -> 3;
        case "items" -> 4 * scale;
        default -> 9 * scale;
      };
      table.data().seed(count, 3, span, factory(table.name()));
    }
    for (ObjectNode coupon : data("coupons").records().subList(0, 2)) {
      long seq = coupon.get(ChargebeeSimListing.SEQ).asLong();
      dataset.clock().advance(Duration.ofSeconds(1));
      delete("coupons", seq);
    }
  }

  private void event(String type, String entity, ObjectNode record) {
    ObjectNode content = Json.object();
    ObjectNode shown = record.deepCopy();
    shown.remove(ChargebeeSimListing.SEQ);
    content.set(entity, shown);
    RecordFactory base = ChargebeeFixtures.factory("events");
    data("events").insert((id, random) -> base.create(id, random).put("event_type", type)
        .set("content", content));
  }
}
