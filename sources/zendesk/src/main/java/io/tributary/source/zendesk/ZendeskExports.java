package io.tributary.source.zendesk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.api.CommonOptions;
import io.tributary.api.ExternalException;
import io.tributary.api.Json;
import io.tributary.api.Offset;
import io.tributary.api.OptionValues;
import io.tributary.api.ReadResult;
import io.tributary.http.Cursors;
import io.tributary.http.JsonResponse;
import io.tributary.http.Paging;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads Zendesk's incremental exports. Both kinds stop only on {@code end_of_stream}, never on
 * page size, and keep the export's own position in the offset (see {@link ZendeskExportPosition}).
 *
 * <p>Zendesk stamps whole seconds, so a record can still be stamped with a second after a read has
 * taken it in. What a read keeps as done therefore covers only seconds that had ended when it
 * started ({@link Cursors#closedBound}): the watermark moves only to cursors at or before that
 * bound, and a time-based export neither skips ids of, nor moves past, a later second. Zendesk
 * withholds the last minute from its exports, which keeps such seconds out of nearly every
 * answer; it did not before October 2024, and a Zendesk clock ahead of ours brings them back, so
 * the reader does not rely on it.
 */
final class ZendeskExports {
  /**
   * Zendesk answers StartTimeTooRecent for a start_time within 60 s of now, so start times are
   * capped there; one more second absorbs clock skew between us and Zendesk.
   */
  static final Duration TOO_RECENT = Duration.ofSeconds(61);

  private final ZendeskClient client;
  private final Clock clock;

  ZendeskExports(ZendeskClient client, Clock clock) {
    this.client = client;
    this.clock = clock;
  }

  /** Reads records, or with {@code deletes} the deleted ones, of an export table after {@code start}. */
  ReadResult read(ZendeskTables.Table table, Offset start, OptionValues options, boolean deletes) {
    ZendeskExportPosition position =
        ZendeskExportPosition.resolve(table.name(), table.kind(), start, options);
    int maxPages = options.integer(CommonOptions.MAX_PAGES_PER_BATCH);
    String perPage = options.optional(CommonOptions.PER_PAGE)
        .orElse(String.valueOf(ZendeskOptions.MAX_EXPORT_PAGE));
    Instant now = clock.instant();
    Read read = new Read(table, deletes, Cursors.closedBound(now));
    ZendeskExportPosition end = table.kind() == ZendeskTables.Kind.CURSOR_EXPORT
        ? cursorExport(read, position, maxPages, perPage, now.minus(TOO_RECENT))
        : timeExport(read, position, maxPages, perPage, now.minus(TOO_RECENT));
    if (!position.fresh() && read.items == 0 && read.endOfStream) {
      return new ReadResult(List.of(), start);
    }
    Instant watermark = read.maxSeen;
    if (start.watermark() != null && (watermark == null || watermark.isBefore(start.watermark()))) {
      watermark = start.watermark();
    }
    return new ReadResult(read.records, end.toOffset(watermark));
  }

  /**
   * First {@code start_time=<epoch>}, then {@code cursor=<after_cursor>} until end_of_stream.
   *
   * <p>The position here is Zendesk's own cursor, never a time we derive, so the closed-second rule
   * has nothing of ours to hold back: the start_time is sent once, for a fresh position (from
   * start_date or the epoch, or clamped to a minute ago, which is always a closed second), and a
   * start_cursor replay hands back a cursor Zendesk issued. Whether a cursor can stand inside a
   * second that later receives changes is Zendesk's to guard, and it does by withholding the last
   * minute; re-reading from a derived start_time to second-guess it would bring back the
   * duplicates the cursor export exists to avoid. Only the watermark, which we compute, keeps to
   * closed seconds.
   */
  private ZendeskExportPosition cursorExport(
      Read read, ZendeskExportPosition position, int maxPages, String perPage, Instant latest) {
    ZendeskExportPosition p = position;
    for (int pages = 0; pages < maxPages && !read.endOfStream; pages++) {
      Map<String, String> query = new LinkedHashMap<>(read.table.query());
      if (p.cursor().isPresent()) {
        query.put("cursor", p.cursor().get());
      } else {
        query.put("start_time", String.valueOf(min(p.startTime(), latest).getEpochSecond()));
      }
      query.put("per_page", perPage);
      JsonResponse response = client.export(read.table.path(), query);
      List<ObjectNode> items = Paging.records(response, "/" + read.table.itemsField());
      read.take(items);
      read.endOfStream = response.body().path("end_of_stream").asBoolean(false);
      Optional<String> after = Paging.token(response.body(), "/after_cursor");
      if (after.isEmpty() && !read.endOfStream) {
        throw broken(read.table, response, "end_of_stream is false but after_cursor is missing");
      }
      if (after.isPresent() && !read.endOfStream && items.isEmpty() && after.equals(p.cursor())) {
        throw broken(read.table, response, "an empty page returned the cursor it was given");
      }
      if (after.isPresent()) {
        p = p.atCursor(after.get());
      }
    }
    return p;
  }

  /**
   * {@code start_time=<epoch>} per page, the next one being the page's {@code end_time}. Pages
   * restart at the last item's second, so items of that second already delivered are skipped. A
   * page that reaches past the last closed second ends the call at the first second that had not
   * ended, with no ids to skip: a record stamped there later would otherwise be skipped as
   * delivered, or passed over, and the read would return its start offset for good.
   */
  private ZendeskExportPosition timeExport(
      Read read, ZendeskExportPosition position, int maxPages, String perPage, Instant latest) {
    ZendeskExportPosition p = position;
    if (p.startTime().isAfter(latest)) {
      if (!p.fresh()) {
        // Everything up to a minute ago is delivered; asking now would be StartTimeTooRecent.
        read.endOfStream = true;
        return p;
      }
      p = p.atTime(latest, Set.of());
    }
    for (int pages = 0; pages < maxPages && !read.endOfStream && !p.startTime().isAfter(latest); pages++) {
      Map<String, String> query = new LinkedHashMap<>(read.table.query());
      query.put("start_time", String.valueOf(p.startTime().getEpochSecond()));
      query.put("per_page", perPage);
      JsonResponse response = client.export(read.table.path(), query);
      List<ObjectNode> items = Paging.records(response, "/" + read.table.itemsField());
      read.endOfStream = response.body().path("end_of_stream").asBoolean(false);
      Instant pageStart = p.startTime();
      List<ObjectNode> unseen = new ArrayList<>();
      for (ObjectNode item : items) {
        if (!(pageStart.equals(itemTime(read.table, item)) && p.edgeIds().contains(id(item)))) {
          unseen.add(item);
        }
      }
      read.take(unseen);
      Instant endTime = Cursors.parse(response.body().get("end_time")).orElse(pageStart);
      Instant next = endTime.isAfter(pageStart) ? endTime : pageStart;
      if (next.isAfter(read.closed)) {
        Instant open = read.closed.plusSeconds(1);
        p = p.atTime(pageStart.isAfter(open) ? pageStart : open, Set.of());
        break;
      }
      Set<Long> edge = new HashSet<>(next.equals(pageStart) ? p.edgeIds() : Set.of());
      for (ObjectNode item : items) {
        if (next.equals(itemTime(read.table, item))) {
          edge.add(id(item));
        }
      }
      if (!read.endOfStream && unseen.isEmpty() && next.equals(pageStart)) {
        throw broken(read.table, response, "a full page of items shares the second "
            + pageStart + ", so the export cannot move past it; set per_page to 1000");
      }
      p = p.atTime(next, edge);
    }
    return p;
  }

  private static Instant itemTime(ZendeskTables.Table table, ObjectNode item) {
    return Cursors.parse(item.get(table.timeField())).orElse(null);
  }

  private static long id(ObjectNode item) {
    return item.path("id").asLong();
  }

  private static Instant min(Instant a, Instant b) {
    return a.isBefore(b) ? a : b;
  }

  private static ExternalException broken(ZendeskTables.Table table, JsonResponse response, String why) {
    return new ExternalException("Cannot page through table '" + table.name() + "' at "
        + response.path() + ": " + why, response.status(), null, false);
  }

  /** What one read call has gathered. */
  private static final class Read {
    final ZendeskTables.Table table;
    final boolean deletes;
    /** The last whole second that had ended when the read started. */
    final Instant closed;
    final List<ObjectNode> records = new ArrayList<>();
    int items;
    boolean endOfStream;
    /** The highest cursor seen at or before {@link #closed}. */
    Instant maxSeen;

    Read(ZendeskTables.Table table, boolean deletes, Instant closed) {
      this.table = table;
      this.deletes = deletes;
      this.closed = closed;
    }

    void take(List<ObjectNode> page) {
      items += page.size();
      String cursorField = table.metadata().cursorField().orElseThrow();
      for (ObjectNode item : page) {
        for (ObjectNode record : table.comments() ? comments(item) : List.of(item)) {
          Cursors.parse(record.get(cursorField)).ifPresent(this::seen);
          boolean deleted = table.deleted().map(d -> d.test(record)).orElse(false);
          if (deleted == deletes) {
            records.add(record);
          }
        }
      }
    }

    /** A later cursor is read again next time, once its second has ended, and counts then. */
    private void seen(Instant value) {
      if (!value.isAfter(closed) && (maxSeen == null || value.isAfter(maxSeen))) {
        maxSeen = value;
      }
    }
  }

  /**
   * The comments of one ticket event, from its {@code child_events} of type Comment, each given the
   * event's ticket id. Their {@code type}/{@code event_type} ("Comment") are left out: constant.
   */
  static List<ObjectNode> comments(ObjectNode event) {
    List<ObjectNode> comments = new ArrayList<>();
    for (JsonNode child : event.path("child_events")) {
      String type = child.path("event_type").asText(child.path("type").asText());
      if (!child.isObject() || !type.equals("Comment")) {
        continue;
      }
      ObjectNode comment = Json.object();
      comment.set("id", child.get("id"));
      comment.set("ticket_id", event.get("ticket_id"));
      child.fields().forEachRemaining(f -> {
        if (!f.getKey().equals("type") && !f.getKey().equals("event_type") && !comment.has(f.getKey())) {
          comment.set(f.getKey(), f.getValue());
        }
      });
      if (!comment.has("created_at") && event.has("created_at")) {
        comment.set("created_at", event.get("created_at"));
      }
      comments.add(comment);
    }
    return comments;
  }
}
