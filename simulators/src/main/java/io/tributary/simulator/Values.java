package io.tributary.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.time.Instant;

/** Orders JSON values as an API sorts them: nulls first, numbers, timestamps, then text. */
final class Values {
  private Values() {}

  static int compare(JsonNode a, JsonNode b) {
    return Key.of(a).compareTo(Key.of(b));
  }

  /**
   * A value read once for sorting: a listing sorts every record of its table for each page it
   * serves, and reading a timestamp again for each comparison made most of a simulator's time.
   */
  record Key(boolean isNull, BigDecimal number, Instant time, String text) implements Comparable<Key> {
    static Key of(JsonNode value) {
      if (value == null || value.isNull()) {
        return new Key(true, null, null, null);
      }
      return new Key(false, value.isNumber() ? value.decimalValue() : null,
          value.isTextual() ? TimeFormat.parse(value.asText()).orElse(null) : null, value.asText());
    }

    @Override
    public int compareTo(Key other) {
      if (isNull || other.isNull) {
        return Boolean.compare(!isNull, !other.isNull);
      }
      if (number != null && other.number != null) {
        return number.compareTo(other.number);
      }
      if (time != null && other.time != null) {
        return time.compareTo(other.time);
      }
      return text.compareTo(other.text);
    }
  }
}
