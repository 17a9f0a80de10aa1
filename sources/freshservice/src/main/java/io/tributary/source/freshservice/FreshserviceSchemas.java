package io.tributary.source.freshservice;

import static io.tributary.api.Columns.array;
import static io.tributary.api.Columns.bool;
import static io.tributary.api.Columns.column;
import static io.tributary.api.Columns.doc;
import static io.tributary.api.Columns.id;
import static io.tributary.api.Columns.pii;
import static io.tributary.api.Columns.string;
import static io.tributary.api.Columns.struct;
import static io.tributary.api.Columns.timestamp;

import io.tributary.api.Columns;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The static schema of every table, field names as the API v2 returns them (see VENDOR_NOTES.md).
 * Ids are longs, timestamps UTC timestamps, money and percentages DECIMAL(10,2), nested objects
 * structs and lists arrays. The instance-specific column ({@code custom_fields}, {@code
 * type_fields}) is declared here as a map; {@link FreshserviceCustomFields} retypes it per table
 * options.
 */
final class FreshserviceSchemas {
  private FreshserviceSchemas() {}

  static final StructType TICKETS = record(
      id("workspace_id"),
      pii(string("subject")),
      pii(string("description")),
      pii(string("description_text")),
      doc(string("type"), "Incident or Service Request."),
      doc(integer("status"), "2 Open, 3 Pending, 4 Resolved, 5 Closed."),
      doc(integer("priority"), "1 Low, 2 Medium, 3 High, 4 Urgent."),
      doc(integer("source"), "1 Email, 2 Portal, 3 Phone, 4 Chat, 5 Feedback widget, ..."),
      integer("urgency"),
      integer("impact"),
      id("requester_id"),
      id("requested_for_id"),
      id("responder_id"),
      id("group_id"),
      id("department_id"),
      id("email_config_id"),
      string("category"),
      string("sub_category"),
      string("item_category"),
      timestamp("due_by"),
      timestamp("fr_due_by"),
      bool("fr_escalated"),
      bool("is_escalated"),
      doc(bool("spam"), "True for tickets marked spam; read through the API's spam filter."),
      doc(bool("deleted"), "True for trashed tickets; their keys are also reported as deletes."),
      pii(array("cc_emails", DataTypes.StringType)),
      pii(array("fwd_emails", DataTypes.StringType)),
      pii(array("reply_cc_emails", DataTypes.StringType)),
      pii(array("to_emails", DataTypes.StringType)),
      array("tags", DataTypes.StringType),
      array("attachments", new StructType(new StructField[] {
          id("id"), string("name"), id("size"), string("content_type"),
          string("attachment_url"), timestamp("created_at"), timestamp("updated_at")})),
      customFields());

  static final StructType PROBLEMS = itilRecord(List.of("agent_id", "requester_id", "group_id", "department_id"),
      "1 Open, 2 Change Requested, 3 Closed.",
      integer("impact"),
      bool("known_error"),
      timestamp("due_by"),
      string("category"),
      string("sub_category"),
      string("item_category"),
      id("associated_change"),
      struct("analysis_fields",
          richText("problem_cause"), richText("problem_symptom"), richText("problem_impact")));

  static final StructType CHANGES = itilRecord(List.of("agent_id", "requester_id", "group_id", "department_id"),
      "1 Open, 2 Planning, 3 Approval, 4 Pending Release, 5 Pending Review, 6 Closed.",
      integer("impact"),
      integer("risk"),
      doc(integer("change_type"), "1 Minor, 2 Standard, 3 Major, 4 Emergency."),
      integer("approval_status"),
      timestamp("planned_start_date"),
      timestamp("planned_end_date"),
      string("category"),
      string("sub_category"),
      string("item_category"),
      struct("planning_fields",
          richText("reason_for_change"), richText("change_impact"),
          richText("rollout_plan"), richText("backout_plan")));

  static final StructType RELEASES = itilRecord(List.of("agent_id", "group_id", "department_id"),
      "1 Open, 2 On hold, 3 In Progress, 4 Incomplete, 5 Completed.",
      doc(integer("release_type"), "1 Minor, 2 Standard, 3 Major, 4 Emergency."),
      timestamp("planned_start_date"),
      timestamp("planned_end_date"),
      timestamp("work_start_date"),
      timestamp("work_end_date"),
      string("category"),
      string("sub_category"),
      string("item_category"),
      array("associated_changes", DataTypes.LongType),
      struct("planning_fields", richText("build_plan"), richText("test_plan")));

  static final StructType LOCATIONS = record(
      string("name"), id("parent_location_id"), id("primary_contact_id"), address());

  static final StructType PRODUCTS = record(
      string("name"),
      id("asset_type_id"),
      string("manufacturer"),
      string("status"),
      string("mode_of_procurement"),
      id("depreciation_type_id"),
      string("description"),
      string("description_text"));

  static final StructType VENDORS = record(
      string("name"), string("description"), id("primary_contact_id"), address());

  static final StructType ASSETS = record(
      id("display_id"),
      string("name"),
      string("description"),
      id("asset_type_id"),
      string("asset_tag"),
      string("impact"),
      string("author_type"),
      string("usage_type"),
      id("user_id"),
      id("location_id"),
      id("department_id"),
      id("agent_id"),
      id("group_id"),
      timestamp("assigned_on"),
      doc(Columns.map("type_fields", DataTypes.StringType),
          "Asset-type fields; their names end in the asset type id, so they differ per account."));

