package io.tributary.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** How a simulated API writes timestamps into records. Parsing accepts every form. */
public enum TimeFormat {
  /** {@code "2024-05-01T10:00:00Z"}: Freshservice, Freshdesk, Zendesk. */
  ISO_SECONDS,
  /** {@code "2024-05-01T10:00:00.000+0000"}: Salesforce. */
  ISO_MILLIS_OFFSET,
  /** {@code 1714557600}: Chargebee, Zendesk's incremental {@code start_time}. */
  EPOCH_SECONDS;

  private static final DateTimeFormatter MILLIS_OFFSET =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSxx");

  /** The JSON value for {@code instant} in this format. */
  public JsonNode write(Instant instant) {
    return switch (this) {
      case ISO_SECONDS -> JsonNodeFactory.instance.textNode(instant.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString());
      case ISO_MILLIS_OFFSET -> JsonNodeFactory.instance.textNode(MILLIS_OFFSET.format(instant.atOffset(ZoneOffset.UTC)));
      case EPOCH_SECONDS -> JsonNodeFactory.instance.numberNode(instant.getEpochSecond());
    };
  }

  /** Reads a timestamp in any of the formats: ISO-8601 (with Z or an offset) or epoch seconds. */
  public static Optional<Instant> parse(JsonNode value) {
    if (value == null || value.isNull() || value.isMissingNode()) {
      return Optional.empty();
    }
    if (value.isNumber()) {
      return Optional.of(Instant.ofEpochSecond(value.asLong()));
    }
    return parse(value.asText());
  }

  /**
   * Texts already read: a listing filters and sorts every record of its table by a timestamp for
   * each page it serves, and the same texts come back request after request.
   */
  private static final Map<String, Optional<Instant>> READ = new ConcurrentHashMap<>();
  /** Beyond this many texts the memory is cleared: it stays a cache, not a leak. */
  private static final int REMEMBERED = 200_000;

  /** As {@link #parse(JsonNode)}, for query parameter values. */
  public static Optional<Instant> parse(String text) {
    if (text == null || text.isBlank()) {
      return Optional.empty();
    }
    Optional<Instant> known = READ.get(text);
    if (known != null) {
      return known;
    }
    if (READ.size() >= REMEMBERED) {
      READ.clear();
    }
    Optional<Instant> read = read(text);
    READ.put(text, read);
    return read;
  }

  private static Optional<Instant> read(String text) {
    String t = text.trim();
    if (t.chars().allMatch(Character::isDigit)) {
      return Optional.of(Instant.ofEpochSecond(Long.parseLong(t)));
    }
    try {
      return Optional.of(Instant.parse(t));
    } catch (DateTimeParseException notUtc) {
      try {
        return Optional.of(OffsetDateTime.parse(t).toInstant());
      } catch (DateTimeParseException notIsoOffset) {
        try {
          return Optional.of(OffsetDateTime.parse(t, MILLIS_OFFSET).toInstant());
        } catch (DateTimeParseException e) {
          return Optional.empty();
        }
      }
    }
  }
}
