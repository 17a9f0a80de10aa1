package io.tributary.testkit;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.api.Columns;
import io.tributary.api.CommonOptions;
import io.tributary.api.Connector;
import io.tributary.api.ConnectorFactory;
import io.tributary.api.Offset;
import io.tributary.api.OptionDef;
import io.tributary.api.OptionSet;
import io.tributary.api.OptionValues;
import io.tributary.api.ReadResult;
import io.tributary.api.TableMetadata;
import io.tributary.api.Tables;
import io.tributary.simulator.DataTable;
import io.tributary.simulator.Dataset;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * An in-memory connector over a {@link Dataset}: {@code tickets} (cdc_with_deletes on
 * updated_at, page-number listings that resume from their offset; spam tickets are records),
 * {@code agents} (snapshot) and {@code ticket_notes} (a snapshot child of tickets, fanned out per
 * ticket). Correct by default; each {@link Defect} plants one bug the conformance kit must catch.
 */
final class ToyConnector implements Connector {
  enum Defect {
    DUPLICATE_TABLES,
    ACCEPTS_UNKNOWN_TABLE,
    NESTED_DUPLICATE_FIELD,
    UNSTABLE_SCHEMA,
    KEY_NOT_IN_SCHEMA,
    FIELD_NOT_IN_SCHEMA,
    NULL_CURSOR,
    ALWAYS_NULL_COLUMN,
    MISSING_READ_DELETES,
    BACKWARDS_OFFSET,
    /** Pages with {@code updated_at > last cursor}: tied records after a page boundary vanish. */
    LOSES_TIES,
    /** Keeps the listing's filter in memory instead of the offset: resuming an old offset loses records. */
    RESUME_FROM_MEMORY,
    /**
     * Fans ticket_notes out over the tickets a default list shows, which hides spam, while the
     * tickets table keeps spam tickets: their notes are never read.
     */
    CHILD_READS_DEFAULT_LIST_ONLY,
    /** Fans ticket_notes out over the first page of tickets only. */
    CHILD_READS_FIRST_PAGE_ONLY,
    /** Over HTTP, asks for pages without per_page: the API's default page size is served. */
    IGNORES_PER_PAGE,
    /** Over HTTP, never sends updated_since: lists every ticket and filters on its side. */
    NO_SINCE_FILTER,
    /** Over HTTP, takes a 5xx for an empty page instead of retrying. */
    SWALLOWS_5XX,
    /** Copies requester.name from a requester.full_name the API never sends: always null. */
    NESTED_FIELD_WRONG_NAME,
    /**
     * Follows page numbers of one query on the updated_at-ascending list instead of re-querying
     * from the highest updated_at read: a ticket updated between two pages moves to the end, the
     * next ticket slides onto the page already read and is skipped.
     */
    FOLLOWS_PAGE_NUMBERS,
    /**
     * Keeps its position inside a listing (query and page) in memory; a mid-listing offset only
     * counts calls. A fresh connector resumes by starting the listing over.
     */
    POSITION_IN_MEMORY
  }

  static final List<String> TABLES = List.of("tickets", "agents", "ticket_notes");

  /** Where listings come from: the dataset in memory, or a simulator over HTTP. */
  interface Pages {
    /** Page {@code page} (from 1) of live tickets updated at or after {@code since}, by updated_at then id. */
    List<ObjectNode> tickets(Instant since, int page, int perPage);

    /** Page {@code page} (from 1) of agents by id. */
    List<ObjectNode> agents(int page, int perPage);

    /** Every note of ticket {@code ticketId}. */
    List<ObjectNode> notes(long ticketId);
  }

  static final class Factory implements ConnectorFactory {
    private final Dataset data;
    private final Set<Defect> defects;
    private final boolean overHttp;

    Factory(Dataset data, Set<Defect> defects) {
      this(data, defects, false);
    }

    private Factory(Dataset data, Set<Defect> defects, boolean overHttp) {
      this.data = data;
      this.defects = defects.isEmpty() ? EnumSet.noneOf(Defect.class) : EnumSet.copyOf(defects);
      this.overHttp = overHttp;
    }

    /** A correct connector reading a {@link ToySimulator} at {@code base_url} with {@code api_key}. */
    static Factory overHttp(Dataset data) {
      return overHttp(data, Set.of());
    }

    /** {@link #overHttp(Dataset)} with {@code defects}. */
    static Factory overHttp(Dataset data, Set<Defect> defects) {
      return new Factory(data, defects, true);
    }

