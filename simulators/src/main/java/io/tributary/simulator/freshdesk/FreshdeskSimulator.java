package io.tributary.simulator.freshdesk;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.api.Json;
import io.tributary.simulator.AuthCheck;
import io.tributary.simulator.DataTable;
import io.tributary.simulator.Dataset;
import io.tributary.simulator.Endpoint;
import io.tributary.simulator.Envelope;
import io.tributary.simulator.Handler;
import io.tributary.simulator.Paging;
import io.tributary.simulator.RateLimit;
import io.tributary.simulator.SimClock;
import io.tributary.simulator.SimRequest;
import io.tributary.simulator.SimResponse;
import io.tributary.simulator.Simulator;
import io.tributary.simulator.TableLayout;
import io.tributary.simulator.TimeFormat;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

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
 *
 * <p>The tickets list follows the vendor's documentation and, where it is silent, the harsher
 * reading (each one marked <b>harsh</b>):
 * <ul>
 *   <li>Page numbers above 300 answer 400 with Freshdesk's validation body, field {@code page},
 *       code {@code invalid_value}, message "You cannot access tickets beyond the 300th page.
 *       Please provide a smaller page number." (the body users report from the live API; the
 *       docs say "a maximum of 300 pages" is returned).
 *   <li><b>harsh</b>: page 300 never carries {@code Link: rel="next"}, even when more tickets
 *       match: the docs promise no link to a page that cannot be fetched. Earlier pages carry it
 *       while more tickets exist.
 *   <li><b>harsh</b>: {@code updated_since} is exclusive, {@code updated_at > updated_since}. The
 *       docs say only "updated since"; exclusive is the reading under which a client that asks
 *       again from the last {@code updated_at} it saw loses that second's other tickets.
 *   <li>Without {@code updated_since}, only tickets created in the last 30 days are listed; this
 *       holds for {@code filter=spam} and {@code filter=deleted} too.
 *   <li>Deleted and spam tickets are left out of the default list; {@code filter=deleted} lists
 *       only deleted ones, {@code filter=spam} only spam that is not deleted.
 *   <li><b>harsh</b>: {@code filter=spam} and {@code filter=deleted} combine with {@code
 *       updated_since} (otherwise spam older than 30 days could never be read), but ignore
 *       {@code order_by}/{@code order_type}: those lists always come newest-created first, the
 *       documented default order. The docs list the parameters side by side without saying
 *       they combine.
 *   <li>Ties in the sort order come back in id order within one request.
 * </ul>
 *
 * <p>{@link #wallAccount} builds an account whose tie block straddles the 300-page wall.
 */
public final class FreshdeskSimulator implements AutoCloseable {
  /** The collections this simulator serves, by resource name: what the demo ingests from it. */
  public static final List<String> TABLES = List.of(
      "tickets", "contacts", "companies", "conversations", "satisfaction_ratings", "time_entries",
      "agents", "groups", "roles", "products", "business_hours", "sla_policies", "email_configs",
      "ticket_fields", "surveys", "skills");
  public static final String API_KEY = "fd-sim-key-3c51b8e0";
  public static final String DOMAIN = "acme-support";
  public static final Instant NOW = Instant.parse("2024-06-01T12:00:00Z");
  static final List<String> NAMES = List.of("Aoife Brennan", "Bartholomew Okafor", "Chiara Lindqvist",
      "Dmitri Vasquez", "Eulalie Nakamura", "Fergus Adeyemi");
  private static final Paging PAGING = Paging.pageNumber("page", "per_page").perPage(30, 100).withLinkHeader();
  static final List<String> SNAPSHOTS = List.of("companies", "time_entries", "agents", "groups", "roles",
      "products", "business_hours", "sla_policies", "email_configs", "ticket_fields", "surveys", "skills");

  /** The list's page cap: Freshdesk refuses page numbers above it. */
  static final int MAX_PAGE = 300;

  /**
   * The shape of a {@link #wallAccount}: in the {@code updated_at}-ascending default list at
   * {@code perPage}, the tickets {@code tiedIds} share {@code tiedUpdatedAt} and occupy list
   * positions (0-based) {@code tieStart} to {@code tieStart + tiedIds.size() - 1}, across {@code
   * wallPosition = 300 * perPage}, the first position no page can reach.
   */
  public record WallShape(int perPage, int wallPosition, int tieStart, List<Long> tiedIds, String tiedUpdatedAt) {
    public WallShape {
      tiedIds = List.copyOf(tiedIds);
    }
  }

  /** What {@link #changeWallAccount()} did, by kind; each id once. */
  public record WallChange(List<Long> updated, List<Long> inserted, List<Long> markedSpam, List<Long> deleted,
      String at) {
    public WallChange {
      updated = List.copyOf(updated);
      inserted = List.copyOf(inserted);
      markedSpam = List.copyOf(markedSpam);
      deleted = List.copyOf(deleted);
    }
  }

  private final Simulator server;
  private final Dataset data;
  private int mutations;
  private WallShape wall;

  private FreshdeskSimulator(int tickets, SimClock clock, int requestsPerMinute) {
    this(tickets, 0, 0, clock, requestsPerMinute);
  }

  private FreshdeskSimulator(int tickets, int tied, int perPage, SimClock clock, int requestsPerMinute) {
    data = Dataset.seeded(7, clock);
    if (tied > 0) {
      seedWall(tickets, tied, perPage);
    }
    seed(tickets);
    Simulator.Builder builder = Simulator.builder(data)
        .auth(AuthCheck.basicApiKey(API_KEY))
        .rateLimit(RateLimit.perMinute(requestsPerMinute)
            .withHeaders("X-Ratelimit-Total", "X-Ratelimit-Remaining", "X-Ratelimit-Used-CurrentRequest"))
        .errors((status, code, message) -> status == 400
            ? Json.object().put("description", "Validation failed").set("errors", Json.MAPPER.createArrayNode()
                .add(Json.object().put("field", "page").put("message", message).put("code", code))).toString()
            : Json.object().put("code", code).put("message", message).toString());
    builder.endpoint(Endpoint.custom("/api/v2/tickets", new TicketList(table("tickets"), clock)));
    builder.endpoint(Endpoint.list("/api/v2/tickets/{id}/conversations", table("conversations"))
        .pathField("id", "ticket_id").parent(table("tickets")).paging(PAGING));
    builder.endpoint(Endpoint.list("/api/v2/contacts", table("contacts"))
        .paging(PAGING).since("_updated_since", "updated_at"));
    builder.endpoint(Endpoint.list("/api/v2/surveys/satisfaction_ratings", table("satisfaction_ratings"))
        .paging(PAGING).since("created_since", "created_at"));
    // "View Me" (GET /api/v2/agents/me): the agent the API key belongs to; here the first agent.
    builder.endpoint(Endpoint.custom("/api/v2/agents/me", request -> SimResponse.json(200, me())));
    for (String name : SNAPSHOTS) {
      builder.endpoint(Endpoint.list(name.equals("skills") ? "/api/v2/admin/skills" : "/api/v2/" + name, table(name))
          .paging(PAGING));
    }
    server = builder.start();
  }

  public static FreshdeskSimulator start() {
    return new FreshdeskSimulator(150, SimClock.at(NOW), 1_000_000);
  }

  public static FreshdeskSimulator start(int tickets, SimClock clock) {
    return new FreshdeskSimulator(tickets, clock, 1_000_000);
  }

  /**
   * An account shaped to break the 300-page wall: {@code tickets} tickets in the default list,
   * {@code tiedTickets} of which share one {@code updated_at} and straddle the boundary between
   * page 300 and page 301 of {@code order_by=updated_at&order_type=asc&updated_since=<epoch>} at
   * {@code perPage} (half before it, half after). On top, hidden from that list: spam tickets
   * (one per 200 listed, at least 5) and deleted ones (one per 500, at least 3), spread over the
   * whole 400 days, one spam ticket in the tie's second and the most recent update of all a spam
   * ticket's. Ids are shuffled against update order, as creation and update order differ. The
   * other tables are seeded as in {@link #start()}.
   *
   * <p>The real shape is {@code wallAccount(32_500, 501, 100)}; {@code wallAccount(3_500, 51, 10)}
   * is the same at a tenth of the size, fast enough for unit tests. See {@link #wallShape()}.
   */
  public static FreshdeskSimulator wallAccount(int tickets, int tiedTickets, int perPage) {
    return new FreshdeskSimulator(tickets, tiedTickets, perPage, SimClock.at(NOW), 1_000_000);
  }

  /** The shape of a {@link #wallAccount}; fails for other simulators. */
  public WallShape wallShape() {
    if (wall == null) {
      throw new IllegalStateException("Cannot describe the wall: this simulator is not a wallAccount");
    }
    return wall;
  }

  public Map<String, String> connectionOptions() {
    Map<String, String> options = new LinkedHashMap<>();
    options.put("api_key", API_KEY);
    options.put("domain", DOMAIN);
    options.put("base_url", server.baseUrl());
    options.put("requests_per_minute", "600000");
    return options;
  }

  public Simulator server() {
    return server;
  }

  /** The agent {@link #API_KEY} belongs to, as {@code GET /api/v2/agents/me} answers: the lowest id. */
  public ObjectNode me() {
    return table("agents").records().stream()
        .min(java.util.Comparator.comparingLong(a -> a.path("id").asLong()))
        .orElseThrow(() -> new IllegalStateException("Cannot answer agents/me: the account has no agents"));
  }

  public DataTable table(String name) {
    return data.table(name);
  }

  public SimClock clock() {
    return data.clock();
  }

  /** One step later: tickets updated, inserted, deleted and marked spam; a contact and a company changed. */
  public String mutate(Duration step) {
    mutations++;
    clock().advance(step);
    DataTable tickets = table("tickets");
    List<Long> picked = tickets.pickIds(5);
    touch(picked.get(0), t -> t.put("status", 4));
    touch(picked.get(1), t -> t.put("priority", 4));
    touch(picked.get(2), t -> t.put("deleted", true));
    touch(picked.get(3), t -> t.put("spam", true));
    long reply = picked.get(4);
    conversation(reply, new Random(mutations));
    touch(reply, t -> t.put("status", 3));
    ObjectNode inserted = insertTicket();
    conversation(inserted.path("id").asLong(), new Random(mutations + 100));
    table("contacts").update(table("contacts").pickIds(1).get(0), c -> c.put("job_title", "Head of Ops"));
    table("contacts").insert((id, r) -> contact(id, r));
    table("companies").hardDelete(table("companies").pickIds(1).get(0));
    table("satisfaction_ratings").insert((id, r) -> rating(id, r));
    return "freshdesk mutation " + mutations + ": 3 tickets updated, 1 inserted, 1 deleted, 1 marked "
        + "spam, 2 replies; 1 contact updated, 1 added; 1 company removed; 1 rating added";
  }

  /**
   * Changes a {@link #wallAccount} between runs, stamped at the clock's current second (move the
   * clock first for a later run): two tickets of the tie block and the tickets just before and
   * just after it are updated, one more tie ticket is marked spam and another deleted, both of
   * which shift every later list position; one old ticket is updated, one is deleted, one marked
   * spam, and three tickets are inserted. Returns the ids by kind.
   */
  public WallChange changeWallAccount() {
    WallShape shape = wallShape();
    DataTable tickets = table("tickets");
    List<ObjectNode> listed = new ArrayList<>(tickets.select(t -> !t.path("spam").asBoolean(false)
        && !t.path("deleted").asBoolean(false)));
    listed.sort(java.util.Comparator.<ObjectNode, String>comparing(t -> t.path("updated_at").asText())
        .thenComparingLong(t -> t.path("id").asLong()));
    List<Long> tie = listed.stream().filter(t -> t.path("updated_at").asText().equals(shape.tiedUpdatedAt()))
        .map(t -> t.path("id").asLong()).toList();
    if (tie.size() < 4) {
        throw new IllegalStateException("Cannot change the wall account again: only " + tie.size()
            + " tickets are left in the tie block");
    }
    int first = 0;
    while (!listed.get(first).path("updated_at").asText().equals(shape.tiedUpdatedAt())) {
      first++;
    }
    long before = listed.get(first - 1).path("id").asLong();
    long after = listed.get(Math.min(listed.size() - 1, first + tie.size())).path("id").asLong();
    long old = listed.get(first / 2).path("id").asLong();
    long oldDeleted = listed.get(first / 3).path("id").asLong();
    long oldSpam = listed.get(first / 4).path("id").asLong();
    List<Long> updated = List.of(tie.get(0), tie.get(tie.size() - 1), before, after, old);
    List<Long> spam = List.of(tie.get(1), oldSpam);
    List<Long> deleted = List.of(tie.get(2), oldDeleted);
    updated.forEach(id -> touch(id, t -> t.put("status", 4)));
    spam.forEach(id -> touch(id, t -> t.put("spam", true)));
    deleted.forEach(id -> touch(id, t -> t.put("deleted", true)));
    List<Long> inserted = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      inserted.add(insertTicket().path("id").asLong());
    }
    return new WallChange(updated, inserted, spam, deleted, clock().instant().toString());
  }

  @Override
  public void close() {
    server.close();
  }

  /** Applies {@code change} and stamps {@code updated_at} now, whatever the table's layout. */
  private void touch(long id, java.util.function.Consumer<ObjectNode> change) {
    String now = clock().instant().toString();
    table("tickets").update(id, t -> {
      change.accept(t);
      t.put("updated_at", now);
    });
  }

  /** A new ticket created and updated now, whatever the table's layout. */
  private ObjectNode insertTicket() {
    String now = clock().instant().toString();
    return table("tickets").insert((id, r) -> ticket(id, r).put("created_at", now).put("updated_at", now));
  }

  /**
   * Seeds the tickets of a {@link #wallAccount}. The table stamps no timestamps itself, so that
   * each ticket's {@code updated_at} can be placed exactly; {@link #touch} stamps later changes.
   */
  private void seedWall(int listed, int tied, int perPage) {
    int wallPosition = MAX_PAGE * perPage;
    int tieStart = wallPosition - tied / 2;
    if (perPage < 1 || perPage > 100 || tied < 2 || tieStart < 1 || tieStart + tied >= listed) {
      throw new IllegalArgumentException("Cannot build a wall account of " + listed + " tickets with " + tied
          + " tied at " + perPage + " per page: the tie must straddle position " + wallPosition
          + " with tickets before and after it");
    }
    Instant now = clock().instant();
    Instant start = now.minus(Duration.ofDays(400));
    long step = Math.max(1, Duration.between(start, now).toSeconds() / (listed + 1));
    Instant tieAt = start.plusSeconds(step * tieStart);
    List<Object[]> entries = new ArrayList<>(); // {updated_at, spam, deleted}
    for (int p = 0; p < listed; p++) {
      boolean inTie = p >= tieStart && p < tieStart + tied;
      entries.add(new Object[] {inTie ? tieAt : start.plusSeconds(step * p), false, false});
    }
    int spam = Math.max(5, listed / 200);
    int deleted = Math.max(3, listed / 500);
    long range = Duration.between(start, now).toSeconds();
    for (int i = 0; i < spam; i++) {
      entries.add(new Object[] {start.plusSeconds(range * i / (spam - 1)), true, false});
    }
    entries.add(new Object[] {tieAt, true, false});
    for (int i = 0; i < deleted; i++) {
      entries.add(new Object[] {start.plusSeconds(range * (2L * i + 1) / (2L * deleted)), false, true});
    }
    java.util.Collections.shuffle(entries, data.random());
    DataTable t = data.table("tickets",
        TableLayout.standard().withUpdated(null).withCreated(null).withDeletedFlag("deleted"));
    List<Long> tiedIds = new ArrayList<>();
    for (Object[] e : entries) {
      Instant updated = (Instant) e[0];
      ObjectNode added = t.insert((id, r) -> {
        Instant created = updated.minusSeconds(r.nextInt(30 * 24 * 3600));
        return ticket(id, r).put("created_at", (created.isBefore(start) ? start : created).toString())
            .put("updated_at", updated.toString()).put("spam", (Boolean) e[1]).put("deleted", (Boolean) e[2]);
      });
      if (updated.equals(tieAt) && !(Boolean) e[1] && !(Boolean) e[2]) {
        tiedIds.add(added.path("id").asLong());
      }
    }
    wall = new WallShape(perPage, wallPosition, tieStart, tiedIds, tieAt.toString());
  }

  static String person(long id) {
    return NAMES.get((int) (id % NAMES.size()));
  }

  static String email(long id) {
    return person(id).toLowerCase().replace(' ', '.') + id + "@example.org";
  }

  private void seed(int tickets) {
    DataTable t;
    if (wall == null) {
      t = data.table("tickets", TableLayout.standard().withDeletedFlag("deleted"));
      t.seed(tickets, 3, Duration.ofDays(400), this::ticket);
      t.softDelete(4);
      t.softDelete(5);
      t.update(7, r -> r.put("spam", true));
    } else {
      t = data.table("tickets");
    }
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
  public static List<String> personalValues(int maxId) {
    List<String> values = new ArrayList<>(NAMES);
    for (long id = 0; id <= maxId + 10; id++) {
      values.add(email(id));
    }
    return values;
  }

  /**
   * {@code GET /api/v2/tickets}, written here rather than declared on the testkit's list
   * endpoint, whose {@code since} filter is inclusive and whose page cap still sends a Link
   * header on the last allowed page. See the class comment for each rule.
   */
  static final class TicketList implements Handler {
    private static final Set<String> ORDER_FIELDS = Set.of("created_at", "due_by", "updated_at", "status");
    private static final Set<String> FILTERS = Set.of("new_and_my_open", "watching", "spam", "deleted");

    private final DataTable tickets;
    private final SimClock clock;

    TicketList(DataTable tickets, SimClock clock) {
      this.tickets = tickets;
      this.clock = clock;
    }

    /** A refused request: 400 with Freshdesk's validation body naming the field. */
    private static final class Invalid extends RuntimeException {
      final String field;

      Invalid(String field, String message) {
        super(message);
        this.field = field;
      }
    }

    static String validationBody(String field, String message) {
      ObjectNode body = Json.object().put("description", "Validation failed");
      body.putArray("errors").addObject().put("field", field).put("message", message).put("code", "invalid_value");
      return body.toString();
    }

    @Override
    public SimResponse handle(SimRequest request) {
      try {
        return list(request);
      } catch (Invalid e) {
        return SimResponse.json(400, validationBody(e.field, e.getMessage()));
      }
    }

    private SimResponse list(SimRequest request) {
      int page = integer(request, "page", 1);
      int perPage = integer(request, "per_page", 30);
      if (page < 1) {
        throw new Invalid("page", "It should be a/an Positive Integer");
      }
      if (page > MAX_PAGE) {
        throw new Invalid("page", "You cannot access tickets beyond the 300th page. Please provide a smaller page number.");
      }
      if (perPage < 1 || perPage > 100) {
        throw new Invalid("per_page", "It should be a/an Positive Integer less than or equal to 100");
      }
      String filter = request.param("filter").orElse(null);
      if (filter != null && !FILTERS.contains(filter)) {
        throw new Invalid("filter", "It should be one of these values: 'new_and_my_open,watching,spam,deleted'");
      }
      Instant since = request.param("updated_since").map(raw -> TimeFormat.parse(raw)
          .orElseThrow(() -> new Invalid("updated_since", "It should be in the 'valid date time' format"))).orElse(null);
      String orderBy = request.param("order_by").orElse("created_at");
      String orderType = request.param("order_type").orElse("desc");
      if (!ORDER_FIELDS.contains(orderBy)) {
        throw new Invalid("order_by", "It should be one of these values: 'created_at,due_by,updated_at,status'");
      }
      if (!orderType.equals("asc") && !orderType.equals("desc")) {
        throw new Invalid("order_type", "It should be one of these values: 'asc,desc'");
      }
      if ("spam".equals(filter) || "deleted".equals(filter)) {
        orderBy = "created_at"; // the hidden lists keep their default order whatever is asked
        orderType = "desc";
      }
      Instant windowStart = clock.instant().minus(Duration.ofDays(30));
      String f = filter;
      String field = orderBy;
      // The predicate only notes each match's id and sort key and keeps nothing: copying every
      // matching ticket for each page made a 300-page listing take minutes. Only the page's
      // tickets are copied, below.
      List<long[]> matching = new ArrayList<>();
      tickets.select(t -> {
        boolean deleted = t.path("deleted").asBoolean(false);
        boolean spam = t.path("spam").asBoolean(false);
        boolean shown = "deleted".equals(f) ? deleted : "spam".equals(f) ? spam && !deleted : !spam && !deleted;
        boolean listed = shown && !"watching".equals(f)
            && (!"new_and_my_open".equals(f) || t.path("status").asInt() == 2)
            && (since != null
                ? TimeFormat.parse(t.get("updated_at")).map(u -> u.isAfter(since)).orElse(false)
                : TimeFormat.parse(t.get("created_at")).map(c -> !c.isBefore(windowStart)).orElse(false));
        if (listed) {
          matching.add(new long[] {t.path("id").asLong(), sortKey(t.get(field))});
        }
        return false;
      });
      java.util.Comparator<long[]> byField = java.util.Comparator.comparingLong(m -> m[1]);
      matching.sort((orderType.equals("desc") ? byField.reversed() : byField).thenComparingLong(m -> m[0]));
      long from = (long) (page - 1) * perPage;
      List<long[]> slice = from >= matching.size() ? List.of()
          : matching.subList((int) from, (int) Math.min(matching.size(), from + perPage));
      com.fasterxml.jackson.databind.node.ArrayNode body = Json.MAPPER.createArrayNode();
      // Each ticket is loaded after the page's order is settled, as an application that sorts ids
      // and then loads their rows does: one updated meanwhile shows its new updated_at at its old
      // place, and the page is out of order.
      slice.forEach(m -> tickets.find(m[0]).ifPresent(body::add));
      SimResponse response = SimResponse.json(200, body);
      if (from + perPage < matching.size() && page < MAX_PAGE) {
        Map<String, String> next = new java.util.TreeMap<>(request.query());
        next.put("page", String.valueOf(page + 1));
        StringBuilder query = new StringBuilder();
        next.forEach((k, v) -> query.append(query.length() == 0 ? "" : "&")
            .append(java.net.URLEncoder.encode(k, java.nio.charset.StandardCharsets.UTF_8)).append('=')
            .append(java.net.URLEncoder.encode(v, java.nio.charset.StandardCharsets.UTF_8)));
        response = response.header("Link", "<" + request.baseUrl() + request.path() + "?" + query + ">; rel=\"next\"");
      }
      return response;
    }

    /** Numbers as they are, timestamps as epoch seconds; absent values first. */
    private static long sortKey(com.fasterxml.jackson.databind.JsonNode value) {
      if (value == null || value.isNull()) {
        return Long.MIN_VALUE;
      }
      if (value.isNumber()) {
        return value.asLong();
      }
      return TimeFormat.parse(value).map(Instant::getEpochSecond).orElse(Long.MIN_VALUE);
    }

    private static int integer(SimRequest request, String name, int otherwise) {
      String raw = request.param(name).orElse(null);
      if (raw == null) {
        return otherwise;
      }
      try {
        return Integer.parseInt(raw.trim());
      } catch (NumberFormatException e) {
        throw new Invalid(name, "It should be a/an Positive Integer");
      }
    }
  }
}
