package io.tributary.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Optional;

/** Orders JSON values as an API sorts them: nulls first, numbers, timestamps, then text. */
final class Values {
  private Values() {}

  static int compare(JsonNode a, JsonNode b) {
    boolean aNull = a == null || a.isNull();
    boolean bNull = b == null || b.isNull();
    if (aNull || bNull) {
      return Boolean.compare(!aNull, !bNull);
    }
    if (a.isNumber() && b.isNumber()) {
      return a.decimalValue().compareTo(b.decimalValue());
    }
    Optional<Instant> ta = a.isTextual() ? TimeFormat.parse(a.asText()) : Optional.empty();
    Optional<Instant> tb = b.isTextual() ? TimeFormat.parse(b.asText()) : Optional.empty();
    if (ta.isPresent() && tb.isPresent()) {
      return ta.get().compareTo(tb.get());
    }
    return a.asText().compareTo(b.asText());
  }
}
