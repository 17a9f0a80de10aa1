package io.tributary.source.zendesk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.api.TableMetadata;
import io.tributary.api.Tables;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.apache.spark.sql.types.StructType;

/** The declarations of every Zendesk table: endpoint, envelope, paging style, schema, keys. */
final class ZendeskTables {

  /** How an endpoint pages. */
  enum Kind {
    /** Incremental export paged by an opaque cursor ({@code after_cursor}, {@code end_of_stream}). */
    CURSOR_EXPORT,
    /** Incremental export paged by time ({@code start_time}, {@code end_time}, {@code end_of_stream}). */
    TIME_EXPORT,
    /** A list endpoint with cursor pagination ({@code page[size]}, {@code meta.has_more}, {@code links.next}). */
    LIST;

    boolean export() {
      return this != LIST;
    }
  }

  /**
   * One table.
   *
   * @param itemsField the envelope's array, such as {@code tickets}
   * @param query fixed query parameters, such as {@code include=comment_events}
   * @param timeField for time-based exports: the item field that {@code start_time} and {@code
   *     end_time} compare with (epoch seconds or ISO-8601)
   * @param deleted for cdc_with_deletes tables: which returned items are deletions
   * @param countPath the endpoint that counts the records this table keeps, where Zendesk has one
   */
  record Table(
      String name,
      String path,
      String itemsField,
      Kind kind,
      Map<String, String> query,
      String timeField,
      StructType schema,
      TableMetadata metadata,
      Optional<Predicate<ObjectNode>> deleted,
      Optional<String> countPath) {

    int maxPerPage() {
      return kind.export() ? ZendeskOptions.MAX_EXPORT_PAGE : ZendeskOptions.MAX_LIST_PAGE;
    }

    /** Whether the records are flattened out of ticket events' comment child events. */
    boolean comments() {
      return name.equals("ticket_comments");
    }
  }

  private static final Map<String, Table> TABLES = new LinkedHashMap<>();

  static {
    add(new Table("tickets", "/api/v2/incremental/tickets/cursor.json", "tickets",
        Kind.CURSOR_EXPORT, Map.of(), null, ZendeskSchemas.TICKETS,
        TableMetadata.cdcWithDeletes("updated_at", "id"),
        Optional.of(r -> "deleted".equals(r.path("status").asText())),
        // Counts archived tickets, which the export returns too, and not deleted ones.
        Optional.of("/api/v2/tickets/count")));
    add(new Table("users", "/api/v2/incremental/users/cursor.json", "users",
        Kind.CURSOR_EXPORT, Map.of(), null, ZendeskSchemas.USERS,
        TableMetadata.cdcWithDeletes("updated_at", "id"),
        // Zendesk documents active=false as "the user has been deleted"; suspension is separate.
        Optional.of(r -> isFalse(r.get("active")) || r.path("deleted").asBoolean(false)),
        // Deleted users are counted apart, by /api/v2/deleted_users/count.
        Optional.of("/api/v2/users/count")));
    add(new Table("organizations", "/api/v2/incremental/organizations.json", "organizations",
        Kind.TIME_EXPORT, Map.of(), "updated_at", ZendeskSchemas.ORGANIZATIONS,
        TableMetadata.cdcWithDeletes("updated_at", "id"),
        Optional.of(r -> r.hasNonNull("deleted_at")), Optional.of("/api/v2/organizations/count")));
    add(new Table("ticket_comments", "/api/v2/incremental/ticket_events.json", "ticket_events",
        Kind.TIME_EXPORT, Map.of("include", "comment_events"), "timestamp",
        ZendeskSchemas.TICKET_COMMENTS, TableMetadata.append("created_at", "id"), Optional.empty(),
        // Comments are counted per ticket only: a whole-table count would cost a call per ticket.
        Optional.empty()));
    add(new Table("ticket_metric_events", "/api/v2/incremental/ticket_metric_events.json",
        "ticket_metric_events", Kind.TIME_EXPORT, Map.of(), "time",
        ZendeskSchemas.TICKET_METRIC_EVENTS, TableMetadata.append("time", "id"), Optional.empty(),
        Optional.empty()));
    add(new Table("satisfaction_ratings", "/api/v2/satisfaction_ratings", "satisfaction_ratings",
        Kind.LIST, Map.of(), null, ZendeskSchemas.SATISFACTION_RATINGS,
        TableMetadata.cdc("updated_at", "id"), Optional.empty(),
        Optional.of("/api/v2/satisfaction_ratings/count")));
    // The group list includes deleted groups unless told otherwise, and whether the group count
    // does is not documented: no count rather than one that may not match.
    snapshot("groups", "/api/v2/groups", ZendeskSchemas.GROUPS, "id");
    snapshot("brands", "/api/v2/brands", ZendeskSchemas.BRANDS, "id");
    snapshot("ticket_fields", "/api/v2/ticket_fields", ZendeskSchemas.TICKET_FIELDS, "id",
        "/api/v2/ticket_fields/count");
    snapshot("ticket_forms", "/api/v2/ticket_forms", ZendeskSchemas.TICKET_FORMS, "id");
    snapshot("group_memberships", "/api/v2/group_memberships", ZendeskSchemas.GROUP_MEMBERSHIPS, "id");
    snapshot("organization_memberships", "/api/v2/organization_memberships",
        ZendeskSchemas.ORGANIZATION_MEMBERSHIPS, "id");
    snapshot("macros", "/api/v2/macros", ZendeskSchemas.MACROS, "id");
    snapshot("custom_roles", "/api/v2/custom_roles", ZendeskSchemas.CUSTOM_ROLES, "id");
    snapshot("schedules", "/api/v2/business_hours/schedules", ZendeskSchemas.SCHEDULES, "id");
    snapshot("sla_policies", "/api/v2/slas/policies", ZendeskSchemas.SLA_POLICIES, "id");
    snapshot("tags", "/api/v2/tags", ZendeskSchemas.TAGS, "name", "/api/v2/tags/count");
    snapshot("views", "/api/v2/views", ZendeskSchemas.VIEWS, "id", "/api/v2/views/count");
  }

  private ZendeskTables() {}

  private static void snapshot(String name, String path, StructType schema, String key) {
    add(new Table(name, path, name, Kind.LIST, Map.of(), null, schema,
        TableMetadata.snapshot(key), Optional.empty(), Optional.empty()));
  }

  private static void snapshot(String name, String path, StructType schema, String key, String countPath) {
    add(new Table(name, path, name, Kind.LIST, Map.of(), null, schema,
        TableMetadata.snapshot(key), Optional.empty(), Optional.of(countPath)));
  }

  private static void add(Table table) {
    TABLES.put(table.name(), table);
  }

  static List<String> names() {
    return List.copyOf(TABLES.keySet());
  }

  static Table require(String name) {
    Tables.require(name, TABLES.keySet());
    return TABLES.get(name);
  }

  private static boolean isFalse(JsonNode value) {
    return value != null && value.isBoolean() && !value.booleanValue();
  }
}