    @Override
    public String name() {
      return "toy";
    }

    @Override
    public OptionSet connectionOptions() {
      return overHttp
          ? OptionSet.of(CommonOptions.BASE.required(), OptionDef.string("api_key").secret().required())
          : OptionSet.of();
    }

    @Override
    public OptionSet tableOptions() {
      return CommonOptions.tableOptions(100, 5);
    }

    @Override
    public Connector create(OptionValues connectionOptions) {
      Pages pages = overHttp
          ? new ToySimulator.HttpPages(connectionOptions.string("base_url"), connectionOptions.string("api_key"), defects)
          : new MemoryPages(data);
      return new ToyConnector(data, pages, defects);
    }
  }

  private final Dataset data;
  private final Pages pages;
  private final Set<Defect> defects;
  private final AtomicInteger schemaCalls = new AtomicInteger();
  private volatile Instant listingSince;
  private volatile Instant lastWatermark;
  /** The listing position {@link Defect#POSITION_IN_MEMORY} keeps instead of the offset. */
  private volatile Offset remembered;
  private final AtomicInteger calls = new AtomicInteger();

  private ToyConnector(Dataset data, Pages pages, Set<Defect> defects) {
    this.data = data;
    this.pages = pages;
    this.defects = defects;
  }

  @Override
  public List<String> listTables() {
    return defects.contains(Defect.DUPLICATE_TABLES) ? List.of("tickets", "agents", "ticket_notes", "tickets") : TABLES;
  }

  @Override
  public StructType schema(String table, OptionValues tableOptions) {
    if (!defects.contains(Defect.ACCEPTS_UNKNOWN_TABLE)) {
      Tables.require(table, TABLES);
    }
    if (table.equals("agents")) {
      return new StructType().add(Columns.id("id")).add(Columns.string("name")).add(Columns.string("email"));
    }
    if (table.equals("ticket_notes")) {
      return new StructType().add(Columns.id("id")).add(Columns.id("ticket_id")).add(Columns.string("body"));
    }
    StructType requester = new StructType().add(Columns.id("id")).add(Columns.string("name"));
    if (defects.contains(Defect.NESTED_DUPLICATE_FIELD)) {
      requester = requester.add(Columns.string("name"));
    }
    StructType schema = new StructType()
        .add(Columns.id("id"))
        .add(Columns.string("subject"))
        .add(Columns.column("priority", DataTypes.LongType))
        .add(Columns.column("requester", requester))
        .add(Columns.column("deleted", DataTypes.BooleanType))
        .add(Columns.column("spam", DataTypes.BooleanType))
        .add(Columns.column("created_at", DataTypes.TimestampType))
        .add(Columns.column("updated_at", DataTypes.TimestampType));
    if (defects.contains(Defect.ALWAYS_NULL_COLUMN)) {
      schema = schema.add(Columns.column("resolved_at", DataTypes.TimestampType));
    }
    if (defects.contains(Defect.UNSTABLE_SCHEMA)) {
      schema = schema.add(Columns.string("v" + schemaCalls.incrementAndGet()));
    }
    return schema;
  }

  @Override
  public TableMetadata metadata(String table, OptionValues tableOptions) {
    Tables.require(table, TABLES);
    if (table.equals("agents")) {
      return TableMetadata.snapshot("id");
    }
    if (table.equals("ticket_notes")) {
      return TableMetadata.snapshot("id", "ticket_id")
          .asChildOf(new TableMetadata.ChildOf("tickets", List.of("ticket_id")));
    }
    return TableMetadata.cdcWithDeletes("updated_at",
        defects.contains(Defect.KEY_NOT_IN_SCHEMA) ? "ticket_id" : "id");
  }

  @Override
  public ReadResult read(String table, Offset start, OptionValues options) {
    Tables.require(table, TABLES);
    int perPage = options.integer(CommonOptions.PER_PAGE);
    int maxPages = options.integer(CommonOptions.MAX_PAGES_PER_BATCH);
    return switch (table) {
      case "agents" -> readSnapshot(start, perPage, maxPages);
      case "ticket_notes" -> readNotes(start, perPage, maxPages);
      default -> readTickets(start, perPage, maxPages, options.integer(CommonOptions.LOOKBACK_SECONDS));
    };
  }

