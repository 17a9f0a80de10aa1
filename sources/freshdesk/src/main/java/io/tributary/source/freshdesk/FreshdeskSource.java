package io.tributary.source.freshdesk;

import static io.tributary.source.freshdesk.FreshdeskOptions.API_KEY;
import static io.tributary.source.freshdesk.FreshdeskOptions.DOMAIN;

import io.tributary.api.TableMetadata;
import io.tributary.http.Auth;
import io.tributary.http.HttpSettings;
import io.tributary.http.rest.Pager;
import io.tributary.http.rest.RestSource;
import io.tributary.http.rest.RestTable;
import java.util.Map;
import org.apache.spark.sql.types.StructType;

/**
 * Freshdesk API v2, declared. Lists are bare JSON arrays paged with {@code page}/{@code per_page}
 * and a {@code Link: rel="next"} header holding the next page's full URL. One client per
 * connection, so every table of a run and the conversations fan-out share one rate budget.
 */
final class FreshdeskSource {
  /** Past page 300 the tickets list answers 400; the listing re-slices before it. */
  static final int TICKETS_PAGE_WALL = 300;

  static final RestSource SOURCE = RestSource.builder("freshdesk",
          "Freshdesk customer support (API v2): tickets, conversations, contacts, companies, "
              + "satisfaction ratings, time entries and the helpdesk's configuration, with pii=drop")
      .options(FreshdeskOptions.connection(), FreshdeskOptions.table())
      .client(connection -> HttpSettings.forAccount("freshdesk", connection, DOMAIN, "https://{label}.freshdesk.com")
          .auth(Auth.basicApiKey(connection.string(API_KEY)))
          .credentialOption(API_KEY)
          .build())
      .pager(Pager.overlappingPages("page", "per_page", "/id"))
      // The agent the API key belongs to: the cheapest authenticated call, one small object. Ids
      // and the agent type only, never a name, an email or the key.
      .check("Freshdesk", "/api/v2/agents/me",
          "the account's plan does not include API access, or the API key's agent may not use it",
          (probe, connection, agent) -> "Freshdesk account '" + connection.string(DOMAIN) + "' at "
              + probe.host() + ": authenticated as agent " + agent.path("id").asText("<no id>")
              + (agent.path("type").asText("").isEmpty() ? "" : " (" + agent.path("type").asText() + ")"))
      // Deleted and spam tickets are hidden from the default list. Spam tickets are records
      // (spam=true); deleted ones are reported as deletes. An explicit updated_since also lifts the
      // default 30-day window. No include= is sent: each costs extra credits and adds PII. Only the
      // default list is documented as honouring order_by, so only it is read as sorted.
      .table(RestTable.incremental("tickets", "/api/v2/tickets", FreshdeskSchemas.TICKETS,
              TableMetadata.cdcWithDeletes("updated_at", "id"))
          .query("order_by", "updated_at", "order_type", "asc").sortedByCursor()
          .since("updated_since")
          // The ascending default list reads windows of a backfill in parallel; each window
          // re-slices before the page wall on its own. The spam list is read whole in one partition.
          .windowsBySort()
          // Newest first, one request, before a backfill's windows are planned: they then share
          // the tickets there are, not a range running on to now.
          .newestFirst("order_type", "desc")
          .alsoList(Map.of("filter", "spam"))
          .deletesFrom(Map.of("filter", "deleted"))
          .pageWall(TICKETS_PAGE_WALL)
          .build())
      // Note the underscore: contacts take _updated_since.
      .table(RestTable.incremental("contacts", "/api/v2/contacts", FreshdeskSchemas.CONTACTS,
          TableMetadata.cdc("updated_at", "id")).since("_updated_since").build())
      .table(snapshot("companies", "/api/v2/companies", FreshdeskSchemas.COMPANIES))
      // The tickets' own cursor drives the watermark: a conversation bumps its ticket's updated_at.
      .table(RestTable.incremental("conversations", "/api/v2/tickets/{id}/conversations",
          FreshdeskSchemas.CONVERSATIONS, TableMetadata.cdc("updated_at", "id", "ticket_id"))
          .childOf("tickets", "ticket_id").build())
      // Ratings cannot change once given, so their creation time is the cursor.
      .table(RestTable.incremental("satisfaction_ratings", "/api/v2/surveys/satisfaction_ratings",
          FreshdeskSchemas.SATISFACTION_RATINGS, TableMetadata.cdc("created_at", "id")).since("created_since").build())
      .table(snapshot("time_entries", "/api/v2/time_entries", FreshdeskSchemas.TIME_ENTRIES))
      .table(snapshot("agents", "/api/v2/agents", FreshdeskSchemas.AGENTS))
      .table(snapshot("groups", "/api/v2/groups", FreshdeskSchemas.GROUPS))
      .table(snapshot("roles", "/api/v2/roles", FreshdeskSchemas.ROLES))
      .table(snapshot("products", "/api/v2/products", FreshdeskSchemas.PRODUCTS))
      .table(snapshot("business_hours", "/api/v2/business_hours", FreshdeskSchemas.BUSINESS_HOURS))
      .table(snapshot("sla_policies", "/api/v2/sla_policies", FreshdeskSchemas.SLA_POLICIES))
      .table(snapshot("email_configs", "/api/v2/email_configs", FreshdeskSchemas.EMAIL_CONFIGS))
      .table(snapshot("ticket_fields", "/api/v2/ticket_fields", FreshdeskSchemas.TICKET_FIELDS))
      .table(snapshot("surveys", "/api/v2/surveys", FreshdeskSchemas.SURVEYS))
      .table(snapshot("skills", "/api/v2/admin/skills", FreshdeskSchemas.SKILLS))
      .build();

  private FreshdeskSource() {}

  private static RestTable snapshot(String name, String path, StructType schema) {
    return RestTable.snapshot(name, path, schema, "id").build();
  }
}
