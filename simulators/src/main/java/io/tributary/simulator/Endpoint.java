package io.tributary.simulator;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One endpoint of a simulator, declared fluently and handed to {@link Simulator.Builder#endpoint}:
 *
 * <pre>
 * Endpoint.list("/api/v2/tickets", tickets)
 *     .envelope(Envelope.key("tickets"))
 *     .paging(Paging.pageNumber("page", "per_page").perPage(30, 100).maxPage(300).withLinkHeader())
 *     .since("updated_since", "updated_at")
 *     .equalTo("requester_id", "requester_id")
 *     .hiddenUnless("filter", "deleted", "deleted")
 *     .defaultWindow("created_at", Duration.ofDays(30))
 *     .sortParams("order_by", "order_type", "created_at", "updated_at")
 *     .sortBy(Sort.desc("created_at"));
 * Endpoint.item("/api/v2/tickets/{id}", tickets).envelope(Envelope.key("ticket"));
 * Endpoint.list("/api/v2/tickets/{id}/requested_items", items).pathField("id", "ticket_id")
 *     .envelope(Envelope.key("requested_items"));
 * Endpoint.custom("/oauth/token", request -> SimResponse.json(200, "{...}")).method("POST").withoutAuth();
 * </pre>
 *
 * Declare it completely before the simulator starts; it is read then.
 */
public final class Endpoint {
  enum Kind { LIST, ITEM, CUSTOM }

  /** A {@code >=} (or, for {@code before}, {@code <}) filter of a timestamp parameter on a field. */
  record TimeFilter(String param, String field, boolean upperBound) {}

  /** Records whose {@code flag} is true are listed only, and alone, when {@code param=value}. */
  record Hidden(String param, String value, String flag) {}

  final Kind kind;
  final PathTemplate path;
  final DataTable table;
  final Handler handler;
  String method = "GET";
  Envelope envelope = Envelope.array();
  Paging paging = Paging.none();
  final List<TimeFilter> timeFilters = new ArrayList<>();
  final Map<String, String> equalities = new LinkedHashMap<>();
  final Map<String, String> pathFields = new LinkedHashMap<>();
  final List<Hidden> hidden = new ArrayList<>();
  DataTable parent;
  final List<String> required = new ArrayList<>();
  String windowField;
  Duration window;
  Sort sort;
  String sortFieldParam;
  String sortOrderParam;
  final List<String> sortableFields = new ArrayList<>();
  boolean authenticated = true;

  private Endpoint(Kind kind, String path, DataTable table, Handler handler) {
    this.kind = kind;
    this.path = PathTemplate.parse(Objects.requireNonNull(path, "path"));
    this.table = table;
    this.handler = handler;
  }

  /** Lists {@code table}'s records, filtered, sorted and paged as declared. */
  public static Endpoint list(String path, DataTable table) {
    return new Endpoint(Kind.LIST, path, Objects.requireNonNull(table, "table"), null);
  }

  /** Returns the record whose id is the path variable {@code {id}}; 404 when there is none. */
  public static Endpoint item(String path, DataTable table) {
    Endpoint endpoint = new Endpoint(Kind.ITEM, path, Objects.requireNonNull(table, "table"), null);
    if (!path.contains("{id}")) {
      throw new IllegalArgumentException("Cannot declare item endpoint " + path + ": it needs an {id} segment");
    }
    return endpoint;
  }

  /** Answers with {@code handler}; for the odd endpoints. Auth, rate limit and faults still apply. */
  public static Endpoint custom(String path, Handler handler) {
    return new Endpoint(Kind.CUSTOM, path, null, Objects.requireNonNull(handler, "handler"));
  }

  /** The HTTP method; GET by default. */
  public Endpoint method(String httpMethod) {
    this.method = httpMethod;
    return this;
  }

  public Endpoint envelope(Envelope value) {
    this.envelope = Objects.requireNonNull(value, "envelope");
    return this;
  }

  public Endpoint paging(Paging value) {
    this.paging = Objects.requireNonNull(value, "paging");
    return this;
  }

  /** {@code field >= param}; the parameter takes ISO-8601 or epoch seconds. */
  public Endpoint since(String param, String field) {
    timeFilters.add(new TimeFilter(param, field, false));
    return this;
  }

  /** {@code field < param}. */
  public Endpoint before(String param, String field) {
    timeFilters.add(new TimeFilter(param, field, true));
    return this;
  }

  /** {@code field == param}, compared as text. */
  public Endpoint equalTo(String param, String field) {
    equalities.put(param, field);
    return this;
  }

  /** {@code field == } the path variable {@code var}: a child listing under its parent. */
  public Endpoint pathField(String var, String field) {
    pathFields.put(var, field);
    return this;
  }

  /**
   * A child list under a record of {@code parentTable}: when the record the path's first variable
   * names is gone (hard-deleted, or never existed), the list answers 404 as the APIs do, rather
   * than an empty list. Soft-deleted parents still list their children. Use with {@link
   * #pathField}.
   */
  public Endpoint parent(DataTable parentTable) {
    parent = Objects.requireNonNull(parentTable, "parentTable");
    return this;
  }

  /**
   * Records whose boolean {@code flag} is true are hidden unless {@code param=value}, and then
   * only they are listed: Freshdesk's {@code filter=deleted} and {@code filter=spam}.
   */
  public Endpoint hiddenUnless(String param, String value, String flag) {
    hidden.add(new Hidden(param, value, flag));
    return this;
  }

  /**
   * When none of the {@link #since} parameters is given, only records whose {@code field} lies
   * within {@code window} before the clock's now are listed: Freshdesk's "last 30 days" default.
   */
  public Endpoint defaultWindow(String field, Duration length) {
    this.windowField = field;
    this.window = length;
    return this;
  }

  /** The default order; without it, id ascending. Ties are always broken by id ascending. */
  public Endpoint sortBy(Sort order) {
    this.sort = order;
    return this;
  }

  /**
   * Lets the client choose the order: {@code fieldParam} names one of {@code fields},
   * {@code orderParam} is {@code asc} or {@code desc}. Other values answer 400.
   */
  public Endpoint sortParams(String fieldParam, String orderParam, String... fields) {
    this.sortFieldParam = fieldParam;
    this.sortOrderParam = orderParam;
    sortableFields.addAll(List.of(fields));
    return this;
  }

  /** A request without {@code param} answers 400 (Zendesk's export needs {@code start_time}). */
  public Endpoint require(String param) {
    required.add(param);
    return this;
  }

  /** No credentials needed (a token endpoint). */
  public Endpoint withoutAuth() {
    this.authenticated = false;
    return this;
  }

  @Override
  public String toString() {
    return method + " " + path.template();
  }
}
