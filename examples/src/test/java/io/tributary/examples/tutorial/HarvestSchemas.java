package io.tributary.examples.tutorial;

import static io.tributary.api.Columns.bool;
import static io.tributary.api.Columns.date;
import static io.tributary.api.Columns.decimal;
import static io.tributary.api.Columns.doc;
import static io.tributary.api.Columns.id;
import static io.tributary.api.Columns.pii;
import static io.tributary.api.Columns.string;
import static io.tributary.api.Columns.struct;
import static io.tributary.api.Columns.timestamp;

import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/** The tutorial's schemas: field names as Harvest API v2 returns them; pii on names, emails and notes. */
final class HarvestSchemas {
  private HarvestSchemas() {}

  static final StructType CLIENTS = schema(
      id("id"), pii(string("name")), bool("is_active"), pii(string("address")), string("currency"),
      timestamp("created_at"), timestamp("updated_at"));

  static final StructType PROJECTS = schema(
      id("id"), struct("client", id("id"), pii(string("name")), string("currency")), string("name"), string("code"),
      bool("is_active"), bool("is_billable"), string("bill_by"), decimal("hourly_rate", 12, 2),
      decimal("budget", 12, 2), date("starts_on"), date("ends_on"), pii(string("notes")),
      timestamp("created_at"), timestamp("updated_at"));

  static final StructType TASKS = schema(
      id("id"), string("name"), bool("billable_by_default"), decimal("default_hourly_rate", 12, 2),
      bool("is_default"), bool("is_active"), timestamp("created_at"), timestamp("updated_at"));

  static final StructType USERS = schema(
      id("id"), pii(string("first_name")), pii(string("last_name")), pii(string("email")), string("timezone"),
      bool("is_contractor"), bool("is_active"), doc(id("weekly_capacity"), "Seconds per week."),
      decimal("cost_rate", 12, 2), timestamp("created_at"), timestamp("updated_at"));

  static final StructType TIME_ENTRIES = schema(
      id("id"), date("spent_date"), struct("user", id("id"), pii(string("name"))),
      struct("project", id("id"), string("name")), struct("task", id("id"), string("name")),
      decimal("hours", 10, 2), pii(string("notes")), bool("is_locked"), bool("is_running"), bool("billable"),
      timestamp("created_at"), timestamp("updated_at"));

  private static StructType schema(StructField... fields) {
    return new StructType(fields);
  }
}
