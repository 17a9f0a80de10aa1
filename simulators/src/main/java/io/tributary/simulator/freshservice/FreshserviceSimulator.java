package io.tributary.simulator.freshservice;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.api.Json;
import io.tributary.simulator.AuthCheck;
import io.tributary.simulator.DataTable;
import io.tributary.simulator.Dataset;
import io.tributary.simulator.Endpoint;
import io.tributary.simulator.Envelope;
import io.tributary.simulator.ErrorStyle;
import io.tributary.simulator.LoggedRequest;
import io.tributary.simulator.Paging;
import io.tributary.simulator.RateLimit;
import io.tributary.simulator.SimClock;
import io.tributary.simulator.SimRequest;
import io.tributary.simulator.SimResponse;
import io.tributary.simulator.Simulator;
import io.tributary.simulator.Sort;
import io.tributary.simulator.TableLayout;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

/**
 * Freshservice API v2 as VENDOR_NOTES.md describes it, on the testkit simulator: records under the
 * object name, {@code page}/{@code per_page} (at most 100) with a {@code Link} header, {@code
 * updated_since}, the tickets list's default 30-day window, trashed and spam tickets hidden unless
 * {@code filter=deleted|spam}, Basic auth with {@code api_key:X}, the plan's per-minute limit with
 * {@code X-RateLimit-*} headers and 429 + {@code Retry-After}, and modules the plan lacks answering
 * 403.
 *
 * <p>Data: tickets over 400 days (so the 30-day window hides most), every third a service request
 * with one or two requested items, records sharing {@code updated_at} in groups of {@link
 * Config#tieGroup}, nested objects, decimals and custom fields as in the fixtures. {@link #mutate}
 * updates, inserts and deletes between runs.
 *
 * <p>Spam and trash, from the vendor documentation and, where it is silent, the harsher reading:
 * <ul>
 *   <li>The documented predefined filters of the tickets list are {@code new_and_my_open}, {@code
 *       watching}, {@code spam} and {@code deleted} (Freshworks API SDK, {@code
 *       freshservice_models.TicketsQuery}). Spam and trashed tickets are left out of the default
 *       list; {@code filter=spam} lists only spam tickets, {@code filter=deleted} only trashed ones.
 *   <li>Up to {@link #SPAM_SERVICE_REQUESTS} service requests across the whole time range start
 *       out marked spam, each with exactly two requested items, so a connector that reads
 *       requested items only from the default list misses {@code 2 x} that many items. The
 *       documentation does not say whether the items of a spam ticket stay readable: they do here,
 *       since marking spam is reversible and the ticket still exists.
 *   <li>{@code GET /api/v2/tickets/{id}/requested_items} answers 404 once the ticket is trashed, not
 *       only once it is gone for good. The documentation does not describe the trashed case; a 404
 *       is the harsher reading, since the items then cannot be read after the fact.
 * </ul>
 */
public final class FreshserviceSimulator implements AutoCloseable {
  /** The collections this simulator serves, by resource name: what the demo ingests from it. */
  public static final List<String> TABLES = List.of(
      "tickets", "problems", "releases", "changes", "locations", "products", "vendors", "assets",
      "purchase_orders", "software", "requested_items", "agents", "requesters", "departments",
      "groups");
  public static final String API_KEY = "fs-sim-key-7f3e9a21";
  public static final String DOMAIN = "acme-corp";
  static final Instant NOW = Instant.parse("2024-06-01T12:00:00Z");
  /** High enough that tests are not slowed by the client's proactive limiter. */
  static final String FAST_REQUESTS_PER_MINUTE = "600000";
  /** How many service requests the seed marks spam (fewer when the config seeds fewer). */
  static final int SPAM_SERVICE_REQUESTS = 6;
  /** Service requests that existing tests read as ordinary, listed ones; never marked spam. */
  private static final Set<Long> KEPT_LISTED = Set.of(9L, 12L);

  /**
   * @param tickets how many tickets to seed
   * @param tieGroup consecutive records sharing one updated_at
   * @param requestsPerMinute the plan's limit the simulator enforces
   * @param gatedPaths list paths the plan lacks: they answer 403
   */
  public record Config(long seed, int tickets, int tieGroup, int requestsPerMinute, Set<String> gatedPaths, SimClock clock) {
    public static Config defaults() {
      return new Config(42, 120, 3, 1_000_000, Set.of(), SimClock.at(NOW));
    }

    public Config tickets(int count) {
      return new Config(seed, count, tieGroup, requestsPerMinute, gatedPaths, clock);
    }

    public Config tieGroup(int size) {
      return new Config(seed, tickets, size, requestsPerMinute, gatedPaths, clock);
    }

    public Config plan(int perMinute) {
      return new Config(seed, tickets, tieGroup, perMinute, gatedPaths, clock);
    }