  /** Every ticket's notes, a page of tickets at a time; each ticket asked about is a complete parent. */
  private ReadResult readNotes(Offset start, int perPage, int maxPages) {
    if (start.get("done").isPresent()) {
      return new ReadResult(List.of(), start);
    }
    int page = Integer.parseInt(start.get("page").orElse("1"));
    List<ObjectNode> out = new ArrayList<>();
    List<ObjectNode> complete = new ArrayList<>();
    for (int i = 0; i < maxPages; i++, page++) {
      List<ObjectNode> tickets = pages.tickets(Instant.EPOCH, page, perPage);
      for (ObjectNode ticket : tickets) {
        if (defects.contains(Defect.CHILD_READS_DEFAULT_LIST_ONLY) && ticket.path("spam").asBoolean()) {
          continue; // the bug: as if the parents came from the default list alone
        }
        long id = ticket.get("id").asLong();
        out.addAll(pages.notes(id));
        complete.add(ticket.objectNode().put("ticket_id", id));
      }
      if (tickets.size() < perPage || defects.contains(Defect.CHILD_READS_FIRST_PAGE_ONLY)) {
        return new ReadResult(out, new Offset(null, java.util.Map.of("done", "true")), complete);
      }
    }
    return new ReadResult(out, new Offset(null, java.util.Map.of("page", String.valueOf(page))), complete);
  }

  private ReadResult readSnapshot(Offset start, int perPage, int maxPages) {
    if (start.get("done").isPresent()) {
      return new ReadResult(List.of(), start);
    }
    int page = Integer.parseInt(start.get("page").orElse("1"));
    List<ObjectNode> out = new ArrayList<>();
    for (int i = 0; i < maxPages; i++, page++) {
      List<ObjectNode> slice = pages.agents(page, perPage);
      out.addAll(slice);
      if (slice.size() < perPage) {
        return new ReadResult(out, new Offset(null, java.util.Map.of("done", "true")));
      }
    }
    return new ReadResult(out, new Offset(null, java.util.Map.of("page", String.valueOf(page))));
  }

  /**
   * Each page is a new query from the highest updated_at read, which re-reads the ties at it; a
   * page of ties alone moves to the next page of the same query. An update between two pages moves
   * a ticket to the end of the list, where a later query finds it.
   */
  private ReadResult readTickets(Offset start, int perPage, int maxPages, int lookbackSeconds) {
    Instant since;
    Instant startedAt;
    Instant maxSeen;
    int page;
    Offset position = start;
    if (defects.contains(Defect.POSITION_IN_MEMORY) && start.get("calls").isPresent()) {
      // the bug: the offset says how many calls were made, not where the listing stands
      position = remembered != null ? remembered : new Offset(start.watermark(), java.util.Map.of());
    }
    if (position.state().isEmpty()) {
      since = position.watermark() == null ? Instant.EPOCH : position.watermark().minusSeconds(lookbackSeconds);
      startedAt = data.clock().instant();
      maxSeen = position.watermark();
      page = 1;
      listingSince = since;
    } else {
      since = Instant.parse(position.get("since").orElseThrow());
      startedAt = Instant.parse(position.get("started_at").orElseThrow());
      maxSeen = position.get("max").map(Instant::parse).orElse(null);
      if (defects.contains(Defect.RESUME_FROM_MEMORY) && listingSince != null) {
        since = listingSince; // the bug: the query of the last call lives in this object, not in the offset
        maxSeen = lastWatermark;
      }
      page = Integer.parseInt(position.get("page").orElseThrow());
    }
    Instant from = since;
    List<ObjectNode> out = new ArrayList<>();
    String after = position.get("after").orElse(null);
    boolean requery = !defects.contains(Defect.FOLLOWS_PAGE_NUMBERS) && !defects.contains(Defect.LOSES_TIES);
    for (int i = 0; i < maxPages; i++) {
      List<ObjectNode> slice = defects.contains(Defect.LOSES_TIES)
          ? afterCursor(MemoryPages.listing(data, from), after, perPage)
          : pages.tickets(from, page, perPage);
      for (ObjectNode record : slice) {
        maxSeen = maxSeen == null || updatedAt(record).isAfter(maxSeen) ? updatedAt(record) : maxSeen;
      }
      out.addAll(slice);
      if (!slice.isEmpty()) {
        after = slice.get(slice.size() - 1).get("updated_at").asText();
      }
      if (slice.size() < perPage) {
        Instant reached = maxSeen == null || maxSeen.isAfter(startedAt) ? startedAt : maxSeen;
        Instant watermark = start.watermark() != null && reached.isBefore(start.watermark()) ? start.watermark() : reached;
        if (defects.contains(Defect.BACKWARDS_OFFSET) && start.watermark() != null) {
          watermark = since.minusSeconds(3600); // the bug: stores the filter with a "safety margin"
        }
        lastWatermark = watermark;
        remembered = null;
        return new ReadResult(decorate(out), Offset.at(watermark));
      }
      Instant highest = updatedAt(slice.get(slice.size() - 1));
      if (requery && highest.isAfter(from)) {
        from = highest;
        page = 1;
      } else {
        page++;
      }
    }
    Offset next = new Offset(start.watermark(), java.util.Map.of(
        "since", from.toString(), "started_at", startedAt.toString(), "page", String.valueOf(page)))
        .with("max", maxSeen == null ? null : maxSeen.toString())
        .with("after", defects.contains(Defect.LOSES_TIES) ? after : null);
    listingSince = from;
    lastWatermark = maxSeen;
    if (defects.contains(Defect.POSITION_IN_MEMORY)) {
      remembered = next;
      next = new Offset(start.watermark(), java.util.Map.of("calls", String.valueOf(calls.incrementAndGet())));
    }
    return new ReadResult(decorate(out), next);
  }

