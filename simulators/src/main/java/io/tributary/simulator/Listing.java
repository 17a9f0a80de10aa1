package io.tributary.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.api.Json;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** Serves list and item endpoints from their {@link DataTable}: filter, sort, page, wrap. */
final class Listing {
  /** A rejected request: answered 400 with the vendor's body. */
  private static final class BadRequest extends RuntimeException {
    BadRequest(String message) {
      super(message);
    }
  }

  private final ErrorStyle errors;
  private final SimClock clock;

  Listing(ErrorStyle errors, SimClock clock) {
    this.errors = errors;
    this.clock = clock;
  }

  private static Optional<ObjectNode> parentRecord(DataTable parent, String id) {
    try {
      return parent.find(Long.parseLong(id));
    } catch (NumberFormatException notAnId) {
      return Optional.empty();
    }
  }

  SimResponse item(Endpoint endpoint, SimRequest request) {
    String id = request.pathVars().get("id");
    Optional<ObjectNode> record = Optional.empty();
    try {
      record = endpoint.table.find(Long.parseLong(id));
    } catch (NumberFormatException notAnId) {
      // falls through to 404, as the APIs answer for a malformed id
    }
    return record
        .map(r -> SimResponse.json(200, endpoint.envelope.wrapItem(r)))
        .orElseGet(() -> SimResponse.json(404, errors.body(404, "not_found",
            "No " + endpoint.table.name() + " record with id " + id)));
  }

  SimResponse list(Endpoint endpoint, SimRequest request) {
    if (endpoint.parent != null && !endpoint.pathFields.isEmpty()) {
      String id = request.pathVars().get(endpoint.pathFields.keySet().iterator().next());
      if (parentRecord(endpoint.parent, id).isEmpty()) {
        return SimResponse.json(404, errors.body(404, "not_found",
            "No " + endpoint.parent.name() + " record with id " + id));
      }
    }
    try {
      return listOrFail(endpoint, request);
    } catch (BadRequest e) {
      return SimResponse.json(400, errors.body(400, "invalid_value", e.getMessage()));
    }
  }

  private SimResponse listOrFail(Endpoint endpoint, SimRequest request) {
    Paging paging = endpoint.paging;
    Map<String, String> params = new LinkedHashMap<>(request.query());
    Position after = null;
    if (paging.isCursor() && params.containsKey(paging.tokenParam())) {
      Token token = Token.decode(params.remove(paging.tokenParam()), paging.tokenParam());
      Map<String, String> merged = new LinkedHashMap<>(token.query());
      merged.putAll(params);
      params = merged;
      after = token.after();
    }
    for (String name : endpoint.required) {
      if (!params.containsKey(name)) {
        throw new BadRequest("Missing parameter '" + name + "'");
      }
    }
    Comparator<ObjectNode> order = order(endpoint, params);
    List<ObjectNode> records = sorted(filter(endpoint, request, params), endpoint, params);
    int size = pageSize(paging, params);

    if (paging.isNone()) {
      return SimResponse.json(200, endpoint.envelope.wrapList(copies(records)));
    }
    if (!paging.isCursor()) {
      return pageByNumber(endpoint, request, params, records, size);
    }
    int from = 0;
    if (after != null) {
      String field = sortField(endpoint, params);
      while (from < records.size() && after.compareTo(records.get(from), field, endpoint, order) >= 0) {
        from++;
      }
    }
    List<ObjectNode> page = copies(records.subList(from, Math.min(records.size(), from + size)));
    boolean more = from + size < records.size();
    String next = null;
    if (more || paging.tokenAtEnd()) {
      Position position = page.isEmpty() ? after
          : Position.of(page.get(page.size() - 1), sortField(endpoint, params), endpoint.table.layout().idField());
      Map<String, String> kept = new LinkedHashMap<>(params);
      if (paging.sizeParam() != null) {
        kept.remove(paging.sizeParam());
      }
      next = new Token(kept, position).encode();
    }
    JsonNode body = endpoint.envelope.wrapList(page);
    if (!(body instanceof ObjectNode object)) {
      throw new IllegalStateException("Cannot add cursor fields to a bare-array envelope at " + endpoint);
    }
    String nextUrl = next == null ? null : request.baseUrl() + request.path() + "?"
        + encode(paging.tokenParam()) + "=" + encode(next)
        + (params.containsKey(paging.sizeParam()) ? "&" + encode(paging.sizeParam()) + "=" + encode(params.get(paging.sizeParam())) : "");
    put(object, paging.nextTokenField(), next == null ? null : Json.MAPPER.getNodeFactory().textNode(next));
    put(object, paging.nextUrlField(), nextUrl == null ? null : Json.MAPPER.getNodeFactory().textNode(nextUrl));
    put(object, paging.endFlagField(), Json.MAPPER.getNodeFactory().booleanNode(!more));
    put(object, paging.hasMoreField(), Json.MAPPER.getNodeFactory().booleanNode(more));
    return SimResponse.json(200, object);
  }

