package io.tributary.simulator.salesforce;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.simulator.TimeFormat;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The SOQL subset the simulator understands, parsed for real: {@code SELECT f1, f2 | COUNT() FROM
 * Object [WHERE cond] [ORDER BY f [ASC|DESC], ...] [LIMIT n]}, where a condition combines
 * {@code field op literal} with AND, OR and parentheses; ops {@code = != < <= > >=}; literals are
 * datetimes, 'quoted strings', numbers, true, false and null. Datetimes compare as instants.
 */
record SimSoql(List<String> fields, boolean count, String object, Optional<Node> where,
    List<Order> orderBy, Optional<Integer> limit) {

  /** A parsed condition. */
  sealed interface Node permits And, Or, Compare {}

  record And(List<Node> parts) implements Node {}

  record Or(List<Node> parts) implements Node {}

  record Compare(String field, String op, String literal) implements Node {}

  record Order(String field, boolean descending) {}

  /** SOQL's syntax error, answered as MALFORMED_QUERY. */
  static final class Malformed extends RuntimeException {
    Malformed(String message) {
      super(message);
    }
  }

  private static final Pattern TOKEN = Pattern.compile(
      "\\s*(\\d{4}-\\d{2}-\\d{2}T[0-9:.]+(?:Z|[+-]\\d{2}:?\\d{2})|'(?:[^'\\\\]|\\\\.)*'|>=|<=|!=|[(),=<>]|[A-Za-z0-9_.\\-]+)");

  static SimSoql parse(String soql) {
    return new Parser(tokens(soql)).query();
  }

  private static List<String> tokens(String soql) {
    List<String> tokens = new ArrayList<>();
    Matcher m = TOKEN.matcher(soql);
    int at = 0;
    while (at < soql.length()) {
      if (!m.find(at) || m.start() != at) {
        if (soql.substring(at).isBlank()) {
          break;
        }
        throw new Malformed("unexpected token at: " + soql.substring(at));
      }
      tokens.add(m.group(1));
      at = m.end();
    }
    return tokens;
  }

  /** Whether {@code record} satisfies the condition; {@code value} reads a field (components too). */
  static boolean matches(Node node, Function<String, JsonNode> value) {
    if (node instanceof And and) {
      return and.parts().stream().allMatch(p -> matches(p, value));
    }
    if (node instanceof Or or) {
      return or.parts().stream().anyMatch(p -> matches(p, value));
    }
    Compare c = (Compare) node;
    return compare(c, value.apply(c.field()));
  }

  Predicate<ObjectNode> filter(Function<ObjectNode, Function<String, JsonNode>> reader) {
    return record -> where.map(w -> matches(w, reader.apply(record))).orElse(true);
  }

  Comparator<ObjectNode> comparator(Function<ObjectNode, Function<String, JsonNode>> reader) {
    Comparator<ObjectNode> c = (a, b) -> 0;
    for (Order o : orderBy) {
      Comparator<ObjectNode> one = (a, b) -> compareValues(reader.apply(a).apply(o.field()), reader.apply(b).apply(o.field()));
      c = c.thenComparing(o.descending() ? one.reversed() : one);
    }
    return c;
  }

  private static boolean compare(Compare c, JsonNode actual) {
    String lit = c.literal();
    if (lit.equalsIgnoreCase("null")) {
      boolean isNull = actual == null || actual.isNull();
      return c.op().equals("=") ? isNull : !isNull;
    }
    if (actual == null || actual.isNull()) {
      return false;
    }
    int cmp;
    Optional<Instant> litTime = lit.matches("\\d{4}-.*T.*") ? TimeFormat.parse(lit) : Optional.empty();
    if (litTime.isPresent()) {
      cmp = TimeFormat.parse(actual).orElseThrow(() -> new Malformed("not a datetime field")).compareTo(litTime.get());
    } else if (lit.startsWith("'")) {
      cmp = actual.asText().compareTo(lit.substring(1, lit.length() - 1));
    } else if (lit.equalsIgnoreCase("true") || lit.equalsIgnoreCase("false")) {
      cmp = Boolean.compare(actual.asBoolean(), Boolean.parseBoolean(lit));
    } else {
      cmp = actual.decimalValue().compareTo(new java.math.BigDecimal(lit));
    }
    return switch (c.op()) {
      case "=" -> cmp == 0;
      case "!=" -> cmp != 0;
      case "<" -> cmp < 0;
      case "<=" -> cmp <= 0;
      case ">" -> cmp > 0;
      case ">=" -> cmp >= 0;
      default -> throw new Malformed("unknown operator " + c.op());
    };
  }

  private static int compareValues(JsonNode a, JsonNode b) {
    if (a == null || a.isNull()) {
      return b == null || b.isNull() ? 0 : -1;
    }
    if (b == null || b.isNull()) {
      return 1;
    }
    Optional<Instant> ta = a.isTextual() && a.asText().matches("\\d{4}-.*T.*") ? TimeFormat.parse(a) : Optional.empty();
    if (ta.isPresent()) {
      return ta.get().compareTo(TimeFormat.parse(b).orElseThrow());
    }
    if (a.isNumber()) {
      return a.decimalValue().compareTo(b.decimalValue());
    }
    return a.asText().compareTo(b.asText());
  }

  /** Every field the WHERE clause names, in order of appearance, repeats included. */
  List<String> whereFields() {
    List<String> names = new ArrayList<>();
    where.ifPresent(w -> collect(w, names));
    return names;
  }

  private static void collect(Node node, List<String> names) {
    if (node instanceof And and) {
      and.parts().forEach(p -> collect(p, names));
    } else if (node instanceof Or or) {
      or.parts().forEach(p -> collect(p, names));
    } else {
      names.add(((Compare) node).field());
    }
  }

  /** The time range a condition puts on {@code field} at its top level: [lower, upper). */
  Optional<Instant> bound(String field, boolean lower) {
    if (where.isEmpty()) {
      return Optional.empty();
    }
    List<Node> parts = where.get() instanceof And and ? and.parts() : List.of(where.get());
    for (Node n : parts) {
      if (n instanceof Compare c && c.field().equals(field)
          && (lower ? c.op().startsWith(">") : c.op().startsWith("<"))) {
        return TimeFormat.parse(c.literal());
      }
    }
    return Optional.empty();
  }

  private static final class Parser {
    private final List<String> t;
    private int i;

    Parser(List<String> tokens) {
      this.t = tokens;
    }

    SimSoql query() {
      expect("SELECT");
      List<String> fields = new ArrayList<>();
      boolean count = false;
      if (peekIs("COUNT")) {
        i++;
        expect("(");
        expect(")");
        count = true;
      } else {
        fields.add(name());
        while (peekIs(",")) {
          i++;
          fields.add(name());
        }
      }
      expect("FROM");
      String object = name();
      Optional<Node> where = Optional.empty();
      if (peekIs("WHERE")) {
        i++;
        where = Optional.of(or());
      }
      List<Order> orders = new ArrayList<>();
      if (peekIs("ORDER")) {
        i++;
        expect("BY");
        do {
          if (peekIs(",")) {
            i++;
          }
          String f = name();
          boolean desc = false;
          if (peekIs("ASC")) {
            i++;
          } else if (peekIs("DESC")) {
            i++;
            desc = true;
          }
          orders.add(new Order(f, desc));
        } while (peekIs(","));
      }
      Optional<Integer> limit = Optional.empty();
      if (peekIs("LIMIT")) {
        i++;
        limit = Optional.of(Integer.parseInt(next()));
      }
      if (i != t.size()) {
        throw new Malformed("unexpected token '" + t.get(i) + "'");
      }
      return new SimSoql(fields, count, object, where, orders, limit);
    }

    private Node or() {
      List<Node> parts = new ArrayList<>(List.of(and()));
      while (peekIs("OR")) {
        i++;
        parts.add(and());
      }
      return parts.size() == 1 ? parts.get(0) : new Or(parts);
    }

    private Node and() {
      List<Node> parts = new ArrayList<>(List.of(atom()));
      while (peekIs("AND")) {
        i++;
        parts.add(atom());
      }
      return parts.size() == 1 ? parts.get(0) : new And(parts);
    }

    private Node atom() {
      if (peekIs("(")) {
        i++;
        Node inner = or();
        expect(")");
        return inner;
      }
      String field = name();
      String op = next();
      if (!List.of("=", "!=", "<", "<=", ">", ">=").contains(op)) {
        throw new Malformed("expected an operator after " + field + ", found '" + op + "'");
      }
      return new Compare(field, op, next());
    }

    private String name() {
      String n = next();
      if (!n.matches("[A-Za-z][A-Za-z0-9_.]*")) {
        throw new Malformed("expected a name, found '" + n + "'");
      }
      return n;
    }

    private boolean peekIs(String word) {
      return i < t.size() && t.get(i).equalsIgnoreCase(word);
    }

    private void expect(String word) {
      if (!peekIs(word)) {
        throw new Malformed("expected " + word + (i < t.size() ? ", found '" + t.get(i) + "'" : " at the end"));
      }
      i++;
    }

    private String next() {
      if (i >= t.size()) {
        throw new Malformed("unexpected end of query");
      }
      return t.get(i++);
    }
  }
}