  private List<ObjectNode> decorate(List<ObjectNode> records) {
    for (ObjectNode record : records) {
      if (defects.contains(Defect.FIELD_NOT_IN_SCHEMA)) {
        record.put("surprise", "not declared");
      }
      if (defects.contains(Defect.NULL_CURSOR) && record.get("id").asLong() == 5) {
        record.putNull("updated_at");
      }
      if (defects.contains(Defect.NESTED_FIELD_WRONG_NAME) && record.get("requester") instanceof ObjectNode requester) {
        requester.set("name", requester.get("full_name")); // the bug: the API calls it name
      }
    }
    return records;
  }

  @Override
  public ReadResult readDeletes(String table, Offset start, OptionValues options) {
    if (defects.contains(Defect.MISSING_READ_DELETES) || !table.equals("tickets")) {
      return Connector.super.readDeletes(table, start, options);
    }
    Instant since = start.watermark() == null ? Instant.EPOCH : start.watermark();
    DataTable tickets = data.table("tickets");
    List<ObjectNode> deleted = tickets.select(r -> r.path("deleted").asBoolean() && !updatedAt(r).isBefore(since))
        .stream().map(r -> {
          ObjectNode key = r.objectNode();
          key.set("id", r.get("id"));
          key.set("updated_at", r.get("updated_at"));
          return key;
        }).toList();
    Instant end = deleted.stream().map(ToyConnector::updatedAt).max(Comparator.naturalOrder()).orElse(since);
    return new ReadResult(deleted, Offset.at(start.watermark() != null && end.isBefore(start.watermark()) ? start.watermark() : end));
  }

  /** The dataset itself as the API. */
  record MemoryPages(Dataset data) implements Pages {
    @Override
    public List<ObjectNode> tickets(Instant since, int page, int perPage) {
      return slice(listing(data, since), page, perPage);
    }

    @Override
    public List<ObjectNode> agents(int page, int perPage) {
      return slice(data.table("agents").records(), page, perPage);
    }

    @Override
    public List<ObjectNode> notes(long ticketId) {
      return data.table("notes").select(n -> n.get("ticket_id").asLong() == ticketId);
    }

    static List<ObjectNode> listing(Dataset data, Instant since) {
      return data.table("tickets").records().stream()
          .filter(r -> !updatedAt(r).isBefore(since))
          .sorted(Comparator.comparing(ToyConnector::updatedAt).thenComparing(r -> r.get("id").asLong()))
          .toList();
    }

    private static List<ObjectNode> slice(List<ObjectNode> all, int page, int perPage) {
      int from = (page - 1) * perPage;
      return from >= all.size() ? List.of() : all.subList(from, Math.min(all.size(), from + perPage));
    }
  }

  private static List<ObjectNode> afterCursor(List<ObjectNode> listing, String after, int perPage) {
    return listing.stream()
        .filter(r -> after == null || updatedAt(r).isAfter(Instant.parse(after)))
        .limit(perPage).toList();
  }

  private static Instant updatedAt(ObjectNode record) {
    return Instant.parse(record.get("updated_at").asText());
  }
}
