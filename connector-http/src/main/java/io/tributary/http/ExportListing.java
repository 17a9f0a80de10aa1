package io.tributary.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.api.CommonOptions;
import io.tributary.api.ExternalException;
import io.tributary.api.Offset;
import io.tributary.api.OptionValues;
import io.tributary.api.ReadResult;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Reads a provider's incremental export, such as Zendesk's: a stream of every change after a
 * position, which stops only on an end-of-stream flag, never on page size, and whose own position
 * (an opaque cursor, or the next start time) is kept in the offset, owned by this class.
 *
 * <ul>
 *   <li>Cursor-based: first {@code start_time=<epoch>}, then {@code cursor=<after_cursor>} until
 *       {@code end_of_stream}. The position is the provider's cursor, never a time we derive.
 *   <li>Time-based: {@code start_time=<epoch>} per page, the next one being the page's {@code
 *       end_time}. Pages restart at the last item's second, so items of that second already
 *       delivered are skipped by id.
 * </ul>
 *
 * <p>Providers stamp whole seconds, so a record can still be stamped with a second after a read has
 * taken it in. What a read keeps as done therefore covers only seconds that had ended when it
 * started ({@link Cursors#closedBound}): the watermark moves only to cursors at or before that
 * bound, and a time-based export neither skips ids of, nor moves past, a later second. Start times
 * are capped {@link Builder#tooRecent} before now, where the provider refuses them (Zendesk's
 * StartTimeTooRecent within 60 s). A start cursor option or {@code start_date} different from the
 * one an offset descends from replays the export from there.
 *
 * <pre>
 * ExportListing tickets = ExportListing.cursorBased("tickets", "/api/v2/incremental/tickets/cursor.json", "/tickets")
 *     .watermarkOn("updated_at").deletedWhen(r -> "deleted".equals(r.path("status").asText()))
 *     .replayOption("start_cursor").tooRecent(Duration.ofSeconds(61)).build();
 * ReadResult r = tickets.read(start, tableOptions, client::export);
 * </pre>
 */
public final class ExportListing {
  /** Fetches one page of an export: GET {@code path} with {@code query}. */
  @FunctionalInterface
  public interface Requests {
    JsonResponse get(String path, Map<String, String> query);
  }

  private final String table;
  private final String path;
  private final String itemsAt;
  private final boolean cursorBased;
  private final Map<String, String> query;
  private final String timeField;
  private final String cursorField;
  private final Function<ObjectNode, List<ObjectNode>> records;
  private final Predicate<ObjectNode> isDeleted;
  private final Duration tooRecent;
  private final Optional<String> replayOption;
  private final int maxPerPage;
  private final Clock clock;

  private ExportListing(Builder b) {
    this.table = b.table;
    this.path = b.path;
    this.itemsAt = b.itemsAt;
    this.cursorBased = b.cursorBased;
    this.query = Map.copyOf(b.query);
    this.timeField = b.timeField;
    this.cursorField = Objects.requireNonNull(b.cursorField, "watermarkOn");
    this.records = b.records;
    this.isDeleted = b.deleted;
    this.tooRecent = b.tooRecent;
    this.replayOption = Optional.ofNullable(b.replayOption);
    this.maxPerPage = b.maxPerPage;
    this.clock = b.clock;
  }

  /** An export paged by the provider's cursor ({@code after_cursor}, {@code end_of_stream}). */
  public static Builder cursorBased(String table, String path, String itemsAt) {
    return new Builder(table, path, itemsAt, true, null);
  }

  /**
   * An export paged by time ({@code start_time}, {@code end_time}, {@code end_of_stream});
   * {@code timeField} is the item field the times compare with (epoch seconds or ISO-8601).
   */
  public static Builder timeBased(String table, String path, String itemsAt, String timeField) {
    return new Builder(table, path, itemsAt, false, Objects.requireNonNull(timeField, "timeField"));
  }

  /**
   * The records after {@code start}, deleted ones left to {@link #readDeletes}. The deleted records
   * of the same pages are kept for a while ({@link #KEPT_FOR}), so that the deletes read from the
   * same offset, which a pipeline makes right after, costs no request: one export, two feeds.
   */
  public ReadResult read(Offset start, OptionValues options, Requests requests) {
    return TableContext.reading(table, () -> {
      Read read = readPages(start, options, requests);
      synchronized (kept) {
        kept.put(keyOf(start, options), new Kept(read.deletes(), clock.instant()));
      }
      return read.records();
    });
  }

  /**
   * The deleted records after {@code start}, as {@link Builder#deletedWhen} tells them: those the
   * records read from the same offset found, if it ran within {@link #KEPT_FOR}, else read anew.
   */
  public ReadResult readDeletes(Offset start, OptionValues options, Requests requests) {
    return TableContext.reading(table, () -> {
      Kept found;
      synchronized (kept) {
        found = kept.remove(keyOf(start, options));
      }
      if (found != null && !found.at().plus(KEPT_FOR).isBefore(clock.instant())) {
        return found.result();
      }
      return readPages(start, options, requests).deletes();
    });
  }

  /** How long the deletes a records read found wait for the deletes read from the same offset. */
  static final Duration KEPT_FOR = Duration.ofSeconds(60);

  /** The deletes records reads found, by start offset and options, the latest few. */
  private final Map<String, Kept> kept = new LinkedHashMap<>() {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Kept> eldest) {
      return size() > 32;
    }
  };

  private record Kept(ReadResult result, Instant at) {}

  private static String keyOf(Offset start, OptionValues options) {
    return start.toJson() + "|" + new java.util.TreeMap<>(options.asMap());
  }

  /** What one read of the export's pages gives each feed: live records, and deleted ones. */
  private record Read(ReadResult records, ReadResult deletes) {}

  private Read readPages(Offset start, OptionValues options, Requests requests) {
    ExportPosition position = ExportPosition.resolve(table, cursorBased, replayOption, start, options);
    int maxPages = Listings.intOption(options, CommonOptions.MAX_PAGES_PER_BATCH, 50);
    String perPage = options.optional(CommonOptions.PER_PAGE).orElse(String.valueOf(maxPerPage));
    Instant now = clock.instant();
    Pages read = new Pages(Cursors.closedBound(now));
    ExportPosition end = cursorBased
        ? cursorExport(requests, read, position, maxPages, perPage, now.minus(tooRecent))
        : timeExport(requests, read, position, maxPages, perPage, now.minus(tooRecent));
    if (!position.fresh() && read.items == 0 && read.endOfStream) {
      ReadResult caughtUp = listed(new ReadResult(List.of(), start), read, now);
      return new Read(caughtUp, caughtUp);
    }
    Instant watermark = read.maxSeen;
    if (start.watermark() != null && (watermark == null || watermark.isBefore(start.watermark()))) {
      watermark = start.watermark();
    }
    Offset endOffset = end.toOffset(watermark);
    return new Read(listed(new ReadResult(read.live, endOffset), read, now),
        listed(new ReadResult(read.deleted, endOffset), read, now));
  }

  /**
   * A read that reached the end of the stream has listed the table as of its start: a record
   * changed since an earlier page moved to the stream's end, which this read reached. What the
   * provider withholds (Zendesk's last minute) a request made now would withhold as well, so a
   * caller that stops here ({@link ReadResult#listedSince}) misses nothing one more request would
   * find; the next read starts from the end offset either way.
   */
  private static ReadResult listed(ReadResult result, Pages read, Instant began) {
    return read.endOfStream && read.pages > 0 ? result.withListedAt(began) : result;
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
  private ExportPosition cursorExport(
      Requests requests, Pages read, ExportPosition position, int maxPages, String perPage, Instant latest) {
    ExportPosition p = position;
    for (int pages = 0; pages < maxPages && !read.endOfStream; pages++) {
      Map<String, String> query = new LinkedHashMap<>(this.query);
      if (p.cursor().isPresent()) {
        query.put("cursor", p.cursor().get());
      } else {
        query.put("start_time", String.valueOf(min(p.startTime(), latest).getEpochSecond()));
      }
      query.put("per_page", perPage);
      JsonResponse response = requests.get(path, query);
      List<ObjectNode> items = Paging.records(response, itemsAt);
      read.take(items);
      read.endOfStream = response.body().path("end_of_stream").asBoolean(false);
      Optional<String> after = Paging.token(response.body(), "/after_cursor");
      if (after.isEmpty() && !read.endOfStream) {
        throw broken(response, "end_of_stream is false but after_cursor is missing");
      }
      if (after.isPresent() && !read.endOfStream && items.isEmpty() && after.equals(p.cursor())) {
        throw broken(response, "an empty page returned the cursor it was given");
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
  private ExportPosition timeExport(
      Requests requests, Pages read, ExportPosition position, int maxPages, String perPage, Instant latest) {
    ExportPosition p = position;
    if (p.startTime().isAfter(latest)) {
      if (!p.fresh()) {
        // Everything up to a minute ago is delivered; asking now would be StartTimeTooRecent.
        read.endOfStream = true;
        return p;
      }
      p = p.atTime(latest, Set.of());
    }
    for (int pages = 0; pages < maxPages && !read.endOfStream && !p.startTime().isAfter(latest); pages++) {
      Map<String, String> query = new LinkedHashMap<>(this.query);
      query.put("start_time", String.valueOf(p.startTime().getEpochSecond()));
      query.put("per_page", perPage);
      JsonResponse response = requests.get(path, query);
      List<ObjectNode> items = Paging.records(response, itemsAt);
      read.endOfStream = response.body().path("end_of_stream").asBoolean(false);
      Instant pageStart = p.startTime();
      List<ObjectNode> unseen = new ArrayList<>();
      for (ObjectNode item : items) {
        if (!(pageStart.equals(itemTime(item)) && p.edgeIds().contains(id(item)))) {
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
        if (next.equals(itemTime(item))) {
          edge.add(id(item));
        }
      }
      if (!read.endOfStream && unseen.isEmpty() && next.equals(pageStart)) {
        throw broken(response, "a full page of items shares the second "
            + pageStart + ", so the export cannot move past it; set per_page to 1000");
      }
      p = p.atTime(next, edge);
    }
    return p;
  }

  private Instant itemTime(ObjectNode item) {
    return Cursors.parse(item.get(timeField)).orElse(null);
  }

  private static long id(ObjectNode item) {
    return item.path("id").asLong();
  }

  private static Instant min(Instant a, Instant b) {
    return a.isBefore(b) ? a : b;
  }

  private ExternalException broken(JsonResponse response, String why) {
    return new ExternalException("Cannot page through table '" + table + "' at "
        + response.path() + ": " + why, response.status(), null, false);
  }

  /** What one read call has gathered. */
  private final class Pages {
    /** The last whole second that had ended when the read started. */
    final Instant closed;
    final List<ObjectNode> live = new ArrayList<>();
    /** The records {@link Builder#deletedWhen} tells deleted. */
    final List<ObjectNode> deleted = new ArrayList<>();
    int items;
    /** The pages asked for. */
    int pages;
    boolean endOfStream;
    /** The highest cursor seen at or before {@link #closed}. */
    Instant maxSeen;

    Pages(Instant closed) {
      this.closed = closed;
    }

    void take(List<ObjectNode> page) {
      pages++;
      items += page.size();
      for (ObjectNode item : page) {
        for (ObjectNode record : records.apply(item)) {
          Cursors.parse(record.get(cursorField)).ifPresent(this::seen);
          (isDeleted.test(record) ? deleted : live).add(record);
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

  @Override
  public String toString() {
    return "ExportListing[" + table + " " + path + (cursorBased ? ", cursor-based" : ", time-based") + "]";
  }

  /** Declares an {@link ExportListing}. */
  public static final class Builder {
    private final String table;
    private final String path;
    private final String itemsAt;
    private final boolean cursorBased;
    private final String timeField;
    private final Map<String, String> query = new LinkedHashMap<>();
    private String cursorField;
    private Function<ObjectNode, List<ObjectNode>> records = List::of;
    private Predicate<ObjectNode> deleted = record -> false;
    private Duration tooRecent = Duration.ZERO;
    private String replayOption;
    private int maxPerPage = 1000;
    private Clock clock = Clock.systemUTC();

    private Builder(String table, String path, String itemsAt, boolean cursorBased, String timeField) {
      this.table = Objects.requireNonNull(table, "table");
      this.path = Objects.requireNonNull(path, "path");
      this.itemsAt = Objects.requireNonNull(itemsAt, "itemsAt");
      this.cursorBased = cursorBased;
      this.timeField = timeField;
    }

    /** Parameters every request sends, such as {@code include=comment_events}. */
    public Builder query(Map<String, String> value) {
      query.putAll(value);
      return this;
    }

    /** The record field the watermark follows. Required. */
    public Builder watermarkOn(String field) {
      this.cursorField = field;
      return this;
    }

    /** The records one exported item holds (the comments of a ticket event); the item itself by default. */
    public Builder records(Function<ObjectNode, List<ObjectNode>> value) {
      this.records = Objects.requireNonNull(value, "records");
      return this;
    }

    /** Which records are deletions; none by default. */
    public Builder deletedWhen(Predicate<ObjectNode> value) {
      this.deleted = Objects.requireNonNull(value, "deleted");
      return this;
    }

    /** How close to now the provider refuses a start time. */
    public Builder tooRecent(Duration value) {
      this.tooRecent = Objects.requireNonNull(value, "tooRecent");
      return this;
    }

    /** The table option that replays the export from a cursor the provider issued. */
    public Builder replayOption(String option) {
      this.replayOption = option;
      return this;
    }

    /** The page size asked for when the table options set none. */
    public Builder maxPerPage(int value) {
      this.maxPerPage = value;
      return this;
    }

    public Builder clock(Clock value) {
      this.clock = Objects.requireNonNull(value, "clock");
      return this;
    }

    public ExportListing build() {
      return new ExportListing(this);
    }
  }
}
