package io.tributary.source.zendesk;

import static io.tributary.api.Columns.array;
import static io.tributary.api.Columns.bool;
import static io.tributary.api.Columns.doc;
import static io.tributary.api.Columns.id;
import static io.tributary.api.Columns.map;
import static io.tributary.api.Columns.pii;
import static io.tributary.api.Columns.string;
import static io.tributary.api.Columns.struct;
import static io.tributary.api.Columns.timestamp;

import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/** The static Spark schema of every Zendesk table, with the field names the API returns. */
final class ZendeskSchemas {
  private ZendeskSchemas() {}

  private static StructType of(StructField... fields) {
    return new StructType(fields);
  }

  private static StructField ids(String name) {
    return array(name, DataTypes.LongType);
  }

  private static StructField strings(String name) {
    return array(name, DataTypes.StringType);
  }

  /** Where a ticket, comment or event came from; {@code from}/{@code to} vary by channel. */
  private static StructField via() {
    return struct("via",
        string("channel"),
        struct("source",
            string("rel"),
            map("from", DataTypes.StringType),
            map("to", DataTypes.StringType)));
  }

  private static StructField conditions(String name) {
    StructType condition = of(string("field"), string("operator"), string("value"));
    return struct(name,
        array("all", condition),
        array("any", condition));
  }

  static final StructType TICKETS = of(
      id("id"), string("url"), string("external_id"), via(),
      timestamp("created_at"), timestamp("updated_at"),
      doc(timestamp("generated_timestamp"), "When Zendesk last changed the ticket, system "
          + "changes included; the export orders on it."),
      string("type"), pii(string("subject")), pii(string("raw_subject")),
      pii(string("description")), string("priority"),
      doc(string("status"), "new, open, pending, hold, solved or closed. Deleted tickets are "
          + "reported as deletes, not rows."),
      pii(string("recipient")), id("requester_id"), id("submitter_id"), id("assignee_id"),
      id("organization_id"), id("group_id"), ids("collaborator_ids"), ids("follower_ids"),
      ids("email_cc_ids"), id("forum_topic_id"), id("problem_id"), bool("has_incidents"),
      bool("is_public"), timestamp("due_at"), strings("tags"),
      array("custom_fields", of(id("id"), string("value"))),
      struct("satisfaction_rating", id("id"), string("score"), pii(string("comment")),
          string("reason")),
      ids("sharing_agreement_ids"), ids("followup_ids"), id("ticket_form_id"), id("brand_id"),
      bool("allow_channelback"), bool("allow_attachments"), bool("from_messaging_channel"));

  static final StructType USERS = of(
      id("id"), string("url"), pii(string("name")), pii(string("email")), pii(string("phone")),
      bool("shared_phone_number"), timestamp("created_at"), timestamp("updated_at"),
      string("time_zone"), string("iana_time_zone"), string("locale"), id("locale_id"),
      id("organization_id"), string("role"), id("role_type"), id("custom_role_id"),
      id("default_group_id"), bool("verified"),
      doc(bool("active"), "False only for deleted users, which are reported as deletes."),
      bool("suspended"), bool("shared"), bool("shared_agent"), bool("moderator"),
      bool("restricted_agent"), bool("only_private_comments"), bool("two_factor_auth_enabled"),
      bool("report_csv"), string("ticket_restriction"), timestamp("last_login_at"),
      pii(string("alias")), pii(string("signature")), pii(string("details")), pii(string("notes")),
      string("external_id"), strings("tags"), map("user_fields", DataTypes.StringType),
      struct("photo", id("id"), string("file_name"), string("content_url"),
          string("content_type"), id("size")));

  static final StructType ORGANIZATIONS = of(
      id("id"), string("url"), string("name"), bool("shared_tickets"), bool("shared_comments"),
      string("external_id"), timestamp("created_at"), timestamp("updated_at"),
      doc(timestamp("deleted_at"), "Set on deleted organizations, which are reported as "
          + "deletes."),
      strings("domain_names"), pii(string("details")), pii(string("notes")), id("group_id"),
      strings("tags"), map("organization_fields", DataTypes.StringType));

  /** One comment, flattened out of a ticket event's {@code child_events}. */
  static final StructType TICKET_COMMENTS = of(
      doc(id("id"), "The comment's id."),
      doc(id("ticket_id"), "The ticket the comment belongs to, from the enclosing ticket event."),
      id("audit_id"), id("author_id"), pii(string("body")), pii(string("html_body")),
      pii(string("plain_body")), bool("public"),
      array("attachments", of(id("id"), string("file_name"), string("content_url"),
          string("content_type"), id("size"), bool("inline"))),
      via(), id("via_reference_id"), timestamp("created_at"));

