package io.tributary.source.freshservice;

import static io.tributary.source.freshservice.FreshserviceOptions.API_KEY;
import static io.tributary.source.freshservice.FreshserviceOptions.DOMAIN;

import io.tributary.api.TableMetadata;
import io.tributary.http.Auth;
import io.tributary.http.HttpSettings;
import io.tributary.http.rest.Pager;
import io.tributary.http.rest.RestSource;
import io.tributary.http.rest.RestTable;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.types.StructType;

/**
 * Freshservice API v2, declared. Lists page with {@code page}/{@code per_page} and a {@code Link:
 * rel="next"} header holding the next page's full URL; records sit under a key named for the list.
 * One client per connection, so every table of a run and the requested_items fan-out share one
 * rate budget.
 */
final class FreshserviceSource {
  static final String CURSOR = "updated_at";
  /** Service-request tickets are the parents of requested_items; incidents have none. */
  static final String SERVICE_REQUEST = "Service Request";

  static final RestSource SOURCE = RestSource.builder("freshservice",
          "Freshservice IT service management (API v2): tickets, problems, changes, releases, "
              + "assets, service requests and the people directory")
      .options(FreshserviceOptions.connection(), FreshserviceOptions.table())
      .client(connection -> HttpSettings.forAccount("freshservice", connection, DOMAIN, "https://{label}.freshservice.com")
          .auth(Auth.basicApiKey(connection.string(API_KEY)))
          .credentialOption(API_KEY)
          .build())
      .pager(Pager.overlappingPages("page", "per_page", "/id"))
      // The agent the API key belongs to, {"agent": {...}}: the cheapest authenticated call, and
      // unlike the agents list it needs no admin role. The agent's id only, never a name or email.
      .check("Freshservice", "/api/v2/agents/me",
          "the account's plan does not include API access, or the API key's agent may not use it",
          (probe, connection, answer) -> "Freshservice account '" + connection.string(DOMAIN) + "' at "
              + probe.host() + ": authenticated as agent " + answer.path("agent").path("id").asText("<no id>")
              + (answer.path("agent").path("occasional").asBoolean(false) ? " (occasional)" : ""))
      // Deleted and spam tickets are hidden from the default list. Spam tickets are read as
      // records (spam=true), trashed ones are reported as deletes.
      .table(incremental("tickets", FreshserviceSchemas.TICKETS, "Incident and Service Request management",
          TableMetadata.cdcWithDeletes(CURSOR, "id"))
          .alsoList(Map.of("filter", "spam")).deletesFrom(Map.of("filter", "deleted")).build())
      // No documented filter lists trashed problems, changes or releases: they are cdc.
      .table(incremental("problems", FreshserviceSchemas.PROBLEMS, "Problem Management", TableMetadata.cdc(CURSOR, "id")).build())
      .table(incremental("releases", FreshserviceSchemas.RELEASES, "Release Management", TableMetadata.cdc(CURSOR, "id")).build())
      .table(incremental("changes", FreshserviceSchemas.CHANGES, "Change Management", TableMetadata.cdc(CURSOR, "id")).build())
      .table(snapshot("locations", "/api/v2/locations", FreshserviceSchemas.LOCATIONS, "Locations").build())
      .table(snapshot("products", "/api/v2/products", FreshserviceSchemas.PRODUCTS, "Asset Management (product catalog)").build())
      .table(snapshot("vendors", "/api/v2/vendors", FreshserviceSchemas.VENDORS, "Asset Management (vendors)").build())
      // Without include=type_fields the list omits the asset-type fields.
      .table(snapshot("assets", "/api/v2/assets", FreshserviceSchemas.ASSETS, "Asset Management")
          .customFields("type_fields").query("include", "type_fields").build())
      .table(snapshot("purchase_orders", "/api/v2/purchase_orders", FreshserviceSchemas.PURCHASE_ORDERS,
          "Procurement (purchase orders)").customFields("custom_fields").build())
      .table(snapshot("software", "/api/v2/applications", FreshserviceSchemas.SOFTWARE, "Software Asset Management").build())
      // Every run, the items of every service request the tickets table keeps, through the lists
      // it reads records from (spam included); the API leaves the parent out of an item, so the
      // toolkit fills ticket_id in. The type is checked on each parent too, in case a filtered
      // list (spam) does not narrow by type as the default list does.
      .table(snapshot("requested_items", "/api/v2/tickets/{id}/requested_items", FreshserviceSchemas.REQUESTED_ITEMS,
              "Service Catalog", "id", "ticket_id")
          .customFields("custom_fields")
          .childOf("tickets", "ticket_id", t -> SERVICE_REQUEST.equals(t.path("type").asText()), Set.of(404))
          .parentQuery("type", SERVICE_REQUEST)
          .build())
      .table(snapshot("agents", "/api/v2/agents", FreshserviceSchemas.AGENTS, "Agents").customFields("custom_fields").build())
      .table(snapshot("requesters", "/api/v2/requesters", FreshserviceSchemas.REQUESTERS, "Requesters")
          .customFields("custom_fields").build())
      .table(snapshot("departments", "/api/v2/departments", FreshserviceSchemas.DEPARTMENTS, "Departments")
          .customFields("custom_fields").build())
      .table(snapshot("groups", "/api/v2/groups", FreshserviceSchemas.GROUPS, "Groups").build())
      .build();

  private FreshserviceSource() {}

  /**
   * Filtered on updated_since, ascending updated_at, as the docs offer for these lists. That order
   * lets a backfill read windows of updated_at in parallel: each starts at its lower bound and
   * stops once the list passes its upper bound. The spam list is not documented as sorted, so it
   * is read whole in a partition of its own. The newest record, asked for once newest first, ends
   * the range the windows share, so they share the records there are.
   */
  private static RestTable.Builder incremental(String name, StructType schema, String planFeature, TableMetadata metadata) {
    return RestTable.incremental(name, "/api/v2/" + name, schema, metadata)
        .recordsAt("/" + name).planFeature(planFeature).customFields("custom_fields")
        .query("order_by", CURSOR, "order_type", "asc").sortedByCursor()
        .since("updated_since")
        .windowsBySort()
        .newestFirst("order_type", "desc");
  }

  /** Every page, every run; the records sit under the list's last path segment. */
  private static RestTable.Builder snapshot(String name, String path, StructType schema, String planFeature, String... keys) {
    return RestTable.snapshot(name, path, schema, keys.length == 0 ? new String[] {"id"} : keys)
        .recordsAt(path.substring(path.lastIndexOf('/'))).planFeature(planFeature);
  }
}