  private SimResponse pageByNumber(Endpoint endpoint, SimRequest request, Map<String, String> params,
      List<ObjectNode> records, int size) {
    Paging paging = endpoint.paging;
    int page = intParam(params, paging.pageParam(), 1);
    if (page < 1) {
      throw new BadRequest("Invalid value " + page + " for parameter '" + paging.pageParam() + "': must be at least 1");
    }
    if (paging.maxPage() > 0 && page > paging.maxPage()) {
      throw new BadRequest("Invalid value " + page + " for parameter '" + paging.pageParam()
          + "': must be at most " + paging.maxPage());
    }
    long from = (long) (page - 1) * size;
    List<ObjectNode> slice = from >= records.size() ? List.of()
        : copies(records.subList((int) from, (int) Math.min(records.size(), from + size)));
    boolean more = from + size < records.size();
    JsonNode body = endpoint.envelope.wrapList(slice);
    if (paging.announcesPagesInBody()) {
      if (!(body instanceof ObjectNode object)) {
        throw new IllegalStateException("Cannot add page fields to a bare-array envelope at " + endpoint);
      }
      announcePages(object, paging, request, page, size, records.size(), more);
    }
    SimResponse response = SimResponse.json(200, body);
    if (paging.linkHeader() && more) {
      response = response.header("Link", "<" + pageUrl(request, paging, page + 1) + ">; rel=\"next\"");
    }
    return response;
  }

  /** The body fields a page-number listing declares: counts, neighbouring pages and their URLs. */
  private static void announcePages(ObjectNode body, Paging paging, SimRequest request, int page, int size,
      int total, boolean more) {
    JsonNodeFactory nodes = Json.MAPPER.getNodeFactory();
    int pages = Math.max(1, (int) Math.ceil(total / (double) size));
    Integer next = more ? page + 1 : null;
    Integer previous = page > 1 ? Math.min(page - 1, pages) : null;
    for (Map.Entry<Paging.PageField, String> field : new TreeMap<>(paging.pageFields()).entrySet()) {
      JsonNode value = switch (field.getKey()) {
        case PAGE -> nodes.numberNode(page);
        case PER_PAGE -> nodes.numberNode(size);
        case TOTAL_PAGES -> nodes.numberNode(pages);
        case TOTAL_ENTRIES -> nodes.numberNode(total);
        case NEXT_PAGE -> next == null ? null : nodes.numberNode(next);
        case PREVIOUS_PAGE -> previous == null ? null : nodes.numberNode(previous);
        case FIRST_PAGE_URL -> nodes.textNode(pageUrl(request, paging, 1));
        case PREVIOUS_PAGE_URL -> previous == null ? null : nodes.textNode(pageUrl(request, paging, previous));
        case LAST_PAGE_URL -> nodes.textNode(pageUrl(request, paging, pages));
      };
      put(body, field.getValue(), value);
    }
    put(body, paging.nextUrlField(), next == null ? null : nodes.textNode(pageUrl(request, paging, next)));
    put(body, paging.hasMoreField(), nodes.booleanNode(more));
    put(body, paging.endFlagField(), nodes.booleanNode(!more));
  }

  /** The request's own URL with {@code page} for its page parameter, the other parameters kept. */
  private static String pageUrl(SimRequest request, Paging paging, int page) {
    Map<String, String> query = new LinkedHashMap<>(request.query());
    query.put(paging.pageParam(), String.valueOf(page));
    return request.baseUrl() + request.path() + "?" + query.entrySet().stream()
        .map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
        .collect(Collectors.joining("&"));
  }

