package io.tributary.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.api.Json;
import io.tributary.api.Offset;
import io.tributary.api.UserException;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Comparator;
import java.util.Map;
import java.util.TreeMap;

/**
 * The parents whose children a child listing ({@link IncrementalListing#readChildren}) has read,
 * each with the cursor it had then, kept in the offset while that cursor lies in the window the
 * next listing re-reads (from the watermark less the lookback). A parent found there again with
 * the same key and cursor has not changed since its children were read, and a provider that bumps
 * the parent's cursor with every change to its children (Freshdesk's tickets and conversations)
 * says its children have not either: they are not asked for again. A parent changed since has a
 * later cursor, and one the provider shows late, with a cursor already passed, is not in the set:
 * both are read. Only the {@link #MAX} latest are kept; a parent past them is read, never skipped.
 *
 * <p>Lives in the offset beside the listing's position, so a replayed batch starts from the set
 * its start offset had, and a parent is skipped only once the batch that read its children has
 * committed.
 */
final class FannedParents {
  /** The most parents an offset keeps. */
  static final int MAX = 1_000;

  /** Parent key (its JSON text) to the cursor its children were read at. */
  private final Map<String, Instant> read;

  private FannedParents(Map<String, Instant> read) {
    this.read = read;
  }

  /** The parents {@code start} says were read. */
  static FannedParents from(Offset start) {
    Map<String, Instant> read = new TreeMap<>();
    OffsetKey.FANNED.in(start).ifPresent(text -> {
      try {
        JsonNode stored = Json.MAPPER.readTree(text);
        stored.fields().forEachRemaining(f -> read.put(f.getKey(), Instant.parse(f.getValue().asText())));
      } catch (IOException | DateTimeParseException e) {
        throw new UserException("Cannot resume from offset " + start.toJson() + ": its '"
            + OffsetKey.FANNED.key() + "' is not one an incremental listing wrote");
      }
    });
    return new FannedParents(read);
  }

  /** True when {@code parent}'s children were read while its cursor was {@code cursor}. */
  boolean has(ObjectNode parent, Instant cursor) {
    return cursor.equals(read.get(parent.toString()));
  }

  void add(ObjectNode parent, Instant cursor) {
    read.put(parent.toString(), cursor);
  }

  /** {@code offset} carrying the parents whose cursor is at or after {@code from}: those the next listing re-reads. */
  Offset into(Offset offset, Instant from) {
    Map<String, Instant> kept = new TreeMap<>();
    read.entrySet().stream()
        .filter(e -> !e.getValue().isBefore(from))
        .sorted(Map.Entry.<String, Instant>comparingByValue(Comparator.reverseOrder()))
        .limit(MAX)
        .forEach(e -> kept.put(e.getKey(), e.getValue()));
    if (kept.isEmpty()) {
      return offset;
    }
    ObjectNode stored = Json.object();
    kept.forEach((parent, cursor) -> stored.put(parent, cursor.toString()));
    return offset.with(OffsetKey.FANNED.key(), stored.toString());
  }
}