    public Config without(String path) {
      Set<String> gated = new TreeSet<>(gatedPaths);
      gated.add(path);
      return new Config(seed, tickets, tieGroup, requestsPerMinute, gated, clock);
    }

    public Config clock(SimClock value) {
      return new Config(seed, tickets, tieGroup, requestsPerMinute, gatedPaths, value);
    }
  }

  private static final Paging PAGING = Paging.pageNumber("page", "per_page").perPage(30, 100).withLinkHeader();
  private static final Map<String, String> SNAPSHOTS = snapshotPaths();

  private final Simulator server;
  private final Dataset data;
  private final Random random;
  private int mutations;

  private FreshserviceSimulator(Config config) {
    this.data = Dataset.seeded(config.seed(), config.clock());
    this.random = data.random();
    seed(config);
    Simulator.Builder builder = Simulator.builder(data)
        .auth(AuthCheck.basicApiKey(API_KEY))
        .rateLimit(RateLimit.perMinute(config.requestsPerMinute()))
        .errors(FreshserviceSimulator::errorBody);
    for (String gated : config.gatedPaths()) {
      builder.endpoint(Endpoint.custom(gated, request -> SimResponse.json(403,
          Json.object().put("code", "access_denied")
              .put("message", "You are not authorized to perform this action.").toString())));
    }
    builder.endpoint(Endpoint.list("/api/v2/tickets", data.table("tickets"))
        .envelope(Envelope.key("tickets"))
        .paging(PAGING)
        .since("updated_since", "updated_at")
        .equalTo("type", "type")
        .hiddenUnless("filter", "deleted", "deleted")
        .hiddenUnless("filter", "spam", "spam")
        .defaultWindow("created_at", Duration.ofDays(30))
        .sortParams("order_by", "order_type", "created_at", "updated_at")
        .sortBy(Sort.desc("created_at")));
    builder.endpoint(Endpoint.custom("/api/v2/tickets/{id}/requested_items", this::requestedItems));
    for (String table : List.of("problems", "changes", "releases")) {
      builder.endpoint(Endpoint.list("/api/v2/" + table, data.table(table))
          .envelope(Envelope.key(table))
          .paging(PAGING)
          .since("updated_since", "updated_at")
          .sortParams("order_by", "order_type", "created_at", "updated_at")
          .sortBy(Sort.desc("created_at")));
    }
    // GET /api/v2/agents/me: the agent the API key belongs to, {"agent": {...}}; here the first agent.
    builder.endpoint(Endpoint.custom("/api/v2/agents/me",
        request -> SimResponse.json(200, Json.object().set("agent", me()))));
    SNAPSHOTS.forEach((table, path) -> builder.endpoint(Endpoint.list(path, data.table(table))
        .envelope(Envelope.key(path.substring(path.lastIndexOf('/') + 1)))
        .paging(PAGING)));
    this.server = builder.start();
  }

  public static FreshserviceSimulator start(Config config) {
    return new FreshserviceSimulator(config);
  }

  public static FreshserviceSimulator start() {
    return start(Config.defaults());
  }