  private List<ObjectNode> filter(Endpoint endpoint, SimRequest request, Map<String, String> params) {
    List<Predicate> tests = new ArrayList<>();
    endpoint.pathFields.forEach((var, field) -> {
      String value = request.pathVars().get(var);
      tests.add(r -> r.hasNonNull(field) && r.get(field).asText().equals(value));
    });
    boolean anyLowerBound = false;
    for (Endpoint.TimeFilter filter : endpoint.timeFilters) {
      String raw = params.get(filter.param());
      if (raw == null) {
        continue;
      }
      anyLowerBound |= !filter.upperBound();
      Instant bound = TimeFormat.parse(raw).orElseThrow(() -> new BadRequest(
          "Invalid value '" + raw + "' for parameter '" + filter.param() + "': must be an ISO-8601 timestamp"));
      tests.add(r -> TimeFormat.parse(r.get(filter.field()))
          .map(t -> filter.upperBound() ? t.isBefore(bound) : !t.isBefore(bound)).orElse(false));
    }
    endpoint.equalities.forEach((param, field) -> {
      String value = params.get(param);
      if (value != null) {
        tests.add(r -> r.hasNonNull(field) && r.get(field).asText().equals(value));
      }
    });
    for (Endpoint.Hidden hidden : endpoint.hidden) {
      boolean asked = hidden.value().equals(params.get(hidden.param()));
      tests.add(r -> r.path(hidden.flag()).asBoolean(false) == asked);
    }
    if (endpoint.windowField != null && !anyLowerBound) {
      Instant from = clock.instant().minus(endpoint.window);
      tests.add(r -> TimeFormat.parse(r.get(endpoint.windowField)).map(t -> !t.isBefore(from)).orElse(false));
    }
    return endpoint.table.selectStored(r -> tests.stream().allMatch(t -> t.test(r)));
  }

  /** Copies of the stored records a response lists ({@link DataTable#selectStored} hands out none). */
  private static List<ObjectNode> copies(List<ObjectNode> stored) {
    return stored.stream().map(ObjectNode::deepCopy).toList();
  }

  private interface Predicate {
    boolean test(ObjectNode record);
  }

  private Comparator<ObjectNode> order(Endpoint endpoint, Map<String, String> params) {
    String idField = endpoint.table.layout().idField();
    Comparator<ObjectNode> byId = Comparator.comparingLong(r -> r.path(idField).asLong());
    String field = sortField(endpoint, params);
    boolean descending = descending(endpoint, params);
    if (field == null) {
      return descending ? byId.reversed() : byId;
    }
    Comparator<ObjectNode> byField = (a, b) -> Values.compare(a.get(field), b.get(field));
    return (descending ? byField.reversed() : byField).thenComparing(byId);
  }

  /** Whether the listing is in descending order: the endpoint's, or the sort order parameter's. */
  private static boolean descending(Endpoint endpoint, Map<String, String> params) {
    if (endpoint.sortOrderParam != null && params.containsKey(endpoint.sortOrderParam)) {
      String order = params.get(endpoint.sortOrderParam);
      if (!order.equals("asc") && !order.equals("desc")) {
        throw new BadRequest("Invalid value '" + order + "' for parameter '" + endpoint.sortOrderParam
            + "': must be asc or desc");
      }
      return order.equals("desc");
    }
    return endpoint.sort != null && endpoint.sort.descending();
  }

  /**
   * {@code records} in the listing's {@link #order}, each record's sort value read once: the order
   * is the sort field's (reversed for a descending listing), then the id, ascending.
   */
  private List<ObjectNode> sorted(List<ObjectNode> records, Endpoint endpoint, Map<String, String> params) {
    String field = sortField(endpoint, params);
    if (field == null) {
      List<ObjectNode> byId = new ArrayList<>(records);
      byId.sort(order(endpoint, params));
      return byId;
    }
    String idField = endpoint.table.layout().idField();
    boolean descending = descending(endpoint, params);
    record Keyed(Values.Key key, long id, ObjectNode record) {}
    Comparator<Keyed> byKey = Comparator.comparing(Keyed::key);
    Comparator<Keyed> keyed = (descending ? byKey.reversed() : byKey).thenComparingLong(Keyed::id);
    return records.stream().map(r -> new Keyed(Values.Key.of(r.get(field)), r.path(idField).asLong(), r))
        .sorted(keyed).map(Keyed::record).toList();
  }

