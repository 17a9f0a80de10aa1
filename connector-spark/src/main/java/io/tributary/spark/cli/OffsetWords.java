package io.tributary.spark.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.api.Json;
import io.tributary.api.Offset;
import java.util.Optional;

/**
 * A table's committed offset in words, for {@code status}: "up to 2026-12-06 03:58:12 UTC" from
 * its watermark, and honestly less where there is none ("from the start", "mid-listing").
 */
final class OffsetWords {
  private OffsetWords() {}

  /**
   * @param endOffset the stream offset the log recorded, {@code {"records": {...}, "deletes": {...}}}
   * @param incremental whether the table is read incrementally (has a checkpoint)
   */
  static String describe(Optional<String> endOffset, boolean incremental) {
    if (endOffset.isEmpty()) {
      return incremental ? "from the start: nothing committed yet" : "snapshot: read in full each run";
    }
    try {
      JsonNode stream = Json.MAPPER.readTree(endOffset.get());
      JsonNode records = stream.path("records");
      String words = describe(Offset.fromJson((records.isObject() ? records : stream).toString()));
      JsonNode deletes = stream.path("deletes");
      if (deletes.isObject()) {
        Offset offset = Offset.fromJson(deletes.toString());
        if (offset.watermark() != null) {
          words += "; deletes up to " + CliFormat.instant(offset.watermark());
        }
      }
      return words;
    } catch (Exception e) {
      return "unreadable offset";
    }
  }

  static String describe(Offset offset) {
    if (offset.watermark() == null) {
      return offset.atListingBoundary() ? "from the start" : "mid-listing, no watermark yet";
    }
    String upTo = "up to " + CliFormat.instant(offset.watermark());
    return offset.atListingBoundary() ? upTo : upTo + ", mid-listing";
  }
}