  static final StructType PURCHASE_ORDERS = record(
      id("vendor_id"),
      string("name"),
      string("po_number"),
      string("vendor_details"),
      timestamp("expected_delivery_date"),
      id("created_by"),
      doc(integer("status"), "20 Open, 25 Ordered, 30 Received, 35 Partially received, 40 Cancelled."),
      pii(string("shipping_address")),
      pii(string("billing_address")),
      bool("billing_same_as_shipping"),
      string("currency_code"),
      money("conversion_rate"),
      id("department_id"),
      money("discount_percentage"),
      money("tax_percentage"),
      money("shipping_cost"),
      money("total_cost"),
      array("purchase_items", new StructType(new StructField[] {
          integer("item_type"), id("item_id"), string("item_name"), string("description"),
          money("cost"), id("quantity"), money("tax_percentage"), id("received")})),
      customFields());

  static final StructType SOFTWARE = record(
      id("workspace_id"),
      string("name"),
      string("description"),
      string("application_type"),
      string("status"),
      id("publisher_id"),
      id("managed_by_id"),
      string("notes"),
      string("category"),
      array("sources", DataTypes.StringType),
      id("user_count"),
      id("installation_count"));

  static final StructType REQUESTED_ITEMS = record(
      doc(id("ticket_id"), "The service request ticket; added by the connector."),
      id("service_item_id"),
      string("service_item_name"),
      id("quantity"),
      doc(integer("stage"), "1 Requested, 2 Delivered, 3 Cancelled, 4 Fulfilled, 5 Partially Fulfilled."),
      bool("loaned"),
      money("cost_per_request"),
      pii(string("remarks")),
      doc(id("delivery_time"), "Hours."),
      bool("is_parent"),
      customFields());

  static final StructType AGENTS = record(
      pii(string("first_name")),
      pii(string("last_name")),
      pii(string("email")),
      bool("occasional"),
      bool("active"),
      string("job_title"),
      pii(string("work_phone_number")),
      pii(string("mobile_phone_number")),
      array("department_ids", DataTypes.LongType),
      id("reporting_manager_id"),
      pii(string("address")),
      string("time_zone"),
      string("time_format"),
      string("language"),
      id("location_id"),
      pii(string("background_information")),
      id("scoreboard_level_id"),
      array("member_of", DataTypes.LongType),
      array("observer_of", DataTypes.LongType),
      array("roles", new StructType(new StructField[] {
          id("role_id"), string("assignment_scope"), array("groups", DataTypes.LongType)})),
      timestamp("last_login_at"),
      timestamp("last_active_at"),
      bool("has_logged_in"),
      customFields());

  static final StructType REQUESTERS = record(
      pii(string("first_name")),
      pii(string("last_name")),
      pii(string("primary_email")),
      pii(array("secondary_emails", DataTypes.StringType)),
      string("job_title"),
      pii(string("work_phone_number")),
      pii(string("mobile_phone_number")),
      array("department_ids", DataTypes.LongType),
      bool("can_see_all_tickets_from_associated_departments"),
      id("reporting_manager_id"),
      pii(string("address")),
      string("time_zone"),
      string("time_format"),
      string("language"),
      id("location_id"),
      pii(string("background_information")),
      bool("active"),
      bool("has_logged_in"),
      bool("is_agent"),
      customFields());

  static final StructType DEPARTMENTS = record(
      string("name"),
      string("description"),
      id("head_user_id"),
      id("prime_user_id"),
      array("domains", DataTypes.StringType),
      customFields());

  static final StructType GROUPS = record(
      string("name"),
      string("description"),
      id("escalate_to"),
      string("unassigned_for"),
      id("business_hours_id"),
      array("members", DataTypes.LongType),
      array("observers", DataTypes.LongType),
      array("leaders", DataTypes.LongType),
      bool("restricted"),
      bool("approval_required"),
      bool("auto_ticket_assign"));

  /**
   * A problem, change or release: its workspace and the owners it lists, the subject and
   * description (personal), the status with the values it takes and the priority; then its own
   * fields; then its custom fields and timestamps.
   */
  private static StructType itilRecord(List<String> owners, String statuses, StructField... own) {
    List<StructField> fields = new ArrayList<>(List.of(id("workspace_id")));
    owners.forEach(owner -> fields.add(id(owner)));
    fields.addAll(List.of(pii(string("subject")), pii(string("description")), pii(string("description_text")),
        doc(integer("status"), statuses), integer("priority")));
    fields.addAll(List.of(own));
    fields.add(customFields());
    return record(fields.toArray(StructField[]::new));
  }

  /**
   * A record's schema as the API returns it: the id every record starts with, its own fields, then
   * the created_at and updated_at every record ends with.
   */
  private static StructType record(StructField... fields) {
    List<StructField> all = new ArrayList<>(List.of(id("id")));
    all.addAll(List.of(fields));
    all.addAll(List.of(timestamp("created_at"), timestamp("updated_at")));
    return new StructType(all.toArray(StructField[]::new));
  }

  private static StructField integer(String name) {
    return column(name, DataTypes.IntegerType);
  }

  private static StructField money(String name) {
    return Columns.decimal(name, 10, 2);
  }

  /** A rich-text section of a problem, change or release form. */
  private static StructField richText(String name) {
    return struct(name, pii(string("description")), pii(string("description_text")));
  }

  private static StructField address() {
    return struct("address", string("line1"), string("line2"), string("city"), string("state"),
        string("country"), string("zipcode"));
  }

  private static StructField customFields() {
    return Columns.map("custom_fields", DataTypes.StringType);
  }
}
