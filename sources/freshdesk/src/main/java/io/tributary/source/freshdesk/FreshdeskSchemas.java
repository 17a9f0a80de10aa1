package io.tributary.source.freshdesk;

import static io.tributary.api.Columns.array;
import static io.tributary.api.Columns.bool;
import static io.tributary.api.Columns.doc;
import static io.tributary.api.Columns.id;
import static io.tributary.api.Columns.integer;
import static io.tributary.api.Columns.map;
import static io.tributary.api.Columns.pii;
import static io.tributary.api.Columns.string;
import static io.tributary.api.Columns.timestamp;

import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The static schema of every table, field names as API v2 returns them (see VENDOR_NOTES.md).
 * Personal data and user-entered free text carry the {@code pii} tag, which {@code pii=drop}
 * removes; custom fields are free text an admin may fill with anything, so they are tagged too.
 */
final class FreshdeskSchemas {
  private FreshdeskSchemas() {}

  private static final StructType ATTACHMENT = new StructType(new StructField[] {
      id("id"), pii(string("name")), string("content_type"), id("size"), pii(string("attachment_url")),
      timestamp("created_at"), timestamp("updated_at")});

  private static StructField customFields() {
    return pii(doc(map("custom_fields", DataTypes.StringType),
        "Account-specific fields, name to value as text; free text, so pii=drop removes them."));
  }

  static final StructType TICKETS = schema(
      id("id"),
      pii(string("subject")),
      pii(string("description")),
      pii(string("description_text")),
      doc(integer("status"), "2 Open, 3 Pending, 4 Resolved, 5 Closed."),
      doc(integer("priority"), "1 Low, 2 Medium, 3 High, 4 Urgent."),
      doc(integer("source"), "1 Email, 2 Portal, 3 Phone, 7 Chat, 9 Feedback widget, 10 Outbound email."),
      string("type"),
      id("requester_id"),
      id("responder_id"),
      id("company_id"),
      id("group_id"),
      id("product_id"),
      id("email_config_id"),
      pii(array("cc_emails", DataTypes.StringType)),
      pii(array("fwd_emails", DataTypes.StringType)),
      pii(array("reply_cc_emails", DataTypes.StringType)),
      pii(array("to_emails", DataTypes.StringType)),
      array("tags", DataTypes.StringType),
      bool("fr_escalated"),
      bool("is_escalated"),
      doc(bool("spam"), "True for tickets marked spam; read through the API's spam filter."),
      doc(bool("deleted"), "True for tickets in the trash; their keys are reported as deletes instead."),
      timestamp("due_by"),
      timestamp("fr_due_by"),
      pii(array("attachments", ATTACHMENT)),
      customFields(),
      timestamp("created_at"),
      timestamp("updated_at"));

  static final StructType CONTACTS = schema(
      id("id"),
      pii(string("name")),
      pii(string("email")),
      pii(string("phone")),
      pii(string("mobile")),
      pii(string("twitter_id")),
      pii(string("unique_external_id")),
      pii(array("other_emails", DataTypes.StringType)),
      pii(string("address")),
      pii(string("description")),
      pii(string("job_title")),
      id("company_id"),
      bool("active"),
      bool("view_all_tickets"),
      string("language"),
      string("time_zone"),
      array("tags", DataTypes.StringType),
      customFields(),
      timestamp("created_at"),
      timestamp("updated_at"));

  static final StructType COMPANIES = schema(
      id("id"),
      string("name"),
      pii(string("description")),
      pii(string("note")),
      array("domains", DataTypes.StringType),
      string("health_score"),
      string("account_tier"),
      string("industry"),
      timestamp("renewal_date"),
      customFields(),
      timestamp("created_at"),
      timestamp("updated_at"));

