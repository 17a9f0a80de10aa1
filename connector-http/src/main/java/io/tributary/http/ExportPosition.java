package io.tributary.http;

import io.tributary.api.CommonOptions;
import io.tributary.api.Offset;
import io.tributary.api.OptionValues;
import io.tributary.api.UserException;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Where an {@link ExportListing} stands, as kept in the offset's state. The export's own position
 * (the provider's cursor, or the next start time) is the durable checkpoint: a later run continues
 * from it exactly, never from a re-derived timestamp.
 *
 * @param cursor the provider's cursor to send next (cursor-based exports)
 * @param startTime the start time to send next, when there is no cursor
 * @param edgeIds ids of items already delivered whose time equals {@code startTime}: time-based
 *     pages restart at the last item's second, so those items come again and are skipped. Kept
 *     only for a second that had ended when they were read: an item stamped later in a second
 *     still open would otherwise be skipped as delivered
 * @param origin the replay lever this position descends from ({@code cursor:...}, {@code
 *     date:...} or empty); a table option that names another one starts a replay
 * @param fresh true when this position was just derived from options, not read from an offset
 */
record ExportPosition(Optional<String> cursor, Instant startTime, Set<Long> edgeIds, String origin, boolean fresh) {

  ExportPosition {
    edgeIds = Set.copyOf(edgeIds);
  }

  /**
   * The position {@code start} stands for, unless the table options ask for a replay: a start
   * cursor ({@code replayOption}) or {@code start_date} different from the one the offset descends
   * from restarts the export there. On a first read they simply say where to begin.
   */
  static ExportPosition resolve(String table, boolean cursorBased, Optional<String> replayOption, Offset start,
      OptionValues options) {
    Optional<String> startCursor = replayOption.flatMap(options::optional)
        .map(String::trim).filter(s -> !s.isEmpty());
    Optional<Instant> startDate = options.instant(CommonOptions.START_DATE);
    String wanted = startCursor.map(c -> "cursor:" + c)
        .or(() -> startDate.map(d -> "date:" + d)).orElse("");
    String current = OffsetKey.ORIGIN.in(start).orElse("");
    boolean positioned = OffsetKey.CURSOR.in(start).isPresent() || OffsetKey.START_TIME.in(start).isPresent();
    if (positioned && (wanted.isEmpty() || wanted.equals(current))) {
      return fromState(table, start, current);
    }
    if (startCursor.isPresent()) {
      if (cursorBased) {
        return new ExportPosition(startCursor, Instant.EPOCH, Set.of(), wanted, true);
      }
      return new ExportPosition(Optional.empty(), epochCursor(table, replayOption.get(), startCursor.get()),
          Set.of(), wanted, true);
    }
    return new ExportPosition(Optional.empty(), startDate.orElse(Instant.EPOCH), Set.of(), wanted, true);
  }

  private static ExportPosition fromState(String table, Offset start, String origin) {
    try {
      Instant time = OffsetKey.START_TIME.in(start).map(t -> Instant.ofEpochSecond(Long.parseLong(t)))
          .orElse(Instant.EPOCH);
      Set<Long> edge = OffsetKey.EDGE_IDS.in(start).filter(s -> !s.isEmpty())
          .map(s -> Arrays.stream(s.split(",")).map(Long::parseLong)
              .collect(Collectors.toCollection(TreeSet::new)))
          .orElse(new TreeSet<>());
      return new ExportPosition(OffsetKey.CURSOR.in(start), time, edge, origin, false);
    } catch (NumberFormatException e) {
      throw new UserException("Cannot resume table '" + table + "' from offset " + start.toJson()
          + ": its start_time and edge_ids must be whole numbers");
    }
  }

  /** Time-based exports have no opaque cursor: their "cursor" is the next start time. */
  private static Instant epochCursor(String table, String option, String value) {
    try {
      return Instant.ofEpochSecond(Long.parseLong(value));
    } catch (NumberFormatException e) {
      throw new UserException("Invalid value '" + value + "' for option '" + option + "' of table '"
          + table + "': this time-based export resumes from a start_time in epoch seconds, as "
          + "its offsets show it");
    }
  }

  ExportPosition atCursor(String next) {
    return new ExportPosition(Optional.of(next), startTime, Set.of(), origin, false);
  }

  ExportPosition atTime(Instant time, Set<Long> edge) {
    return new ExportPosition(Optional.empty(), time, edge, origin, false);
  }

  /** The offset holding this position, with {@code watermark}. */
  Offset toOffset(Instant watermark) {
    Offset offset = new Offset(watermark, Map.of()).with(OffsetKey.ORIGIN.key(), origin);
    if (cursor.isPresent()) {
      return offset.with(OffsetKey.CURSOR.key(), cursor.get());
    }
    offset = offset.with(OffsetKey.START_TIME.key(), String.valueOf(startTime.getEpochSecond()));
    return edgeIds.isEmpty() ? offset
        : offset.with(OffsetKey.EDGE_IDS.key(), new TreeSet<>(edgeIds).stream().map(String::valueOf)
            .collect(Collectors.joining(",")));
  }
}