  /** Connection options pointing at this simulator, with a limiter budget that does not slow tests. */
  public Map<String, String> connectionOptions() {
    Map<String, String> options = new LinkedHashMap<>();
    options.put("api_key", API_KEY);
    options.put("domain", DOMAIN);
    options.put("base_url", server.baseUrl());
    options.put("requests_per_minute", FAST_REQUESTS_PER_MINUTE);
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

  public List<LoggedRequest> requests(String path) {
    return server.requests(path);
  }

  /** Ids of the service requests currently marked spam (and not trashed), ascending. */
  public Set<Long> spamServiceRequestIds() {
    Set<Long> ids = new TreeSet<>();
    for (ObjectNode ticket : table("tickets").records()) {
      if (isServiceRequest(ticket) && ticket.path("spam").asBoolean(false)) {
        ids.add(ticket.path("id").asLong());
      }
    }
    return ids;
  }

  /** Ids of the requested items of {@link #spamServiceRequestIds()}, ascending. */
  public Set<Long> spamServiceRequestItemIds() {
    Set<Long> tickets = spamServiceRequestIds();
    Set<Long> ids = new TreeSet<>();
    for (ObjectNode item : table("requested_items").records()) {
      if (tickets.contains(item.path("ticket_id").asLong())) {
        ids.add(item.path("id").asLong());
      }
    }
    return ids;
  }

  /**
   * One hour later: updates, inserts and deletes across tables. Returns a one-line summary.
   * Trashed tickets keep their row (flag {@code deleted}); the destination must drop them.
   */
  public String mutate() {
    return mutate(Duration.ofHours(1));
  }

  /** {@link #mutate()} after moving the clock by {@code step}. */
  public String mutate(Duration step) {
    mutations++;
    data.clock().advance(step);
    DataTable tickets = table("tickets");
    List<Long> picked = tickets.pickIds(6);
    for (Long id : picked.subList(0, 3)) {
      tickets.update(id, t -> t.put("status", 4).put("priority", 4));
    }
    tickets.softDelete(picked.get(3));
    tickets.softDelete(picked.get(4));
    tickets.update(picked.get(5), t -> t.put("spam", true));
    ObjectNode request = tickets.insert(this::ticket);
    for (int i = 0; i < 2; i++) {
      tickets.insert(this::ticket);
    }
    if ("Service Request".equals(request.path("type").asText())) {
      addItems(request.path("id").asLong());
    }
    table("problems").update(table("problems").pickIds(1).get(0), p -> p.put("status", 3));
    table("changes").insert(fromFixture("changes"));
    table("releases").update(table("releases").pickIds(1).get(0), r -> r.put("status", 5));
    table("agents").update(table("agents").pickIds(1).get(0), a -> a.put("job_title", "Team lead"));
    table("requesters").insert(fromFixture("requesters"));
    table("groups").hardDelete(table("groups").pickIds(1).get(0));
    table("assets").update(table("assets").pickIds(1).get(0),
        a -> ((ObjectNode) a.get("type_fields")).put("asset_state_27000123001", "In Store"));
    return "freshservice mutation " + mutations + ": 3 tickets updated, 3 inserted, 2 trashed, "
        + "1 marked spam; 1 problem, 1 release, 1 agent updated; 1 change, 1 requester added; "
        + "1 group removed; 1 asset updated";
  }

  @Override
  public void close() {
    server.close();
  }

  private void seed(Config config) {
    DataTable tickets = data.table("tickets", TableLayout.standard().withDeletedFlag("deleted"));
    tickets.seed(config.tickets(), config.tieGroup(), Duration.ofDays(400), this::ticket);
    // Some incidents start out trashed or spam, so every run sees hidden tickets.
    tickets.softDelete(4);
    tickets.softDelete(5);
    tickets.update(7, t -> t.put("spam", true));
    DataTable items = data.table("requested_items", TableLayout.standard());
    for (ObjectNode ticket : tickets.records()) {
      if ("Service Request".equals(ticket.path("type").asText())) {
        addItems(ticket.path("id").asLong());
      }
    }
    seedFixture("problems", 25, config.tieGroup());
    seedFixture("changes", 25, config.tieGroup());
    seedFixture("releases", 12, config.tieGroup());
    Map<String, Integer> sizes = Map.ofEntries(
        Map.entry("locations", 5), Map.entry("products", 8), Map.entry("vendors", 4),
        Map.entry("assets", 30), Map.entry("purchase_orders", 6), Map.entry("software", 12),
        Map.entry("agents", 10), Map.entry("requesters", 40), Map.entry("departments", 5),
        Map.entry("groups", 4));
    SNAPSHOTS.keySet().forEach(table -> seedFixture(table, sizes.get(table), 1));
    if (items.size() == 0) {
      throw new IllegalStateException("the seed produced no service requests");
    }
    // Last, so that everything seeded above stays as it was before spam service requests existed.
    markServiceRequestsSpam(tickets, items);
  }

  /**
   * Marks up to {@link #SPAM_SERVICE_REQUESTS} service requests spam, spread from the oldest to the
   * newest, and tops each up to exactly two requested items. Marking spam is an update, so each
   * one's {@code updated_at} moves to now, as it does when an agent marks a ticket spam.
   */
  private void markServiceRequestsSpam(DataTable tickets, DataTable items) {
    List<Long> candidates = tickets.records().stream()
        .filter(t -> isServiceRequest(t) && !t.path("spam").asBoolean(false))
        .map(t -> t.path("id").asLong())
        .filter(id -> !KEPT_LISTED.contains(id))
        .toList();
    int count = Math.min(SPAM_SERVICE_REQUESTS, candidates.size());
    for (int i = 0; i < count; i++) {
      long id = candidates.get(count == 1 ? 0 : i * (candidates.size() - 1) / (count - 1));
      tickets.update(id, t -> t.put("spam", true));
      long held = items.records().stream().filter(item -> item.path("ticket_id").asLong() == id).count();
      for (long n = held; n < 2; n++) {
        addItem(id);
      }
    }
  }

  private static boolean isServiceRequest(ObjectNode ticket) {
    return "Service Request".equals(ticket.path("type").asText());
  }

  /**
   * The requested items of one service request, paged like every Freshservice list. A ticket that
   * is trashed or gone answers 404; a spam ticket still lists its items.
   */
  private SimResponse requestedItems(SimRequest request) {
    String raw = request.pathVars().get("id");
    Optional<ObjectNode> ticket = Optional.empty();
    try {
      ticket = table("tickets").find(Long.parseLong(raw));
    } catch (NumberFormatException notAnId) {
      // answered 404 below, as for an unknown id
    }
    if (ticket.isEmpty() || ticket.get().path("deleted").asBoolean(false)) {
      return SimResponse.json(404, errorBody(404, "not_found", "No ticket with id " + raw));
    }
    int page;
    int perPage;
    try {
      page = Integer.parseInt(request.param("page").orElse("1"));
      perPage = Integer.parseInt(request.param("per_page").orElse("30"));
    } catch (NumberFormatException e) {
      return SimResponse.json(400, errorBody(400, "invalid_value", "page and per_page must be integers"));
    }
    if (page < 1 || perPage < 1 || perPage > 100) {
      return SimResponse.json(400, errorBody(400, "invalid_value",
          "page must be at least 1 and per_page between 1 and 100"));
    }
    long ticketId = ticket.get().path("id").asLong();
    List<ObjectNode> all = table("requested_items").select(i -> i.path("ticket_id").asLong() == ticketId);
    int from = (int) Math.min(all.size(), (long) (page - 1) * perPage);
    int to = Math.min(all.size(), from + perPage);
    ObjectNode body = Json.object();
    ArrayNode list = body.putArray("requested_items");
    all.subList(from, to).forEach(list::add);
    SimResponse response = SimResponse.json(200, body);
    if (to < all.size()) {
      response = response.header("Link", "<" + request.baseUrl() + request.path() + "?page=" + (page + 1)
          + "&per_page=" + perPage + ">; rel=\"next\"");
    }
    return response;
  }

  private void seedFixture(String table, int count, int tieGroup) {
    data.table(table, TableLayout.standard()).seed(count, tieGroup, Duration.ofDays(90), fromFixture(table));
  }

  private io.tributary.simulator.RecordFactory fromFixture(String table) {
    return (id, rnd) -> {
      ObjectNode record = FreshserviceFixtures.template(table);
      if (record.has("name")) {
        record.put("name", record.path("name").asText() + " " + id);
      }
      if (record.has("subject")) {
        record.put("subject", record.path("subject").asText() + " #" + id);
      }
      return record;
    };
  }

  private ObjectNode ticket(long id, Random rnd) {
    ObjectNode ticket = FreshserviceFixtures.template("tickets");
    boolean serviceRequest = id % 3 == 0;
    ticket.put("type", serviceRequest ? "Service Request" : "Incident");
    ticket.put("subject", (serviceRequest ? "Request: new laptop for hire " : "Incident: VPN drops ") + id);
    ticket.put("status", 2 + rnd.nextInt(4));
    ticket.put("priority", 1 + rnd.nextInt(4));
    ArrayNode tags = ticket.putArray("tags");
    tags.add(serviceRequest ? "catalog" : "network");
    ObjectNode custom = (ObjectNode) ticket.get("custom_fields");
    custom.put("cost_center", "CC-" + (4000 + rnd.nextInt(900)));
    custom.put("business_impact_score", rnd.nextInt(10));
    custom.put("vip_requester", rnd.nextInt(5) == 0);
    if (rnd.nextInt(4) > 0) {
      ticket.set("attachments", Json.MAPPER.createArrayNode());
    }
    return ticket;
  }

  private void addItems(long ticketId) {
    int count = 1 + random.nextInt(2);
    for (int i = 0; i < count; i++) {
      addItem(ticketId);
    }
  }

  private void addItem(long ticketId) {
    data.table("requested_items").insert((id, rnd) -> {
      ObjectNode item = FreshserviceFixtures.template("requested_items");
      item.put("ticket_id", ticketId);
      item.put("quantity", 1 + rnd.nextInt(3));
      item.put("cost_per_request", new java.math.BigDecimal(rnd.nextInt(300000)).movePointLeft(2));
      return item;
    });
  }

  /** Freshservice's two error shapes: validation failures list fields; others carry a code. */
  private static String errorBody(int status, String code, String message) {
    if (status == 400) {
      ObjectNode body = Json.object().put("description", "Validation failed");
      body.putArray("errors").addObject().put("field", "query").put("message", message).put("code", code);
      return body.toString();
    }
    return Json.object().put("code", code).put("message", message).toString();
  }

  /** The modules listed whole, by our table name; software lives at /applications. */
  private static Map<String, String> snapshotPaths() {
    Map<String, String> paths = new LinkedHashMap<>();
    for (String module : List.of("locations", "products", "vendors", "assets", "purchase_orders",
        "agents", "requesters", "departments", "groups")) {
      paths.put(module, "/api/v2/" + module);
    }
    paths.put("software", "/api/v2/applications");
    return paths;
  }
}