  static final StructType CONVERSATIONS = schema(
      id("id"),
      doc(id("ticket_id"), "The ticket the conversation belongs to."),
      id("user_id"),
      pii(string("body")),
      pii(string("body_text")),
      bool("incoming"),
      bool("private"),
      doc(integer("source"), "0 Reply, 2 Note, 5 Tweet, 6 Survey feedback, 7 Facebook, 8 Forwarded email."),
      id("support_email_address_id"),
      pii(string("support_email")),
      pii(string("from_email")),
      pii(array("to_emails", DataTypes.StringType)),
      pii(array("cc_emails", DataTypes.StringType)),
      pii(array("bcc_emails", DataTypes.StringType)),
      pii(array("attachments", ATTACHMENT)),
      timestamp("created_at"),
      timestamp("updated_at"));

  static final StructType SATISFACTION_RATINGS = schema(
      id("id"),
      id("survey_id"),
      id("user_id"),
      id("agent_id"),
      id("group_id"),
      id("ticket_id"),
      pii(string("feedback")),
      doc(map("ratings", DataTypes.StringType), "Question to answer: default_question, question_<id>; 103 Extremely happy ... -103 Extremely unhappy."),
      timestamp("created_at"),
      timestamp("updated_at"));

  static final StructType TIME_ENTRIES = schema(
      id("id"),
      id("agent_id"),
      id("ticket_id"),
      id("company_id"),
      bool("billable"),
      bool("timer_running"),
      doc(string("time_spent"), "hh:mm."),
      timestamp("executed_at"),
      timestamp("start_time"),
      pii(string("note")),
      timestamp("created_at"),
      timestamp("updated_at"));

  static final StructType AGENTS = schema(
      id("id"),
      bool("available"),
      bool("occasional"),
      string("signature"),
      integer("ticket_scope"),
      string("type"),
      pii(io.tributary.api.Columns.struct("contact",
          string("name"), string("email"), string("phone"), string("mobile"), string("job_title"),
          string("language"), string("time_zone"), bool("active"))),
      array("group_ids", DataTypes.LongType),
      array("role_ids", DataTypes.LongType),
      array("skill_ids", DataTypes.LongType),
      timestamp("last_active_at"),
      timestamp("created_at"),
      timestamp("updated_at"));

  static final StructType GROUPS = schema(
      id("id"), string("name"), pii(string("description")), id("escalate_to"), string("unassigned_for"),
      id("business_hour_id"), array("agent_ids", DataTypes.LongType), integer("group_type"),
      bool("auto_ticket_assign"), timestamp("created_at"), timestamp("updated_at"));

  static final StructType ROLES = schema(
      id("id"), string("name"), pii(string("description")), bool("default"),
      timestamp("created_at"), timestamp("updated_at"));

  static final StructType PRODUCTS = schema(
      id("id"), string("name"), pii(string("description")), timestamp("created_at"), timestamp("updated_at"));

  static final StructType BUSINESS_HOURS = schema(
      id("id"), string("name"), pii(string("description")), bool("is_default"), string("time_zone"),
      map("business_hours", DataTypes.StringType), timestamp("created_at"), timestamp("updated_at"));

  static final StructType SLA_POLICIES = schema(
      id("id"), string("name"), pii(string("description")), bool("active"), bool("is_default"),
      integer("position"), map("sla_target", DataTypes.StringType), map("applicable_to", DataTypes.StringType),
      timestamp("created_at"), timestamp("updated_at"));

  static final StructType EMAIL_CONFIGS = schema(
      id("id"), string("name"), pii(string("reply_email")), pii(string("to_email")), id("product_id"),
      id("group_id"), bool("primary_role"), bool("active"), timestamp("created_at"), timestamp("updated_at"));

  static final StructType TICKET_FIELDS = schema(
      id("id"), string("name"), string("label"), pii(string("description")), string("type"),
      integer("position"), bool("required_for_closure"), bool("default"),
      timestamp("created_at"), timestamp("updated_at"));

  static final StructType SURVEYS = schema(
      id("id"), string("title"), bool("active"), timestamp("created_at"), timestamp("updated_at"));

  static final StructType SKILLS = schema(
      id("id"), string("name"), integer("rank"), timestamp("created_at"), timestamp("updated_at"));

  private static StructType schema(StructField... fields) {
    return new StructType(fields);
  }
}