  static final StructType TICKET_METRIC_EVENTS = of(
      id("id"), id("ticket_id"), string("metric"), id("instance_id"), string("type"),
      timestamp("time"),
      struct("sla", id("target"), bool("business_hours"),
          struct("policy", id("id"), string("title"), string("description"))),
      struct("status", id("calendar"), id("business")),
      bool("deleted"));

  static final StructType SATISFACTION_RATINGS = of(
      id("id"), string("url"), id("assignee_id"), id("group_id"), id("requester_id"),
      id("ticket_id"), string("score"), pii(string("comment")), string("reason"),
      id("reason_code"), id("reason_id"), timestamp("created_at"), timestamp("updated_at"));

  static final StructType GROUPS = of(
      id("id"), string("url"), string("name"), string("description"), bool("default"),
      bool("deleted"), bool("is_public"), timestamp("created_at"), timestamp("updated_at"));

  static final StructType BRANDS = of(
      id("id"), string("url"), string("name"), string("brand_url"), string("subdomain"),
      string("host_mapping"), bool("has_help_center"), string("help_center_state"),
      bool("active"), bool("default"), bool("is_deleted"), ids("ticket_form_ids"),
      string("signature_template"),
      struct("logo", id("id"), string("file_name"), string("content_url"),
          string("content_type"), id("size")),
      timestamp("created_at"), timestamp("updated_at"));

  static final StructType TICKET_FIELDS = of(
      id("id"), string("url"), string("type"), string("title"), string("raw_title"),
      string("description"), string("raw_description"), id("position"), bool("active"),
      bool("required"), bool("collapsed_for_agents"), string("regexp_for_validation"),
      string("title_in_portal"), string("raw_title_in_portal"), bool("visible_in_portal"),
      bool("editable_in_portal"), bool("required_in_portal"), string("tag"),
      bool("removable"), string("agent_description"), id("sub_type_id"),
      array("custom_field_options", of(id("id"), string("name"), string("raw_name"),
          string("value"), bool("default"))),
      timestamp("created_at"), timestamp("updated_at"));

  static final StructType TICKET_FORMS = of(
      id("id"), string("url"), string("name"), string("raw_name"), string("display_name"),
      string("raw_display_name"), bool("end_user_visible"), id("position"),
      ids("ticket_field_ids"), bool("active"), bool("default"), bool("in_all_brands"),
      ids("restricted_brand_ids"), timestamp("created_at"), timestamp("updated_at"));

  static final StructType GROUP_MEMBERSHIPS = of(
      id("id"), string("url"), id("user_id"), id("group_id"), bool("default"),
      timestamp("created_at"), timestamp("updated_at"));

  static final StructType ORGANIZATION_MEMBERSHIPS = of(
      id("id"), string("url"), id("user_id"), id("organization_id"), bool("default"),
      string("organization_name"), bool("view_tickets"), timestamp("created_at"),
      timestamp("updated_at"));

  static final StructType MACROS = of(
      id("id"), string("url"), string("title"), string("raw_title"), string("description"),
      bool("active"), id("position"), bool("default"),
      struct("restriction", string("type"), id("id"), ids("ids")),
      array("actions", of(string("field"), string("value"))),
      timestamp("created_at"), timestamp("updated_at"));

  static final StructType CUSTOM_ROLES = of(
      id("id"), string("name"), string("description"), id("role_type"),
      id("team_member_count"), map("configuration", DataTypes.StringType),
      timestamp("created_at"), timestamp("updated_at"));

  static final StructType SCHEDULES = of(
      id("id"), string("name"), string("time_zone"),
      array("intervals", of(id("start_time"), id("end_time"))),
      timestamp("created_at"), timestamp("updated_at"));

  static final StructType SLA_POLICIES = of(
      id("id"), string("url"), string("title"), string("description"), id("position"),
      conditions("filter"),
      array("policy_metrics", of(string("priority"), string("metric"), id("target"),
          bool("business_hours"))),
      timestamp("created_at"), timestamp("updated_at"));

  static final StructType TAGS = of(
      doc(string("name"), "The tag; tags have no id."),
      doc(id("count"), "Approximate number of uses, refreshed by Zendesk periodically."));

  static final StructType VIEWS = of(
      id("id"), string("url"), string("title"), string("raw_title"), string("description"),
      bool("active"), id("position"), bool("default"),
      struct("restriction", string("type"), id("id"), ids("ids")),
      struct("execution", string("group_by"), string("group_order"), string("sort_by"),
          string("sort_order"), array("columns", of(string("id"), string("title")))),
      conditions("conditions"),
      timestamp("created_at"), timestamp("updated_at"));
}
