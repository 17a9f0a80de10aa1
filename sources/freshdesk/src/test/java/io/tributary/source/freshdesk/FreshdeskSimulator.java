package io.tributary.source.freshdesk;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.api.Json;
import io.tributary.testkit.sim.AuthCheck;
import io.tributary.testkit.sim.DataTable;
import io.tributary.testkit.sim.Dataset;
import io.tributary.testkit.sim.Endpoint;
import io.tributary.testkit.sim.Envelope;
import io.tributary.testkit.sim.Paging;
import io.tributary.testkit.sim.RateLimit;
import io.tributary.testkit.sim.SimClock;
import io.tributary.testkit.sim.Simulator;
import io.tributary.testkit.sim.Sort;
import io.tributary.testkit.sim.TableLayout;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Freshdesk API v2 as VENDOR_NOTES.md describes it: bare JSON arrays, {@code page}/{@code
 * per_page} (at most 100) with a {@code Link} header, the tickets list's 300-page wall and default
 * 30-day window, deleted and spam tickets hidden unless {@code filter=deleted|spam}, {@code
 * updated_since} with {@code order_by}/{@code order_type}, {@code _updated_since} on contacts,
 * {@code created_since} on ratings, Basic auth {@code api_key:X}, the plan's per-minute limit with
 * {@code X-Ratelimit-*} headers, and conversations that answer 404 once their ticket is gone.
 *
 * <p>Every seeded person has a name and an email from {@link #NAMES}, so a test can scan a
 * destination for them.
 */
final class FreshdeskSimulator implements AutoCloseable {
  static final String API_KEY = "fd-sim-key-3c51b8e0";
  static final String DOMAIN = "acme-support";
  static final Instant NOW = Instant.parse("2024-06-01T12:00:00Z");
  static final List<String> NAMES = List.of("Aoife Brennan", "Bartholomew Okafor", "Chiara Lindqvist",
      "Dmitri Vasquez", "Eulalie Nakamura", "Fergus Adeyemi");
  private static final Paging PAGING = Paging.pageNumber("page", "per_page").perPage(30, 100).withLinkHeader();
  static final List<String> SNAPSHOTS = List.of("companies", "time_entries", "agents", "groups", "roles",
      "products", "business_hours", "sla_policies", "email_configs", "ticket_fields", "surveys", "skills");

  private final Simulator server;
  private final Dataset data;
  private int mutations;

  private FreshdeskSimulator(int tickets, SimClock clock, int requestsPerMinute) {
    data = Dataset.seeded(7, clock);
    seed(tickets);
    Simulator.Builder builder = Simulator.builder(data)
        .auth(AuthCheck.basicApiKey(API_KEY))
        .rateLimit(RateLimit.perMinute(requestsPerMinute)
            .withHeaders("X-Ratelimit-Total", "X-Ratelimit-Remaining", "X-Ratelimit-Used-CurrentRequest"))
        .errors((status, code, message) -> status == 400
            ? Json.object().put("description", "Validation failed").set("errors", Json.MAPPER.createArrayNode()
                .add(Json.object().put("field", "page").put("message", message).put("code", code))).toString()
            : Json.object().put("code", code).put("message", message).toString());
    builder.endpoint(Endpoint.list("/api/v2/tickets", table("tickets"))
        .paging(PAGING.maxPage(300))
        .since("updated_since", "updated_at")
        .hiddenUnless("filter", "deleted", "deleted")
        .hiddenUnless("filter", "spam", "spam")
        .defaultWindow("created_at", Duration.ofDays(30))
        .sortParams("order_by", "order_type", "created_at", "updated_at")
        .sortBy(Sort.desc("created_at")));
    builder.endpoint(Endpoint.list("/api/v2/tickets/{id}/conversations", table("conversations"))
        .pathField("id", "ticket_id").parent(table("tickets")).paging(PAGING));
    builder.endpoint(Endpoint.list("/api/v2/contacts", table("contacts"))
        .paging(PAGING).since("_updated_since", "updated_at"));
    builder.endpoint(Endpoint.list("/api/v2/surveys/satisfaction_ratings", table("satisfaction_ratings"))
        .paging(PAGING).since("created_since", "created_at"));
    for (String name : SNAPSHOTS) {
      builder.endpoint(Endpoint.list(name.equals("skills") ? "/api/v2/admin/skills" : "/api/v2/" + name, table(name))
          .paging(PAGING));
    }
    server = builder.start();
  }

  static FreshdeskSimulator start() {
    return new FreshdeskSimulator(150, SimClock.at(NOW), 1_000_000);
  }

  static FreshdeskSimulator start(int tickets, SimClock clock) {
    return new FreshdeskSimulator(tickets, clock, 1_000_000);
  }

  Map<String, String> connectionOptions() {
    Map<String, String> options = new LinkedHashMap<>();
    options.put("api_key", API_KEY);
    options.put("domain", DOMAIN);
    options.put("base_url", server.baseUrl());
    options.put("requests_per_minute", "600000");
    return options;
  }

  Simulator server() {
    return server;
  }

  DataTable table(String name) {
    return data.table(name);
  }

  SimClock clock() {
    return data.clock();
  }

  /** One step later: tickets updated, inserted, deleted and marked spam; a contact and a company changed. */
  String mutate(Duration step) {
    mutations++;
    clock().advance(step);
    DataTable tickets = table("tickets");
    List<Long> picked = tickets.pickIds(5);
    tickets.update(picked.get(0), t -> t.put("status", 4));
    tickets.update(picked.get(1), t -> t.put("priority", 4));
    tickets.softDelete(picked.get(2));
    tickets.update(picked.get(3), t -> t.put("spam", true));
    long reply = picked.get(4);
    conversation(reply, new Random(mutations));
    tickets.update(reply, t -> t.put("status", 3));
    ObjectNode inserted = tickets.insert((id, r) -> ticket(id, r));
    conversation(inserted.path("id").asLong(), new Random(mutations + 100));
    table("contacts").update(table("contacts").pickIds(1).get(0), c -> c.put("job_title", "Head of Ops"));
    table("contacts").insert((id, r) -> contact(id, r));
    table("companies").hardDelete(table("companies").pickIds(1).get(0));
    table("satisfaction_ratings").insert((id, r) -> rating(id, r));
    return "freshdesk mutation " + mutations + ": 3 tickets updated, 1 inserted, 1 deleted, 1 marked "
        + "spam, 2 replies; 1 contact updated, 1 added; 1 company removed; 1 rating added";
  }

  @Override
  public void close() {
    server.close();
  }

  static String person(long id) {
    return NAMES.get((int) (id % NAMES.size()));
  }

  static String email(long id) {
    return person(id).toLowerCase().replace(' ', '.') + id + "@example.org";
  }

  private void seed(int tickets) {
    DataTable t = data.table("tickets", TableLayout.standard().withDeletedFlag("deleted"));
    t.seed(tickets, 3, Duration.ofDays(400), this::ticket);
    t.softDelete(4);
    t.softDelete(5);
    t.update(7, r -> r.put("spam", true));
    DataTable conversations = data.table("conversations", TableLayout.standard());
    Random random = new Random(11);
    List<ObjectNode> live = t.records();
    for (ObjectNode ticket : live.subList(Math.max(0, live.size() - 40), live.size())) {
      conversation(ticket.path("id").asLong(), random);
    }
    data.table("contacts", TableLayout.standard()).seed(30, 3, Duration.ofDays(200), this::contact);
    data.table("satisfaction_ratings", TableLayout.standard()).seed(12, 2, Duration.ofDays(60), this::rating);
    for (String name : SNAPSHOTS) {
      data.table(name, TableLayout.standard()).seed(name.equals("companies") || name.equals("time_entries") ? 12 : 4,
          1, Duration.ofDays(90), (id, r) -> snapshot(name, id, r));
    }
  }

  private ObjectNode ticket(long id, Random r) {
    ObjectNode t = Json.object()
        .put("subject", "Refund for order " + (7000 + id) + " from " + person(id))
        .put("description", "<div>Hi, this is " + person(id) + ", reach me at " + email(id) + "</div>")
        .put("description_text", "Hi, this is " + person(id) + ", reach me at " + email(id))
        .put("status", 2 + r.nextInt(4)).put("priority", 1 + r.nextInt(4)).put("source", 1 + r.nextInt(3))
        .put("type", r.nextBoolean() ? "Question" : "Problem")
        .put("requester_id", 1 + r.nextInt(30)).put("responder_id", 100 + r.nextInt(4))
        .put("company_id", 1 + r.nextInt(12)).put("group_id", 1 + r.nextInt(4)).put("product_id", 1 + r.nextInt(4))
        .put("email_config_id", 1 + r.nextInt(4))
        .put("fr_escalated", r.nextBoolean()).put("is_escalated", false).put("spam", false)
        .put("due_by", "2024-06-10T10:00:00Z").put("fr_due_by", "2024-06-05T10:00:00Z");
    t.putArray("cc_emails").add(email(id + 1));
    t.putArray("fwd_emails").add(email(id + 2));
    t.putArray("reply_cc_emails").add(email(id + 1));
    t.putArray("to_emails").add("support@acme-support.example");
    t.putArray("tags").add(r.nextBoolean() ? "refund" : "billing");
    t.putArray("attachments").addObject().put("id", 9000 + id).put("name", person(id) + " receipt.pdf")
        .put("content_type", "application/pdf").put("size", 1000 + r.nextInt(9000))
        .put("attachment_url", "https://files.example/" + id).put("created_at", "2024-05-01T00:00:00Z")
        .put("updated_at", "2024-05-01T00:00:00Z");
    t.putObject("custom_fields").put("cf_order_number", "ORD-" + (7000 + id)).put("cf_callback_name", person(id));
    return t;
  }

  private void conversation(long ticketId, Random r) {
    table("conversations").insert((id, rnd) -> {
      ObjectNode c = Json.object().put("ticket_id", ticketId).put("user_id", 1 + r.nextInt(30))
          .put("body", "<p>Thanks " + person(ticketId) + "</p>").put("body_text", "Thanks " + person(ticketId))
          .put("incoming", r.nextBoolean()).put("private", false).put("source", 0)
          .put("support_email_address_id", 1).put("support_email", "support@acme-support.example")
          .put("from_email", email(ticketId));
      c.putArray("to_emails").add(email(ticketId));
      c.putArray("cc_emails");
      c.putArray("bcc_emails");
      c.putArray("attachments");
      return c;
    });
  }

  private ObjectNode contact(long id, Random r) {
    ObjectNode c = Json.object().put("name", person(id)).put("email", email(id))
        .put("phone", "+353 1 555 " + (1000 + id)).put("mobile", "+353 87 555 " + (1000 + id))
        .put("twitter_id", "@" + person(id).replace(" ", "")).put("unique_external_id", "EXT-" + id)
        .put("address", id + " Quay Street, " + person(id)).put("description", "VIP: " + person(id))
        .put("job_title", "Buyer").put("company_id", 1 + r.nextInt(12)).put("active", true)
        .put("view_all_tickets", false).put("language", "en").put("time_zone", "Dublin");
    c.putArray("other_emails").add(email(id + 7));
    c.putArray("tags").add("customer");
    c.putObject("custom_fields").put("cf_loyalty", "gold");
    return c;
  }

  private ObjectNode rating(long id, Random r) {
    ObjectNode s = Json.object().put("survey_id", 1).put("user_id", 1 + r.nextInt(30)).put("agent_id", 100)
        .put("group_id", 1).put("ticket_id", 1 + r.nextInt(100)).put("feedback", "Great help from " + person(id));
    s.putObject("ratings").put("default_question", 103);
    return s;
  }

  private ObjectNode snapshot(String table, long id, Random r) {
    ObjectNode o = Json.object();
    switch (table) {
      case "companies" -> {
        o.put("name", "Company " + id).put("description", "Key account of " + person(id))
            .put("note", "Call " + person(id)).put("health_score", "Happy").put("account_tier", "Premium")
            .put("industry", "Retail").put("renewal_date", "2025-01-01T00:00:00Z");
        o.putArray("domains").add("company" + id + ".example");
        o.putObject("custom_fields").put("cf_region", "EU");
      }
      case "time_entries" -> o.put("agent_id", 100).put("ticket_id", 1 + r.nextInt(100)).put("company_id", 1)
          .put("billable", true).put("timer_running", false).put("time_spent", "01:30")
          .put("executed_at", "2024-05-01T10:00:00Z").put("start_time", "2024-05-01T08:30:00Z")
          .put("note", "Called " + person(id));
      case "agents" -> {
        o.put("available", true).put("occasional", false).put("signature", "Support team")
            .put("ticket_scope", 1).put("type", "support_agent").put("last_active_at", "2024-05-31T10:00:00Z");
        o.putObject("contact").put("name", person(id)).put("email", email(id)).put("phone", "+353 1 000")
            .put("mobile", "+353 87 000").put("job_title", "Agent").put("language", "en")
            .put("time_zone", "Dublin").put("active", true);
        o.putArray("group_ids").add(1);
        o.putArray("role_ids").add(1);
        o.putArray("skill_ids").add(1);
      }
      case "groups" -> {
        o.put("name", "Group " + id).put("description", "Tier " + id).put("escalate_to", 100)
            .put("unassigned_for", "30m").put("business_hour_id", 1).put("group_type", 1).put("auto_ticket_assign", false);
        o.putArray("agent_ids").add(100);
      }
      case "roles" -> o.put("name", "Role " + id).put("description", "Role").put("default", id == 1);
      case "products", "surveys", "skills" -> {
        o.put(table.equals("surveys") ? "title" : "name", table + " " + id);
        if (table.equals("products")) {
          o.put("description", "Product " + id);
        } else if (table.equals("surveys")) {
          o.put("active", id == 1);
        } else {
          o.put("rank", (int) id);
        }
      }
      case "business_hours" -> {
        o.put("name", "Hours " + id).put("description", "Office").put("is_default", id == 1).put("time_zone", "Dublin");
        o.putObject("business_hours").put("monday", "09:00-17:00");
      }
      case "sla_policies" -> {
        o.put("name", "SLA " + id).put("description", "Default").put("active", true).put("is_default", id == 1)
            .put("position", (int) id);
        o.putObject("sla_target").put("priority_4", "1h");
        o.putObject("applicable_to").put("company_ids", "1");
      }
      case "email_configs" -> o.put("name", "Mailbox " + id).put("reply_email", "support" + id + "@acme-support.example")
          .put("to_email", "support" + id + "@acme-support.freshdesk.com").put("product_id", 1).put("group_id", 1)
          .put("primary_role", id == 1).put("active", true);
      case "ticket_fields" -> o.put("name", "field_" + id).put("label", "Field " + id).put("description", "A field")
          .put("type", "default_status").put("position", (int) id).put("required_for_closure", false).put("default", true);
      default -> throw new IllegalArgumentException(table);
    }
    return o;
  }

  /** All seeded values a pii=drop destination must not hold: every name and email. */
  static List<String> personalValues(int maxId) {
    List<String> values = new ArrayList<>(NAMES);
    for (long id = 0; id <= maxId + 10; id++) {
      values.add(email(id));
    }
    return values;
  }
}
