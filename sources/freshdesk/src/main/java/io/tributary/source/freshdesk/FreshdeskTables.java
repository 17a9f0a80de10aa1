package io.tributary.source.freshdesk;

import static io.tributary.source.freshdesk.FreshdeskTable.Read.CONVERSATIONS;
import static io.tributary.source.freshdesk.FreshdeskTable.Read.INCREMENTAL;
import static io.tributary.source.freshdesk.FreshdeskTable.Read.SNAPSHOT;

import io.tributary.api.TableMetadata;
import io.tributary.api.Tables;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.types.StructType;

/** The catalogue: every table this source offers, in the order users see them. */
final class FreshdeskTables {
  /** Past page 300 the tickets list answers 400; the listing re-slices before it. */
  static final int TICKETS_PAGE_WALL = 300;

  private static final Map<String, FreshdeskTable> TABLES = new LinkedHashMap<>();

  static {
    // Deleted and spam tickets are hidden from the default list. Spam tickets are records
    // (spam=true); deleted ones are reported as deletes. An explicit updated_since also lifts the
    // default 30-day window. No include= is sent: each costs extra credits and adds PII.
    add(new FreshdeskTable("tickets", "/api/v2/tickets", INCREMENTAL,
        TableMetadata.cdcWithDeletes("updated_at", "id"), FreshdeskSchemas.TICKETS, "updated_since",
        Map.of("order_by", "updated_at", "order_type", "asc"),
        List.of(Map.of(), Map.of("filter", "spam")), List.of(Map.of("filter", "deleted")),
        TICKETS_PAGE_WALL));
    // Note the underscore: contacts take _updated_since.
    add(new FreshdeskTable("contacts", "/api/v2/contacts", INCREMENTAL,
        TableMetadata.cdc("updated_at", "id"), FreshdeskSchemas.CONTACTS, "_updated_since",
        Map.of(), List.of(Map.of()), List.of(), 0));
    add(snapshot("companies", "/api/v2/companies", FreshdeskSchemas.COMPANIES));
    add(new FreshdeskTable("conversations", "/api/v2/tickets/{id}/conversations", CONVERSATIONS,
        TableMetadata.cdc("updated_at", "id", "ticket_id").asChildOf(new TableMetadata.ChildOf("tickets", List.of("ticket_id"))),
        FreshdeskSchemas.CONVERSATIONS, "updated_since", Map.of(), List.of(Map.of()), List.of(), 0));
    // Ratings cannot change once given, so their creation time is the cursor.
    add(new FreshdeskTable("satisfaction_ratings", "/api/v2/surveys/satisfaction_ratings", INCREMENTAL,
        TableMetadata.cdc("created_at", "id"), FreshdeskSchemas.SATISFACTION_RATINGS, "created_since",
        Map.of(), List.of(Map.of()), List.of(), 0));
    add(snapshot("time_entries", "/api/v2/time_entries", FreshdeskSchemas.TIME_ENTRIES));
    add(snapshot("agents", "/api/v2/agents", FreshdeskSchemas.AGENTS));
    add(snapshot("groups", "/api/v2/groups", FreshdeskSchemas.GROUPS));
    add(snapshot("roles", "/api/v2/roles", FreshdeskSchemas.ROLES));
    add(snapshot("products", "/api/v2/products", FreshdeskSchemas.PRODUCTS));
    add(snapshot("business_hours", "/api/v2/business_hours", FreshdeskSchemas.BUSINESS_HOURS));
    add(snapshot("sla_policies", "/api/v2/sla_policies", FreshdeskSchemas.SLA_POLICIES));
    add(snapshot("email_configs", "/api/v2/email_configs", FreshdeskSchemas.EMAIL_CONFIGS));
    add(snapshot("ticket_fields", "/api/v2/ticket_fields", FreshdeskSchemas.TICKET_FIELDS));
    add(snapshot("surveys", "/api/v2/surveys", FreshdeskSchemas.SURVEYS));
    add(snapshot("skills", "/api/v2/admin/skills", FreshdeskSchemas.SKILLS));
  }

  private FreshdeskTables() {}

  static List<String> names() {
    return List.copyOf(TABLES.keySet());
  }

  static List<FreshdeskTable> all() {
    return List.copyOf(TABLES.values());
  }

  static FreshdeskTable require(String name) {
    Tables.require(name, TABLES.keySet());
    return TABLES.get(name);
  }

  private static FreshdeskTable snapshot(String name, String path, StructType schema) {
    return new FreshdeskTable(name, path, SNAPSHOT, TableMetadata.snapshot("id"), schema, null,
        Map.of(), List.of(), List.of(), 0);
  }

  private static void add(FreshdeskTable table) {
    TABLES.put(table.name(), table);
  }
}
