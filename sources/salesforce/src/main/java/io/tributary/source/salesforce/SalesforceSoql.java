package io.tributary.source.salesforce;

import io.tributary.http.KeysetListing;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Builds the few SOQL statements the connector sends. */
final class SalesforceSoql {
  private static final DateTimeFormatter LITERAL =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

  private SalesforceSoql() {}

  /**
   * SOQL datetime literals carry whole seconds. Truncating down keeps every bound safe: a
   * {@code >=} bound then re-reads a little, and the tie condition re-reads rather than skips.
   */
  static String literal(Instant instant) {
    return LITERAL.format(instant.truncatedTo(ChronoUnit.SECONDS));
  }

  /** An Id literal; Salesforce ids are alphanumeric, anything else is refused rather than quoted. */
  static String idLiteral(String id) {
    if (!id.matches("[A-Za-z0-9]{15,18}")) {
      throw new IllegalArgumentException("Cannot use '" + id + "' as a Salesforce id");
    }
    return "'" + id + "'";
  }

  /**
   * The incremental page query: {@code cursor >= since}, optionally {@code < until}, resumed after
   * the last (cursor, Id) delivered, ordered by cursor then Id so that ties are a total order.
   */
  static String incremental(String object, List<String> select, String cursor, KeysetListing.Range range,
      Optional<String> extra) {
    List<String> where = new ArrayList<>();
    where.add(cursor + " >= " + literal(range.since()));
    range.until().ifPresent(u -> where.add(cursor + " < " + literal(u)));
    range.after().ifPresent(after -> {
      String ts = literal(after.cursor());
      where.add("((" + cursor + " = " + ts + " AND Id > " + idLiteral(after.key()) + ") OR "
          + cursor + " > " + ts + ")");
    });
    extra.ifPresent(where::add);
    return "SELECT " + String.join(", ", select) + " FROM " + object + " WHERE "
        + String.join(" AND ", where) + " ORDER BY " + cursor + ", Id";
  }

  static String count(String object, String cursor, Instant since) {
    return "SELECT COUNT() FROM " + object + " WHERE " + cursor + " >= " + literal(since);
  }

  /** The reconciliation count: the records whose cursor is at or before {@code upTo}, or all. */
  static String countUpTo(String object, Optional<String> cursor, Optional<Instant> upTo) {
    String count = "SELECT COUNT() FROM " + object;
    if (cursor.isEmpty() || upTo.isEmpty()) {
      return count;
    }
    return count + " WHERE " + cursor.get() + " <= " + literal(upTo.get());
  }

  static String bulk(String object, List<String> select, String cursor, Instant since, Instant until) {
    return "SELECT " + String.join(", ", select) + " FROM " + object + " WHERE " + cursor + " >= "
        + literal(since) + " AND " + cursor + " < " + literal(until);
  }

  static String full(String object, List<String> select) {
    return "SELECT " + String.join(", ", select) + " FROM " + object;
  }
}
