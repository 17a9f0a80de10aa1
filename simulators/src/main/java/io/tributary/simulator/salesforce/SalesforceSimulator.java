package io.tributary.simulator.salesforce;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import io.tributary.api.Json;
import io.tributary.simulator.AuthCheck;
import io.tributary.simulator.DataTable;
import io.tributary.simulator.Dataset;
import io.tributary.simulator.Endpoint;
import io.tributary.simulator.Handler;
import io.tributary.simulator.SimClock;
import io.tributary.simulator.SimRequest;
import io.tributary.simulator.SimResponse;
import io.tributary.simulator.Simulator;
import io.tributary.simulator.TableLayout;
import io.tributary.simulator.TimeFormat;
import java.math.BigDecimal;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Salesforce's REST, Bulk API 2.0 and OAuth token endpoints, written from their documentation:
 * token grants with rotating refresh tokens and INVALID_SESSION_ID, query/queryAll with
 * nextRecordsUrl and batchSize, a real SOQL subset ({@link SimSoql}), describe with custom fields,
 * the deleted-records log, Sforce-Limit-Info counting down a daily quota, QUERY_TIMEOUT on wide
 * windows, and Bulk query jobs with CSV pages and locators.
 *
 * <p>The standard objects' field names and types are the documented fields of a default org
 * ({@link SalesforceOrg}); the custom fields and the custom object are the simulator's own, and a
 * connector learns them only through describe.
 *
 * <p>Field-level security ({@link #hideFields}): a field the integration user may not see is, for
 * that user, not there at all. Salesforce documents that describe lists only the fields the user
 * can access, and a query naming any other field fails with {@code INVALID_FIELD} ("No such column
 * 'X' on entity 'Y'"), the message that troubleshooting guides trace to field-level visibility.
 * So a hidden field is left out of describe, and a query, queryAll or Bulk 2.0 query job that
 * names it anywhere (select list, WHERE, ORDER BY) answers 400 with the REST error array; records
 * never carry it. Audit fields ({@code CreatedById}, {@code LastModifiedById}) and even {@code Id},
 * {@code IsDeleted} and {@code SystemModstamp} can be hidden, to check that a connector fails
 * clearly rather than reading less.
 *
 * <p>Deletes, as documented: {@code query} leaves out rows with {@code IsDeleted = true},
 * {@code queryAll} returns them (and {@code SELECT COUNT()} counts them there only), and the
 * deleted-records resource lists both recycle-bin deletes and hard deletes, each at the time it
 * happened.
 */
public final class SalesforceSimulator implements AutoCloseable {
  public static final String VERSION = "v62.0";
  public static final String CLIENT_ID = "sim-client-id";
  /** The org and the integration user the token response's identity URL ({@code id}) names. */
  public static final String ORG_ID = "00Dsim000000001AAA";
  public static final String USER_ID = "005sim000000001AAA";
  public static final String CLIENT_SECRET = "sim-client-secret";
  static final String JWT_USER = "integration@example.com";
  static final String INVALID_SESSION =
      "[{\"message\":\"Session expired or invalid\",\"errorCode\":\"INVALID_SESSION_ID\"}]";

  /** Custom fields of Account, visible only through describe; Health__c is a formula. */
  static final List<SimField> ACCOUNT_CUSTOM = List.of(
      new SimField("Region__c", "picklist", true, false),
      new SimField("Score__c", "double", true, false),
      new SimField("Renewal_Date__c", "date", true, false),
      new SimField("Health__c", "percent", true, true));

  /** A custom object, for the {@code objects} option. */
  static final List<SimField> INVOICE = List.of(
      new SimField("Id", "id", false, false),
      new SimField("IsDeleted", "boolean", false, false),
      new SimField("Name", "string", false, false),
      new SimField("CreatedDate", "datetime", false, false),
      new SimField("SystemModstamp", "datetime", false, false),
      new SimField("Account__c", "reference", true, false),
      new SimField("Amount__c", "currency", true, false),
      new SimField("Due_Date__c", "date", true, false));

  private static final AtomicInteger INSTANCES = new AtomicInteger();

  private final SimClock clock;
  private final Dataset data;
  private final Map<String, List<SimField>> fields = new LinkedHashMap<>();
  private final Map<String, Integer> seeded = new LinkedHashMap<>();
  private final AtomicLong used = new AtomicLong();
  private volatile long quotaLimit = 1_000_000;
  private volatile boolean rotate = true;
  /**
   * Token sources share their state per identity in the JVM (endpoint, client, configured refresh
   * token): a token of its own keeps each simulator, even on a reused port, apart from the others.
   */
  private final String tokenPrefix = "refresh-" + INSTANCES.incrementAndGet() + "-";
  private volatile String refreshToken = tokenPrefix + "0";
  private volatile PublicKey jwtKey;
  private final AtomicInteger tokens = new AtomicInteger();
  private final AtomicInteger tokenRequests = new AtomicInteger();
  /**
   * The access tokens (sessions) still valid. Salesforce keeps every session an app obtained valid
   * until the session timeout ends it; a new token does not end the others.
   */
  private final Set<String> sessions = ConcurrentHashMap.newKeySet();
  /** Refresh-token redemptions refused with invalid_grant, such as a rotated-out token reused. */
  private final AtomicInteger refusedGrants = new AtomicInteger();
  private final Map<String, Integer> timeoutAbove = new ConcurrentHashMap<>();
  private final Map<String, List<ObjectNode>> cursors = new ConcurrentHashMap<>();
  private final Map<String, Job> jobs = new ConcurrentHashMap<>();
  /** Fields the integration user cannot see, by object: field-level security. */
  private final Map<String, Set<String>> hidden = new ConcurrentHashMap<>();
  private final AtomicInteger ids = new AtomicInteger();
  private Simulator sim;

  /** A Bulk query job: its rows, fixed when created, and how many polls until it completes. */
  private static final class Job {
    final String id;
    final String object;
    final List<String> columns;
    final List<ObjectNode> rows;
    final String error;
    int polls;

    Job(String id, String object, List<String> columns, List<ObjectNode> rows, String error) {
      this.id = id;
      this.object = object;
      this.columns = columns;
      this.rows = rows;
      this.error = error;
    }
  }

  private SalesforceSimulator(long seed, int perObject) {
    // A day behind the wall clock, so the connector's real clock is always after the data.
    this.clock = SimClock.at(Instant.now().minus(Duration.ofDays(1)));
    this.data = Dataset.seeded(seed, clock);
    for (String name : SalesforceOrg.objects()) {
      List<SimField> f = new ArrayList<>(SalesforceOrg.fields(name));
      if (name.equals("Account")) {
        f.addAll(ACCOUNT_CUSTOM);
      }
      fields.put(name, f);
    }
    fields.put("Invoice__c", INVOICE);
    for (Map.Entry<String, List<SimField>> e : fields.entrySet()) {
      seed(e.getKey(), e.getValue(), perObject);
    }
  }

  public static SalesforceSimulator start(long seed, int perObject) {
    SalesforceSimulator s = new SalesforceSimulator(seed, perObject);
    s.sim = s.build();
    return s;
  }

  public String baseUrl() {
    return sim.baseUrl();
  }

  public Simulator simulator() {
    return sim;
  }

  public SimClock clock() {
    return clock;
  }

  public DataTable table(String object) {
    return data.table(object);
  }

  /** Connection options for the refresh-token grant against this simulator. */
  public Map<String, String> connectionOptions() {
    return Map.of("instance_url", baseUrl(), "login_url", baseUrl(), "client_id", CLIENT_ID,
        "client_secret", CLIENT_SECRET, "refresh_token", refreshToken, "api_version", VERSION);
  }

  /** The live Ids of {@code object}: the ground truth a complete read must deliver. */
  public java.util.Set<List<String>> liveKeys(String object) {
    return data.table(object).keys("Id");
  }

  public String currentRefreshToken() {
    return refreshToken;
  }

  public int tokenRequests() {
    return tokenRequests.get();
  }

  /** Token requests refused with invalid_grant, such as a refresh token that rotation invalidated. */
  public int refusedGrants() {
    return refusedGrants.get();
  }

  /** Invalidates every issued access token, as a session timeout does. */
  public void expireSessions() {
    sessions.clear();
  }

  /**
   * Brings the simulator's clock up to the wall clock, so that the mutations that follow happen
   * "now" for a connector on the real clock.
   */
  public void catchUp() {
    clock.set(Instant.now().truncatedTo(ChronoUnit.SECONDS));
  }

  public void quota(long usedSoFar, long limit) {
    used.set(usedSoFar);
    quotaLimit = limit;
  }

  public long used() {
    return used.get();
  }

  /**
   * Hides {@code names} of {@code sobject} from the integration user, as a profile without
   * field-level access does: describe omits them, and any query naming them answers 400
   * INVALID_FIELD. Takes effect at once, before or during a run. Hiding a compound field (an
   * address) hides its components too.
   */
  public void hideFields(String sobject, String... names) {
    List<SimField> known = fields.get(sobject);
    if (known == null) {
      throw new IllegalArgumentException("Cannot hide fields of '" + sobject + "': no such object in the simulator");
    }
    for (String name : names) {
      if (!knownField(sobject, name)) {
        throw new IllegalArgumentException("Cannot hide '" + name + "' on '" + sobject + "': no such field");
      }
    }
    hidden.computeIfAbsent(sobject, o -> ConcurrentHashMap.newKeySet()).addAll(List.of(names));
  }

  /** The fields of {@code sobject} hidden from the integration user. */
  Set<String> hiddenFields(String sobject) {
    return Set.copyOf(hidden.getOrDefault(sobject, Set.of()));
  }

  private boolean isHidden(String object, String name) {
    Set<String> names = hidden.getOrDefault(object, Set.of());
    if (names.contains(name)) {
      return true;
    }
    for (String compound : names) {
      for (String part : SalesforceOrg.ADDRESS_PARTS) {
        if (SalesforceOrg.addressComponent(compound, part).equals(name)) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * Refresh token rotation, on by default: as Salesforce documents for the OAuth 2.0 refresh token
   * flow with rotation enabled on the app, each redemption returns a new refresh token with the
   * access token and invalidates the previous one, so a second redemption of the same token
   * answers 400 invalid_grant. Access tokens already issued stay valid.
   */
  public void rotateRefreshTokens(boolean on) {
    rotate = on;
  }

  void trustJwtKey(PublicKey key) {
    jwtKey = key;
  }

  /**
   * Queries on {@code object} that match more than {@code rows} rows answer QUERY_TIMEOUT, as a
   * query that is not selective enough does on a large object.
   */
  public void timeoutAbove(String object, int rows) {
    timeoutAbove.put(object, rows);
  }

  @Override
  public void close() {
    if (sim != null) {
      sim.close();
    }
  }

  // ---- data ----

  public static String idOf(String object, long seq) {
    String prefix = switch (object) {
      case "Account" -> "001";
      case "Contact" -> "003";
      case "Opportunity" -> "006";
      case "Lead" -> "00Q";
      case "User" -> "005";
      default -> "a" + String.format("%02d", Math.abs(object.hashCode()) % 100);
    };
    return prefix + String.format("%012d", seq) + "AAA";
  }

  private void seed(String object, List<SimField> objectFields, int count) {
    boolean history = object.endsWith("History");
    boolean hasDeleted = objectFields.stream().anyMatch(f -> f.name().equals("IsDeleted"));
    boolean hasCreated = objectFields.stream().anyMatch(f -> f.name().equals("CreatedDate"));
    TableLayout layout = new TableLayout("_seq", history ? "CreatedDate" : "SystemModstamp",
        history || !hasCreated ? null : "CreatedDate", hasDeleted && !history ? "IsDeleted" : null,
        TimeFormat.ISO_MILLIS_OFFSET);
    DataTable table = data.table(object, layout);
    seeded.put(object, count);
    table.seed(count, (seq, random) -> record(object, objectFields, seq, random));
  }

  /** A new record of a standard object with only the fields a default org documents for it: no custom field set. */
  public ObjectNode standardRecord(String object, long seq, Random random) {
    return record(object, SalesforceOrg.fields(object), seq, random);
  }

  ObjectNode record(String object, List<SimField> objectFields, long seq, Random r) {
    ObjectNode record = Json.object();
    record.put("Id", idOf(object, seq));
    for (SimField f : objectFields) {
      String n = f.name();
      if (n.equals("Id") || (n.equals("SystemModstamp") && !object.endsWith("History")) || n.equals("IsDeleted")
          || (n.equals("CreatedDate") && !object.endsWith("History"))) {
        continue;
      }
      record.set(n, value(f, seq, r));
    }
    if (object.endsWith("History")) {
      record.put("IsDeleted", false);
    }
    return record;
  }

  private JsonNode value(SimField f, long seq, Random r) {
    var nf = Json.MAPPER.getNodeFactory();
    return switch (f.type()) {
      case "boolean" -> nf.booleanNode(r.nextBoolean());
      case "int" -> nf.numberNode(r.nextInt(5000));
      case "double" -> nf.numberNode(new BigDecimal(r.nextInt(100000)).movePointLeft(2));
      case "currency" -> nf.numberNode(new BigDecimal(r.nextInt(10_000_000)).movePointLeft(2));
      case "percent" -> nf.numberNode(new BigDecimal(r.nextInt(101)));
      case "date" -> nf.textNode(clock.instant().minus(Duration.ofDays(r.nextInt(400))).toString().substring(0, 10));
      case "datetime" -> TimeFormat.ISO_MILLIS_OFFSET.write(clock.instant().minusSeconds(r.nextInt(90 * 86400)));
      case "reference" -> nf.textNode(f.name().equals("AccountId") || f.name().equals("Account__c")
          ? idOf("Account", 1 + r.nextInt(seeded.getOrDefault("Account", 1)))
          : idOf(f.name(), 1 + r.nextInt(1000)));
      case "email" -> nf.textNode("person" + seq + "@example.com");
      case "phone" -> nf.textNode("+1 555 01" + String.format("%02d", seq % 100));
      case "url" -> nf.textNode("https://example.com/" + seq);
      case "address" -> {
        ObjectNode a = Json.object();
        a.put("street", seq + " Main St").put("city", "Springfield").put("state", "Illinois")
            .put("stateCode", "IL").put("postalCode", "627" + String.format("%02d", seq % 100))
            .put("country", "United States").put("countryCode", "US")
            .put("latitude", 39.78 + r.nextInt(100) / 1000.0).put("longitude", -89.65)
            .put("geocodeAccuracy", "Address");
        yield a;
      }
      default -> nf.textNode(f.name() + " " + seq);
    };
  }

  /** Reads a field of a stored record the way SOQL sees it, address components included. */
  private Function<String, JsonNode> reader(String object, ObjectNode record) {
    return name -> {
      if (name.equals("LastModifiedDate") && !record.has(name)) {
        return record.get("SystemModstamp");
      }
      if (record.has(name)) {
        return record.get(name);
      }
      for (SimField f : fields.get(object)) {
        if (f.type().equals("address")) {
          for (String part : SalesforceOrg.ADDRESS_PARTS) {
            if (SalesforceOrg.addressComponent(f.name(), part).equals(name)) {
              JsonNode a = record.get(f.name());
              return a == null ? null : a.get(part);
            }
          }
        }
      }
      return null;
    };
  }

  private boolean knownField(String object, String name) {
    if (fields.get(object).stream().anyMatch(f -> f.name().equals(name))) {
      return true;
    }
    return fields.get(object).stream().filter(f -> f.type().equals("address"))
        .anyMatch(f -> SalesforceOrg.ADDRESS_PARTS.stream()
            .anyMatch(p -> SalesforceOrg.addressComponent(f.name(), p).equals(name)));
  }

  // ---- endpoints ----

  private Simulator build() {
    String data = "/services/data/{v}";
    return Simulator.builder(this.data)
        .auth(AuthCheck.bearerAny(sessions).rejectingWith(INVALID_SESSION))
        .errors((status, code, message) -> error(code, message))
        .endpoint(Endpoint.custom("/services/oauth2/token", this::token).method("POST").withoutAuth())
        .endpoint(Endpoint.custom(data + "/limits", metered(this::limits)))
        .endpoint(Endpoint.custom(data + "/query", metered(r -> query(r, false))))
        .endpoint(Endpoint.custom(data + "/queryAll", metered(r -> query(r, true))))
        .endpoint(Endpoint.custom(data + "/query/{locator}", metered(this::more)))
        .endpoint(Endpoint.custom(data + "/queryAll/{locator}", metered(this::more)))
        .endpoint(Endpoint.custom(data + "/sobjects/{object}/describe", metered(this::describe)))
        .endpoint(Endpoint.custom(data + "/sobjects/{object}/deleted", metered(this::deleted)))
        .endpoint(Endpoint.custom(data + "/jobs/query", metered(this::createJob)).method("POST"))
        .endpoint(Endpoint.custom(data + "/jobs/query/{id}", metered(this::jobInfo)))
        .endpoint(Endpoint.custom(data + "/jobs/query/{id}", metered(this::deleteJob)).method("DELETE"))
        .endpoint(Endpoint.custom(data + "/jobs/query/{id}/results", metered(this::results)))
        .start();
  }

  private static String error(String code, String message) {
    ArrayNode body = Json.MAPPER.createArrayNode();
    body.addObject().put("message", message).put("errorCode", code);
    return body.toString();
  }

  private static SimResponse fail(int status, String code, String message) {
    return SimResponse.json(status, error(code, message));
  }

  /** Counts the request against the daily quota and reports usage as Salesforce does. */
  private Handler metered(Handler handler) {
    return request -> {
      long now = used.incrementAndGet();
      if (now > quotaLimit) {
        return fail(403, "REQUEST_LIMIT_EXCEEDED", "TotalRequests Limit exceeded.")
            .header("Sforce-Limit-Info", "api-usage=" + now + "/" + quotaLimit);
      }
      return handler.handle(request).header("Sforce-Limit-Info", "api-usage=" + now + "/" + quotaLimit);
    };
  }

  private synchronized SimResponse token(SimRequest request) {
    tokenRequests.incrementAndGet();
    Map<String, String> form = form(request.body());
    String grant = form.getOrDefault("grant_type", "");
    boolean ok = switch (grant) {
      case "refresh_token" -> CLIENT_ID.equals(form.get("client_id")) && CLIENT_SECRET.equals(form.get("client_secret"))
          && refreshToken.equals(form.get("refresh_token"));
      case "client_credentials" -> CLIENT_ID.equals(form.get("client_id")) && CLIENT_SECRET.equals(form.get("client_secret"));
      case "urn:ietf:params:oauth:grant-type:jwt-bearer" -> validJwt(form.getOrDefault("assertion", ""));
      default -> false;
    };
    if (!ok) {
      refusedGrants.incrementAndGet();
      return SimResponse.json(400, grant.equals("refresh_token")
          ? "{\"error\":\"invalid_grant\",\"error_description\":\"expired access/refresh token\"}"
          : "{\"error\":\"invalid_grant\",\"error_description\":\"authentication failure\"}");
    }
    String access = "00Dsim!access-" + tokens.incrementAndGet();
    sessions.add(access);
    ObjectNode body = Json.object().put("access_token", access).put("instance_url", request.baseUrl())
        .put("id", request.baseUrl() + "/id/" + ORG_ID + "/" + USER_ID).put("token_type", "Bearer").put("issued_at", String.valueOf(clock.millis()));
    if (grant.equals("refresh_token") && rotate) {
      refreshToken = tokenPrefix + tokens.get();
      body.put("refresh_token", refreshToken);
    }
    return SimResponse.json(200, body);
  }

  /**
   * "List Organization Limits": each limit as {@code {"Max": n, "Remaining": n}}; only the daily API
   * requests here, from the simulated quota, which this call draws on like every data call here.
   */
  private SimResponse limits(SimRequest request) {
    ObjectNode body = Json.object();
    body.putObject("DailyApiRequests").put("Max", quotaLimit).put("Remaining", Math.max(0, quotaLimit - used.get()));
    return SimResponse.json(200, body);
  }

  private boolean validJwt(String assertion) {
    String[] parts = assertion.split("\\.");
    if (parts.length != 3 || jwtKey == null) {
      return false;
    }
    try {
      Signature verifier = Signature.getInstance("SHA256withRSA");
      verifier.initVerify(jwtKey);
      verifier.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
      JsonNode claims = Json.MAPPER.readTree(Base64.getUrlDecoder().decode(parts[1]));
      return verifier.verify(Base64.getUrlDecoder().decode(parts[2]))
          && CLIENT_ID.equals(claims.path("iss").asText()) && JWT_USER.equals(claims.path("sub").asText())
          && claims.path("aud").asText().equals(sim.baseUrl())
          && claims.path("exp").asLong() > Instant.now().getEpochSecond();
    } catch (Exception e) {
      return false;
    }
  }

  private static Map<String, String> form(String body) {
    Map<String, String> form = new LinkedHashMap<>();
    for (String pair : body.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        form.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    return form;
  }

  private SimResponse query(SimRequest request, boolean all) {
    SimSoql soql;
    String text = request.param("q").orElse("");
    try {
      soql = SimSoql.parse(text);
    } catch (SimSoql.Malformed e) {
      return fail(400, "MALFORMED_QUERY", e.getMessage());
    }
    Optional<SimResponse> invalid = validate(soql, text);
    if (invalid.isPresent()) {
      return invalid.get();
    }
    List<ObjectNode> rows = rows(soql, all);
    Integer maxRows = timeoutAbove.get(soql.object());
    if (maxRows != null && !soql.count() && rows.size() > maxRows) {
      return fail(400, "QUERY_TIMEOUT", "Your query request was running for too long.");
    }
    if (soql.count()) {
      return SimResponse.json(200, Json.object().put("totalSize", rows.size()).put("done", true)
          .set("records", Json.MAPPER.createArrayNode()));
    }
    int batch = request.header("Sforce-Query-Options").map(h -> h.replaceAll(".*batchSize=(\\d+).*", "$1"))
        .filter(s -> s.matches("\\d+")).map(Integer::parseInt).orElse(2000);
    List<ObjectNode> projected = rows.stream().map(r -> project(soql, r)).toList();
    return page(projected, 0, Math.max(1, batch));
  }

  private SimResponse more(SimRequest request) {
    String locator = request.pathVars().get("locator");
    int dash = locator.lastIndexOf('-');
    List<ObjectNode> rows = dash < 0 ? null : cursors.get(locator.substring(0, dash));
    if (rows == null) {
      return fail(400, "INVALID_QUERY_LOCATOR", "invalid query locator");
    }
    String[] posAndBatch = locator.substring(dash + 1).split("x");
    return page(rows, Integer.parseInt(posAndBatch[0]), Integer.parseInt(posAndBatch[1]), locator.substring(0, dash));
  }

  private SimResponse page(List<ObjectNode> rows, int from, int batch) {
    String id = "01gSIM" + ids.incrementAndGet();
    cursors.put(id, rows);
    return page(rows, from, batch, id);
  }

  private SimResponse page(List<ObjectNode> rows, int from, int batch, String id) {
    int to = Math.min(rows.size(), from + batch);
    ObjectNode body = Json.object().put("totalSize", rows.size()).put("done", to >= rows.size());
    if (to < rows.size()) {
      body.put("nextRecordsUrl", "/services/data/" + VERSION + "/query/" + id + "-" + to + "x" + batch);
    }
    ArrayNode records = body.putArray("records");
    rows.subList(from, to).forEach(r -> records.add(visible(r)));
    return SimResponse.json(200, body);
  }

  /**
   * The row without fields hidden since its query ran: a later page of a query locator follows
   * the field-level security of the moment it is fetched.
   */
  private ObjectNode visible(ObjectNode row) {
    String object = row.path("attributes").path("type").asText();
    if (hidden.getOrDefault(object, Set.of()).isEmpty()) {
      return row;
    }
    ObjectNode copy = row.deepCopy();
    row.fieldNames().forEachRemaining(name -> {
      if (isHidden(object, name)) {
        copy.remove(name);
      }
    });
    return copy;
  }

  /**
   * Rejects a query naming a field the object lacks or the user cannot see, with Salesforce's
   * INVALID_FIELD message: the query line, a caret under the field, its row and column, then "No
   * such column". WHERE fields are checked as well; {@code LastModifiedDate} is accepted there
   * on every object, since the simulator reads it as {@code SystemModstamp} where it is missing.
   */
  private Optional<SimResponse> validate(SimSoql soql, String text) {
    if (!fields.containsKey(soql.object())) {
      return Optional.of(fail(400, "INVALID_TYPE", "sObject type '" + soql.object() + "' is not supported."));
    }
    List<String> referenced = new ArrayList<>(soql.fields());
    soql.orderBy().forEach(o -> referenced.add(o.field()));
    for (String f : referenced) {
      if (!knownField(soql.object(), f) || isHidden(soql.object(), f)) {
        return Optional.of(fail(400, "INVALID_FIELD", noSuchColumn(text, soql.object(), f)));
      }
    }
    for (String f : soql.whereFields()) {
      boolean known = knownField(soql.object(), f) || f.equals("LastModifiedDate");
      if (!known || isHidden(soql.object(), f)) {
        return Optional.of(fail(400, "INVALID_FIELD", noSuchColumn(text, soql.object(), f)));
      }
    }
    return Optional.empty();
  }

  /** Salesforce's INVALID_FIELD message for {@code field} in {@code soql}; row and column 1-based. */
  static String noSuchColumn(String soql, String object, String field) {
    String[] lines = soql.split("\n", -1);
    int row = 1;
    int column = 1;
    Pattern name = Pattern.compile("(?<![A-Za-z0-9_.])" + Pattern.quote(field) + "(?![A-Za-z0-9_])");
    for (int i = 0; i < lines.length; i++) {
      Matcher m = name.matcher(lines[i]);
      if (m.find()) {
        row = i + 1;
        column = m.start() + 1;
        break;
      }
    }
    return "\n" + lines[row - 1] + "\n" + " ".repeat(column - 1) + "^\nERROR at Row:" + row + ":Column:" + column
        + "\nNo such column '" + field + "' on entity '" + object + "'. If you are attempting to use a custom "
        + "field, be sure to append the '__c' after the custom field name. Please reference your WSDL or the "
        + "describe call for the appropriate names.";
  }

  private List<ObjectNode> rows(SimSoql soql, boolean all) {
    DataTable table = data.table(soql.object());
    List<ObjectNode> source = all ? table.allRecords() : table.records();
    return source.stream()
        .filter(soql.filter(r -> reader(soql.object(), r)))
        .sorted(soql.comparator(r -> reader(soql.object(), r)))
        .limit(soql.limit().orElse(Integer.MAX_VALUE))
        .toList();
  }

  private ObjectNode project(SimSoql soql, ObjectNode record) {
    ObjectNode out = Json.object();
    out.putObject("attributes").put("type", soql.object())
        .put("url", "/services/data/" + VERSION + "/sobjects/" + soql.object() + "/" + record.path("Id").asText());
    Function<String, JsonNode> read = reader(soql.object(), record);
    for (String f : soql.fields()) {
      if (isHidden(soql.object(), f)) {
        continue; // a query naming it was refused; a field hidden since must not leak into rows either
      }
      JsonNode v = read.apply(f);
      out.set(f, v == null ? Json.MAPPER.nullNode() : v);
    }
    return out;
  }

  private SimResponse describe(SimRequest request) {
    String object = request.pathVars().get("object");
    if (!fields.containsKey(object)) {
      return fail(404, "NOT_FOUND", "The requested resource does not exist");
    }
    ObjectNode body = Json.object().put("name", object).put("custom", object.endsWith("__c"))
        .put("deletable", !object.equals("User") && !object.equals("UserRole"));
    ArrayNode list = body.putArray("fields");
    for (SimField f : fields.get(object)) {
      if (isHidden(object, f.name())) {
        continue;
      }
      list.addObject().put("name", f.name()).put("type", f.type()).put("custom", f.custom())
          .put("calculated", f.formula()).put("filterable", true).put("sortable", !f.compound())
          .putNull("compoundFieldName");
      if (f.type().equals("address")) {
        for (String part : SalesforceOrg.ADDRESS_PARTS) {
          if (isHidden(object, SalesforceOrg.addressComponent(f.name(), part))) {
            continue;
          }
          list.addObject().put("name", SalesforceOrg.addressComponent(f.name(), part))
              .put("type", part.equals("latitude") || part.equals("longitude") ? "double" : "string")
              .put("custom", false).put("calculated", false).put("compoundFieldName", f.name());
        }
      }
    }
    return SimResponse.json(200, body);
  }

  private SimResponse deleted(SimRequest request) {
    String object = request.pathVars().get("object");
    Optional<Instant> start = request.param("start").flatMap(TimeFormat::parse);
    Optional<Instant> end = request.param("end").flatMap(TimeFormat::parse);
    if (start.isEmpty() || end.isEmpty() || !end.get().isAfter(start.get())) {
      return fail(400, "INVALID_REPLICATION_DATE", "start and end are required and end must be after start");
    }
    Instant now = Instant.now();
    Instant earliest = now.minus(Duration.ofDays(15)).truncatedTo(ChronoUnit.MINUTES);
    if (start.get().isBefore(earliest)) {
      return fail(400, "INVALID_REPLICATION_DATE", "startDate must be within the last 15 days");
    }
    // The log ignores seconds.
    Instant from = start.get().truncatedTo(ChronoUnit.MINUTES);
    Instant to = end.get().truncatedTo(ChronoUnit.MINUTES);
    DataTable table = data.table(object);
    ObjectNode body = Json.object();
    ArrayNode deleted = body.putArray("deletedRecords");
    // The delete log holds every delete: records in the recycle bin (IsDeleted = true, deleted when
    // their SystemModstamp was last bumped) as well as records removed for good.
    Map<String, Instant> log = new java.util.TreeMap<>();
    table.hardDeletedAt().forEach((seq, at) -> log.put(idOf(object, seq), at));
    for (ObjectNode r : table.allRecords()) {
      if (r.path("IsDeleted").asBoolean(false)) {
        TimeFormat.parse(r.get("SystemModstamp")).ifPresent(at -> log.put(r.path("Id").asText(), at));
      }
    }
    log.entrySet().stream()
        .filter(e -> !e.getValue().isBefore(from) && e.getValue().isBefore(to))
        .sorted(Map.Entry.<String, Instant>comparingByValue().thenComparing(Map.Entry.comparingByKey()))
        .forEach(e -> deleted.addObject().put("id", e.getKey())
            .set("deletedDate", TimeFormat.ISO_MILLIS_OFFSET.write(e.getValue())));
    body.set("earliestDateAvailable", TimeFormat.ISO_MILLIS_OFFSET.write(earliest));
    body.set("latestDateCovered", TimeFormat.ISO_MILLIS_OFFSET.write(to));
    return SimResponse.json(200, body);
  }

  private SimResponse createJob(SimRequest request) {
    JsonNode spec;
    try {
      spec = Json.MAPPER.readTree(request.body());
    } catch (Exception e) {
      return fail(400, "JSON_PARSER_ERROR", "the body is not JSON");
    }
    String operation = spec.path("operation").asText();
    if (!operation.equals("query") && !operation.equals("queryAll")) {
      return fail(400, "INVALIDJOB", "operation must be query or queryAll");
    }
    SimSoql soql;
    try {
      soql = SimSoql.parse(spec.path("query").asText());
    } catch (SimSoql.Malformed e) {
      return fail(400, "MALFORMED_QUERY", e.getMessage());
    }
    Optional<SimResponse> invalid = validate(soql, spec.path("query").asText());
    if (invalid.isPresent()) {
      return invalid.get();
    }
    String error = null;
    for (String f : soql.fields()) {
      if (fields.get(soql.object()).stream().anyMatch(x -> x.name().equals(f) && x.compound())) {
        error = "FeatureNotEnabled : Selecting compound data not supported in Bulk Query";
      }
    }
    String id = "750SIM" + ids.incrementAndGet();
    List<ObjectNode> rows = error != null ? List.of()
        : rows(soql, operation.equals("queryAll")).stream().map(r -> project(soql, r)).toList();
    jobs.put(id, new Job(id, soql.object(), soql.fields(), rows, error));
    return SimResponse.json(200, Json.object().put("id", id).put("operation", operation)
        .put("object", soql.object()).put("state", "UploadComplete").put("contentType", "CSV"));
  }

  private SimResponse jobInfo(SimRequest request) {
    Job job = jobs.get(request.pathVars().get("id"));
    if (job == null) {
      return fail(404, "NOT_FOUND", "The requested resource does not exist");
    }
    job.polls++;
    String state = job.error != null ? "Failed" : job.polls < 2 ? "InProgress" : "JobComplete";
    ObjectNode body = Json.object().put("id", job.id).put("object", job.object).put("state", state)
        .put("numberRecordsProcessed", job.rows.size());
    if (job.error != null) {
      body.put("errorMessage", job.error);
    }
    return SimResponse.json(200, body);
  }

  private SimResponse deleteJob(SimRequest request) {
    return jobs.remove(request.pathVars().get("id")) == null
        ? fail(404, "NOT_FOUND", "The requested resource does not exist")
        : new SimResponse(204, "text/plain", "", Map.of());
  }

  private SimResponse results(SimRequest request) {
    Job job = jobs.get(request.pathVars().get("id"));
    if (job == null) {
      return fail(404, "NOT_FOUND", "The requested resource does not exist");
    }
    if (job.polls < 2 || job.error != null) {
      return fail(400, "INVALIDJOBSTATE", "the job is not complete");
    }
    int from = request.param("locator").map(Integer::parseInt).orElse(0);
    int max = request.param("maxRecords").map(Integer::parseInt).orElse(job.rows.size());
    int to = Math.min(job.rows.size(), from + max);
    CsvSchema.Builder schema = CsvSchema.builder().setUseHeader(true);
    job.columns.forEach(schema::addColumn);
    List<Map<String, String>> lines = new ArrayList<>();
    for (ObjectNode row : job.rows.subList(from, to)) {
      Map<String, String> line = new LinkedHashMap<>();
      for (String c : job.columns) {
        JsonNode v = row.get(c);
        line.put(c, v == null || v.isNull() ? "" : v.isNumber() ? v.decimalValue().toPlainString() : v.asText());
      }
      lines.add(line);
    }
    String csv;
    try {
      csv = new CsvMapper().writer(schema.build()).writeValueAsString(lines);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    return SimResponse.text(200, "text/csv", csv)
        .header("Sforce-Locator", to < job.rows.size() ? String.valueOf(to) : "null")
        .header("Sforce-NumberOfRecords", String.valueOf(to - from));
  }
}
