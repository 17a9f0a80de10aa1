package io.tributary.simulator.zendesk;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.api.Json;
import io.tributary.simulator.AuthCheck;
import io.tributary.simulator.DataTable;
import io.tributary.simulator.Dataset;
import io.tributary.simulator.Endpoint;
import io.tributary.simulator.Envelope;
import io.tributary.simulator.Paging;
import io.tributary.simulator.RateLimit;
import io.tributary.simulator.SimClock;
import io.tributary.simulator.SimResponse;
import io.tributary.simulator.Simulator;
import io.tributary.simulator.TableLayout;
import io.tributary.simulator.TimeFormat;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Zendesk Support as VENDOR_NOTES.md describes it, on the testkit simulator: cursor-based exports
 * of tickets and users, time-based exports of organizations, ticket events (comments side-loaded
 * with {@code include=comment_events}) and ticket metric events, StartTimeTooRecent, the last
 * minute withheld from exports, the exports' own per-minute limit, cursor pagination of the bulk
 * models, API-token or OAuth auth, deleted tickets ({@code status: deleted}), users ({@code active:
 * false}) and organizations ({@code deleted_at}), the count endpoints ({@link
 * ZendeskCountEndpoints}), and {@link #mutate} between runs.
 */
public final class ZendeskSimulator implements AutoCloseable {
  /** The collections this simulator serves, by resource name: what the demo ingests from it. */
  public static final List<String> TABLES = List.of(
      "tickets", "users", "organizations", "ticket_comments", "ticket_metric_events",
      "satisfaction_ratings", "groups", "brands", "ticket_fields", "ticket_forms",
      "group_memberships", "organization_memberships", "macros", "custom_roles", "schedules",
      "sla_policies", "tags", "views");
  public static final String EMAIL = "admin@acme-care.example";
  static final String API_TOKEN = "zd-sim-token-5b7c1e";
  static final String OAUTH_TOKEN = "zd-sim-oauth-93aa01";
  static final String FAST = "600000";
  /** The id of the user the credentials belong to ({@link #self()}); no table lists it. */
  public static final long SELF_ID = 9_000_001L;

  /**
   * @param exportLimit export requests allowed per {@code exportWindow} (Zendesk: 10 per minute)
   * @param emptyPageBeforeEnd answer an empty page with end_of_stream false before the last page of
   *     a cursor export, as Zendesk may
   * @param oauth accept the OAuth token instead of the API token
   * @param withheld how far back from now exports stop: a minute since October 2024, nothing
   *     before (exports then served changes up to the request)
   * @param countCachedAbove counts above this are cached for a day (Zendesk: 100,000)
   */
  public record Config(long seed, int tickets, int exportLimit, Duration exportWindow,
      boolean emptyPageBeforeEnd, boolean oauth, SimClock clock, Duration withheld,
      long countCachedAbove) {
    /**
     * Data seeded up to ten minutes ago, on a clock that then follows the wall clock (see {@link
     * ZendeskSimulator#followsWallClock}), as a connector on the system clock expects of Zendesk.
     */
    public static Config defaults() {
      return new Config(42, 40, 1_000_000, Duration.ofMinutes(1), false, false,
          SimClock.at(Instant.now().minus(Duration.ofMinutes(10))), Duration.ofMinutes(1), 100_000);
    }

    public Config exportLimit(int requests, Duration window) {
      return new Config(seed, tickets, requests, window, emptyPageBeforeEnd, oauth, clock, withheld,
          countCachedAbove);
    }

    public Config withEmptyPageBeforeEnd() {
      return new Config(seed, tickets, exportLimit, exportWindow, true, oauth, clock, withheld,
          countCachedAbove);
    }

    public Config withOAuth() {
      return new Config(seed, tickets, exportLimit, exportWindow, emptyPageBeforeEnd, true, clock,
          withheld, countCachedAbove);
    }

    public Config clock(SimClock value) {
      return new Config(seed, tickets, exportLimit, exportWindow, emptyPageBeforeEnd, oauth, value,
          withheld, countCachedAbove);
    }

    /** Exports as Zendesk served them before October 2024: changes up to the request itself. */
    public Config servingUpToTheRequest() {
      return new Config(seed, tickets, exportLimit, exportWindow, emptyPageBeforeEnd, oauth, clock,
          Duration.ZERO, countCachedAbove);
    }

    /** Counts above {@code records} are cached, as Zendesk caches those above 100,000. */
    public Config countsCachedAbove(long records) {
      return new Config(seed, tickets, exportLimit, exportWindow, emptyPageBeforeEnd, oauth, clock,
          withheld, records);
    }
  }

  /** The list endpoints of Zendesk's Support API reference that return whole collections, by table. */
  public static final Map<String, String> SNAPSHOTS = snapshotPaths();

  private final Config config;
  private final boolean followWall;
  private final Simulator sim;
  private final Dataset data;
  private final ZendeskExportEndpoints exports;

  private ZendeskSimulator(Config config) {
    this.config = config;
    this.followWall = config.clock().instant().isBefore(Instant.now().minus(Duration.ofMinutes(5)));
    data = Dataset.seeded(config.seed(), config.clock());
    seed(config);
    exports = new ZendeskExportEndpoints(data, config, this::exportsSync);
    Simulator.Builder builder = Simulator.builder(data)
        .auth((config.oauth() ? AuthCheck.bearer(OAUTH_TOKEN) : AuthCheck.emailToken(EMAIL, API_TOKEN))
            .rejectingWith("{\"error\":\"Couldn't authenticate you\"}"))
        .errors((status, code, message) ->
            Json.object().put("error", code).put("description", message).toString())
        .rateLimit(RateLimit.perMinute(1_000_000).withHeaders("X-Rate-Limit", "X-Rate-Limit-Remaining", null));
    exports.declare(builder);
    new ZendeskCountEndpoints(data, config.countCachedAbove()).declare(builder);
    for (Map.Entry<String, String> snapshot : SNAPSHOTS.entrySet()) {
      String name = snapshot.getKey();
      String path = snapshot.getValue();
      if (name.equals("tags")) {
        builder.endpoint(Endpoint.custom(path, request -> tags()));
      } else if (Set.of("custom_roles", "schedules", "sla_policies").contains(name)) {
        // Documented without cursor pagination: everything in one page, no meta.
        builder.endpoint(Endpoint.list(path, data.table(name)).envelope(Envelope.key(name)));
      } else {
        builder.endpoint(cursorPaged(path, data.table(name), name));
      }
    }
    // "Show Self" is documented as allowed for anonymous users. Credentials the account does not
    // take get the anonymous user (id null) with 200 here, not a 401: the harsher reading for a
    // client that checks credentials with it.
    builder.endpoint(Endpoint.custom("/api/v2/users/me", request -> SimResponse.json(200,
        Json.object().set("user", request.header("Authorization").filter(this::accepts).isPresent()
            ? self() : anonymousUser()))).withoutAuth());
    builder.endpoint(cursorPaged("/api/v2/satisfaction_ratings", data.table("satisfaction_ratings"),
        "satisfaction_ratings").since("start_time", "updated_at"));
    sim = builder.start();
  }

  public static ZendeskSimulator start(Config config) {
    return new ZendeskSimulator(config);
  }

  public static ZendeskSimulator start() {
    return start(Config.defaults());
  }

  private static Endpoint cursorPaged(String path, DataTable table, String key) {
    return Endpoint.list(path, table).envelope(Envelope.key(key))
        .paging(Paging.cursor("page[after]", "page[size]").perPage(100, 100)
            .nextToken("meta.after_cursor").hasMore("meta.has_more").nextUrl("links.next"));
  }

  private SimResponse tags() {
    ArrayNode tags = Json.MAPPER.createArrayNode();
    for (ObjectNode tag : data.table("tags").records()) {
      tags.add(Json.object().put("name", tag.get("name").asText()).put("count", tag.get("count").asLong()));
    }
    ObjectNode body = Json.object();
    body.set("tags", tags);
    body.set("meta", Json.object().put("has_more", false).putNull("after_cursor").putNull("before_cursor"));
    body.set("links", Json.object().putNull("next").putNull("prev"));
    return SimResponse.json(200, body);
  }

  private void seed(Config config) {
    int n = config.tickets();
    data.table("tickets", TableLayout.standard())
        .seed(n, 3, Duration.ofDays(30), (id, r) -> ticket(id, r, n));
    data.table("users", TableLayout.standard()).seed(n / 2, 3, Duration.ofDays(30), this::user);
    data.table("organizations", TableLayout.standard()).seed(n / 4, 3, Duration.ofDays(30), this::organization);
    data.table("ticket_events", new TableLayout("id", "created_at", null, null, TimeFormat.ISO_SECONDS))
        .seed(n * 2, 3, Duration.ofDays(30), (id, r) -> ticketEvent(id, r, n));
    data.table("ticket_metric_events", new TableLayout("id", "time", null, null, TimeFormat.ISO_SECONDS))
        .seed(n, 3, Duration.ofDays(30), (id, r) -> {
          ObjectNode event = ZendeskFixtures.template("ticket_metric_events", "time");
          event.put("ticket_id", 1 + r.nextInt(n));
          event.put("type", List.of("apply_sla", "activate", "pause", "fulfill").get(r.nextInt(4)));
          return event;
        });
    data.table("satisfaction_ratings", TableLayout.standard()).seed(n / 2, 3, Duration.ofDays(30), (id, r) -> {
      ObjectNode rating = ZendeskFixtures.template("satisfaction_ratings", "created_at", "updated_at");
      rating.put("ticket_id", 1 + r.nextInt(n)).put("score", r.nextBoolean() ? "good" : "bad");
      rating.put("url", "https://acme-care.zendesk.com/api/v2/satisfaction_ratings/" + id + ".json");
      return rating;
    });
    for (String name : SNAPSHOTS.keySet()) {
      DataTable table = data.table(name, TableLayout.standard());
      table.seed(name.equals("tags") ? 6 : 5, 1, Duration.ofDays(200), (id, r) -> {
        ObjectNode record = ZendeskFixtures.template(name, "created_at", "updated_at");
        if (record.has("name")) {
          record.put("name", record.get("name").asText() + " " + id);
        }
        if (record.has("title")) {
          record.put("title", record.get("title").asText() + " " + id);
        }
        return record;
      });
    }
    // Everything seeded is older than the minute exports withhold.
    data.clock().advance(Duration.ofMinutes(2));
    exportsSync();
  }

  /**
   * A simulator whose clock started in the past follows the wall clock from then on (never moving
   * back), so a connector on the system clock and the simulator agree on "a minute ago". A clock a
   * test steps by hand (one at or after the wall clock) is left alone.
   */
  boolean followsWallClock() {
    return followWall;
  }

  private void exportsSync() {
    if (followWall) {
      Instant wall = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
      if (wall.isAfter(data.clock().instant())) {
        data.clock().set(wall);
      }
    }
  }

  private ObjectNode ticket(long id, Random r, int total) {
    ObjectNode ticket = ZendeskFixtures.template("tickets", "created_at", "updated_at", "generated_timestamp");
    ticket.put("url", "https://acme-care.zendesk.com/api/v2/tickets/" + id + ".json");
    ticket.put("subject", "Care request " + id);
    ticket.put("status", List.of("new", "open", "pending", "solved").get(r.nextInt(4)));
    ticket.put("requester_id", 1 + r.nextInt(Math.max(1, total / 2)));
    ticket.put("organization_id", 1 + r.nextInt(Math.max(1, total / 4)));
    return ticket;
  }

  private ObjectNode user(long id, Random r) {
    ObjectNode user = ZendeskFixtures.template("users", "created_at", "updated_at");
    user.put("url", "https://acme-care.zendesk.com/api/v2/users/" + id + ".json");
    user.put("name", "User " + id).put("email", "user" + id + "@acme-care.example");
    user.put("role", r.nextInt(3) == 0 ? "agent" : "end-user");
    return user;
  }

  private ObjectNode organization(long id, Random r) {
    ObjectNode org = ZendeskFixtures.template("organizations", "created_at", "updated_at");
    org.put("url", "https://acme-care.zendesk.com/api/v2/organizations/" + id + ".json");
    org.put("name", "Clinic " + id);
    return org;
  }

  /** An audit with one comment (ids derived from the event's) and one status change. */
  private static ObjectNode ticketEvent(long id, Random r, int tickets) {
    ObjectNode event = ZendeskFixtures.template("ticket_events", "created_at");
    event.put("ticket_id", 1 + r.nextInt(tickets));
    ObjectNode comment = (ObjectNode) event.withArray("child_events").get(0);
    comment.put("id", id * 100 + 1).put("audit_id", id).put("author_id", 1 + r.nextInt(20));
    comment.put("body", "Update " + id + " on the care plan.").put("public", r.nextBoolean());
    ((ObjectNode) event.withArray("child_events").get(1)).put("id", id * 100 + 2);
    return event;
  }

  // ---- access for tests and the demo ----

  String baseUrl() {
    return sim.baseUrl();
  }

  /** The user the simulator's credentials belong to, as "Show Self" answers: an admin. */
  public ObjectNode self() {
    ObjectNode user = ZendeskFixtures.template("users", "created_at", "updated_at");
    user.put("id", SELF_ID).put("url", "https://acme-care.zendesk.com/api/v2/users/" + SELF_ID + ".json");
    return user.put("name", "Acme Care Admin").put("email", EMAIL).put("role", "admin");
  }

  /** "Show Self" without accepted credentials: Zendesk's anonymous user, without an id. */
  static ObjectNode anonymousUser() {
    ObjectNode user = Json.object().putNull("id").putNull("url").put("name", "Anonymous user")
        .put("email", "invalid@example.com").put("role", "end-user").put("active", true).put("verified", false);
    return user;
  }

  private boolean accepts(String authorization) {
    String expected = config.oauth() ? "Bearer " + OAUTH_TOKEN : "Basic " + java.util.Base64.getEncoder()
        .encodeToString((EMAIL + "/token:" + API_TOKEN).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    return expected.equals(authorization);
  }

  public Simulator simulator() {
    return sim;
  }

  public Dataset dataset() {
    return data;
  }

  public SimClock clock() {
    return data.clock();
  }

  /** Connection options pointing at this simulator, with budgets that do not slow tests down. */
  public Map<String, String> connectionOptions() {
    Map<String, String> options = new java.util.LinkedHashMap<>(Map.of(
        "subdomain", "acme-care", "base_url", sim.baseUrl(),
        "requests_per_minute", FAST, "export_requests_per_minute", FAST));
    if (config.oauth()) {
      options.put("oauth_token", OAUTH_TOKEN);
    } else {
      options.put("email", EMAIL);
      options.put("api_token", API_TOKEN);
    }
    return options;
  }

  /** Ids a complete read of {@code table} must deliver: live records only. */
  public Set<List<String>> expectedKeys(String table) {
    return switch (table) {
      case "tickets" -> keys(data.table("tickets").select(t -> !"deleted".equals(t.path("status").asText())));
      case "users" -> keys(data.table("users").select(u -> u.path("active").asBoolean(true)));
      case "organizations" -> keys(data.table("organizations").select(o -> !o.hasNonNull("deleted_at")));
      case "ticket_comments" -> commentIds().stream().map(id -> List.of(String.valueOf(id)))
          .collect(Collectors.toCollection(java.util.LinkedHashSet::new));
      case "tags" -> data.table("tags").keys("name");
      default -> data.table(table).keys();
    };
  }

  /** Ids of deleted tickets, users or organizations. */
  public Set<Long> deletedIds(String table) {
    List<ObjectNode> records = switch (table) {
      case "tickets" -> data.table(table).select(t -> "deleted".equals(t.path("status").asText()));
      case "users" -> data.table(table).select(u -> !u.path("active").asBoolean(true));
      case "organizations" -> data.table(table).select(o -> o.hasNonNull("deleted_at"));
      default -> throw new IllegalArgumentException("no deletes in " + table);
    };
    return records.stream().map(r -> r.get("id").asLong()).collect(Collectors.toCollection(TreeSet::new));
  }

  /** Comment id to ticket id, over every ticket event. */
  public Map<Long, Long> commentTickets() {
    Map<Long, Long> map = new java.util.TreeMap<>();
    for (ObjectNode event : data.table("ticket_events").records()) {
      for (var child : event.withArray("child_events")) {
        if (child.path("event_type").asText().equals("Comment")) {
          map.put(child.get("id").asLong(), event.get("ticket_id").asLong());
        }
      }
    }
    return map;
  }

  private List<Long> commentIds() {
    return new ArrayList<>(commentTickets().keySet());
  }

  private static Set<List<String>> keys(List<ObjectNode> records) {
    return records.stream().map(r -> List.of(r.get("id").asText()))
        .collect(Collectors.toCollection(java.util.LinkedHashSet::new));
  }

  /**
   * Updates, inserts and deletes across tables, then lets more than a minute pass so the exports
   * show the changes. Returns a one-line summary.
   */
  public String mutate() {
    DataTable tickets = data.table("tickets");
    int total = tickets.size();
    List<Long> picked = tickets.pickIds(3);
    tickets.update(picked.get(0), t -> t.put("status", "solved").put("priority", "low"));
    tickets.update(picked.get(1), t -> t.put("subject", "Care request " + picked.get(1) + " (escalated)"));
    tickets.update(picked.get(2), t -> t.put("status", "deleted"));
    ObjectNode inserted = tickets.insert((id, r) -> ticket(id, r, total));
    long newTicket = inserted.get("id").asLong();
    data.table("ticket_events").insert((id, r) -> {
      ObjectNode event = ticketEvent(id, r, total);
      event.put("ticket_id", newTicket);
      return event;
    });
    DataTable users = data.table("users");
    List<Long> u = users.pickIds(2);
    users.update(u.get(0), x -> x.put("phone", "+15550001111"));
    users.update(u.get(1), x -> x.put("active", false).put("deleted", true));
    users.insert(this::user);
    DataTable orgs = data.table("organizations");
    List<Long> o = orgs.pickIds(2);
    orgs.update(o.get(0), x -> x.put("notes", "Moved to the new campus"));
    orgs.update(o.get(1), x -> x.put("deleted_at", data.clock().instant().toString()));
    data.table("ticket_metric_events").insert((id, r) -> {
      ObjectNode event = ZendeskFixtures.template("ticket_metric_events", "time");
      return event.put("ticket_id", newTicket).put("type", "activate");
    });
    DataTable ratings = data.table("satisfaction_ratings");
    ratings.update(ratings.pickIds(1).get(0), x -> x.put("score", "good").put("comment", "Sorted in the end"));
    DataTable groups = data.table("groups");
    groups.update(groups.pickIds(1).get(0), g -> g.put("name", "Renamed team"));
    DataTable macros = data.table("macros");
    macros.hardDelete(macros.pickIds(1).get(0));
    data.table("tags").insert((id, r) -> Json.object().put("name", "urgent-care").put("count", 1));
    data.clock().advance(Duration.ofSeconds(90));
    return "zendesk: 3 tickets changed (1 deleted), 1 ticket with a comment added; 1 user updated, "
        + "1 deleted, 1 added; 1 organization updated, 1 deleted; 1 group renamed, 1 macro removed, 1 tag added";
  }

  public int exportRequests() {
    return exports.served();
  }

  @Override
  public void close() {
    sim.close();
  }

  /** In the order they are seeded, which fixes the seeded data. */
  private static Map<String, String> snapshotPaths() {
    Map<String, String> paths = new LinkedHashMap<>();
    for (String name : List.of("groups", "brands", "ticket_fields", "ticket_forms", "group_memberships",
        "organization_memberships", "macros", "custom_roles", "schedules", "sla_policies", "tags", "views")) {
      paths.put(name, switch (name) {
        case "schedules" -> "/api/v2/business_hours/schedules";
        case "sla_policies" -> "/api/v2/slas/policies";
        default -> "/api/v2/" + name;
      });
    }
    return Collections.unmodifiableMap(paths);
  }
}
