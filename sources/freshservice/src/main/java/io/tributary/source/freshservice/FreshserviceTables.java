package io.tributary.source.freshservice;

import static io.tributary.source.freshservice.FreshserviceTable.Read.INCREMENTAL;
import static io.tributary.source.freshservice.FreshserviceTable.Read.PER_SERVICE_REQUEST;
import static io.tributary.source.freshservice.FreshserviceTable.Read.SNAPSHOT;

import io.tributary.api.OptionValues;
import io.tributary.api.TableMetadata;
import io.tributary.api.Tables;
import io.tributary.api.UserException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.types.StructType;

/** The catalogue: every table this source offers, in the order users see them. */
final class FreshserviceTables {
  static final String CURSOR = "updated_at";
  /** Service-request tickets are the parents of requested_items; incidents have none. */
  static final String SERVICE_REQUEST = "Service Request";

  private static final Map<String, FreshserviceTable> TABLES = new LinkedHashMap<>();

  static {
    // Deleted and spam tickets are hidden from the default list. Spam tickets are read as
    // records (spam=true), trashed ones are reported as deletes.
    add(incremental("tickets", "/api/v2/tickets", FreshserviceSchemas.TICKETS, "custom_fields",
        "Incident and Service Request management",
        List.of(Map.of(), Map.of("filter", "spam")), List.of(Map.of("filter", "deleted"))));
    // No documented filter lists trashed problems, changes or releases: they are cdc.
    add(incremental("problems", "/api/v2/problems", FreshserviceSchemas.PROBLEMS, "custom_fields",
        "Problem Management", List.of(Map.of()), List.of()));
    add(incremental("releases", "/api/v2/releases", FreshserviceSchemas.RELEASES, "custom_fields",
        "Release Management", List.of(Map.of()), List.of()));
    add(incremental("changes", "/api/v2/changes", FreshserviceSchemas.CHANGES, "custom_fields",
        "Change Management", List.of(Map.of()), List.of()));
    add(snapshot("locations", "/api/v2/locations", FreshserviceSchemas.LOCATIONS, null,
        "Locations", Map.of()));
    add(snapshot("products", "/api/v2/products", FreshserviceSchemas.PRODUCTS, null,
        "Asset Management (product catalog)", Map.of()));
    add(snapshot("vendors", "/api/v2/vendors", FreshserviceSchemas.VENDORS, null,
        "Asset Management (vendors)", Map.of()));
    // Without include=type_fields the list omits the asset-type fields.
    add(snapshot("assets", "/api/v2/assets", FreshserviceSchemas.ASSETS, "type_fields",
        "Asset Management", Map.of("include", "type_fields")));
    add(snapshot("purchase_orders", "/api/v2/purchase_orders", FreshserviceSchemas.PURCHASE_ORDERS,
        "custom_fields", "Procurement (purchase orders)", Map.of()));
    add(snapshot("software", "/api/v2/applications", FreshserviceSchemas.SOFTWARE, null,
        "Software Asset Management", Map.of()));
    add(new FreshserviceTable("requested_items", "/api/v2/tickets/{id}/requested_items",
        "requested_items", PER_SERVICE_REQUEST,
        TableMetadata.snapshot("id", "ticket_id")
            .asChildOf(new TableMetadata.ChildOf("tickets", List.of("ticket_id"))),
        FreshserviceSchemas.REQUESTED_ITEMS, "custom_fields", "Service Catalog",
        Map.of(), List.of(), List.of()));
    add(snapshot("agents", "/api/v2/agents", FreshserviceSchemas.AGENTS, "custom_fields",
        "Agents", Map.of()));
    add(snapshot("requesters", "/api/v2/requesters", FreshserviceSchemas.REQUESTERS,
        "custom_fields", "Requesters", Map.of()));
    add(snapshot("departments", "/api/v2/departments", FreshserviceSchemas.DEPARTMENTS,
        "custom_fields", "Departments", Map.of()));
    add(snapshot("groups", "/api/v2/groups", FreshserviceSchemas.GROUPS, null, "Groups", Map.of()));
  }

  private FreshserviceTables() {}

  static List<String> names() {
    return List.copyOf(TABLES.keySet());
  }

  static List<FreshserviceTable> all() {
    return List.copyOf(TABLES.values());
  }

  /**
   * The table named {@code name}, after checking that {@code tableOptions} suit it.
   *
   * @throws UserException for an unknown table, or custom_fields set on a table without any
   */
  static FreshserviceTable require(String name, OptionValues tableOptions) {
    Tables.require(name, TABLES.keySet());
    FreshserviceTable table = TABLES.get(name);
    if (table.customColumn() == null && tableOptions.has(FreshserviceOptions.CUSTOM_FIELDS)) {
      throw new UserException("Cannot set option '" + FreshserviceOptions.CUSTOM_FIELDS
          + "' for table '" + name + "': its records have no custom fields");
    }
    return table;
  }

  private static FreshserviceTable incremental(String name, String path, StructType schema,
      String customColumn, String feature, List<Map<String, String>> records,
      List<Map<String, String>> deletes) {
    TableMetadata metadata = deletes.isEmpty()
        ? TableMetadata.cdc(CURSOR, "id")
        : TableMetadata.cdcWithDeletes(CURSOR, "id");
    return new FreshserviceTable(name, path, name, INCREMENTAL, metadata, schema, customColumn,
        feature, Map.of("order_by", CURSOR, "order_type", "asc"), records, deletes);
  }

  private static FreshserviceTable snapshot(String name, String path, StructType schema,
      String customColumn, String feature, Map<String, String> query) {
    String envelope = path.substring(path.lastIndexOf('/') + 1);
    return new FreshserviceTable(name, path, envelope, SNAPSHOT, TableMetadata.snapshot("id"),
        schema, customColumn, feature, query, List.of(), List.of());
  }

  private static void add(FreshserviceTable table) {
    TABLES.put(table.name(), table);
  }
}