  private static String sortField(Endpoint endpoint, Map<String, String> params) {
    if (endpoint.sortFieldParam != null && params.containsKey(endpoint.sortFieldParam)) {
      String field = params.get(endpoint.sortFieldParam);
      if (!endpoint.sortableFields.contains(field)) {
        throw new BadRequest("Invalid value '" + field + "' for parameter '" + endpoint.sortFieldParam
            + "': must be one of " + String.join(", ", endpoint.sortableFields));
      }
      return field;
    }
    return endpoint.sort == null ? null : endpoint.sort.field();
  }

  private static int pageSize(Paging paging, Map<String, String> params) {
    if (paging.isNone()) {
      return Integer.MAX_VALUE;
    }
    if (paging.sizeParam() == null) {
      return paging.defaultPerPage();
    }
    int size = intParam(params, paging.sizeParam(), paging.defaultPerPage());
    if (size < 1 || size > paging.maxPerPage()) {
      throw new BadRequest("Invalid value " + size + " for parameter '" + paging.sizeParam()
          + "': must be between 1 and " + paging.maxPerPage());
    }
    return size;
  }

  private static int intParam(Map<String, String> params, String name, int defaultValue) {
    String raw = params.get(name);
    if (raw == null) {
      return defaultValue;
    }
    try {
      return Integer.parseInt(raw.trim());
    } catch (NumberFormatException e) {
      throw new BadRequest("Invalid value '" + raw + "' for parameter '" + name + "': must be an integer");
    }
  }

  private static void put(ObjectNode body, String path, JsonNode value) {
    if (path == null) {
      return;
    }
    String[] parts = path.split("\\.");
    ObjectNode parent = body;
    for (int i = 0; i < parts.length - 1; i++) {
      parent = parent.has(parts[i]) ? (ObjectNode) parent.get(parts[i]) : parent.putObject(parts[i]);
    }
    parent.set(parts[parts.length - 1], value == null ? Json.MAPPER.getNodeFactory().nullNode() : value);
  }

  private static String encode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8);
  }

  /** Where a cursor listing stands: after the record with this sort value and id. */
  record Position(JsonNode value, long id) {
    static Position of(ObjectNode record, String field, String idField) {
      return new Position(field == null ? null : record.get(field), record.path(idField).asLong());
    }

    int compareTo(ObjectNode record, String field, Endpoint endpoint, Comparator<ObjectNode> order) {
      ObjectNode probe = Json.object();
      probe.put(endpoint.table.layout().idField(), id);
      if (field != null && value != null) {
        probe.set(field, value);
      }
      return order.compare(probe, record);
    }
  }

  /** An opaque cursor token: the listing's parameters and its position, base64url JSON. */
  record Token(Map<String, String> query, Position after) {
    String encode() {
      ObjectNode node = Json.object();
      ObjectNode q = node.putObject("q");
      query.forEach(q::put);
      if (after != null) {
        node.set("v", after.value());
        node.put("id", after.id());
      }
      return Base64.getUrlEncoder().withoutPadding().encodeToString(node.toString().getBytes(StandardCharsets.UTF_8));
    }

    static Token decode(String token, String param) {
      try {
        JsonNode node = Json.MAPPER.readTree(Base64.getUrlDecoder().decode(token));
        Map<String, String> query = new LinkedHashMap<>();
        node.path("q").fields().forEachRemaining(e -> query.put(e.getKey(), e.getValue().asText()));
        Position after = node.has("id") ? new Position(node.get("v"), node.get("id").asLong()) : null;
        return new Token(query, after);
      } catch (IllegalArgumentException | java.io.IOException | NullPointerException e) {
        throw new BadRequest("Invalid value '" + token + "' for parameter '" + param + "': not a cursor this API issued");
      }
    }
  }
}
