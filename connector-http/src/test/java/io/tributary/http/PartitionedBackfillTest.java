package io.tributary.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.api.CommonOptions;
import io.tributary.api.Connector;
import io.tributary.api.Json;
import io.tributary.api.Offset;
import io.tributary.api.OptionDef;
import io.tributary.api.OptionSet;
import io.tributary.api.OptionValues;
import io.tributary.api.PartitionedReads;
import io.tributary.api.ReadPartition;
import io.tributary.api.ReadResult;
import io.tributary.api.TableMetadata;
import io.tributary.http.rest.Pager;
import io.tributary.http.rest.RestConnectorFactory;
import io.tributary.http.rest.RestSource;
import io.tributary.http.rest.RestTable;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A backfill of a declared table whose API bounds a window of its cursor is planned as windows
 * that together hold exactly what one sequential listing reads: each record once, ties at a
 * boundary in the window they belong to, and an end offset the next incremental read continues from.
 */
class PartitionedBackfillTest {
  private static final Instant NOW = Instant.parse("2024-06-01T12:00:00.400Z");
  private static final StructType TICKET = new StructType()
      .add("id", DataTypes.LongType).add("updated_at", DataTypes.StringType).add("spam", DataTypes.BooleanType);
  private static final OptionSet TABLE_OPTIONS = CommonOptions.tableOptions(100, 10).plus(CommonOptions.PARTITIONS);

  private final ScriptedServer server = new ScriptedServer();
  /** The provider's records; tests change them between requests. */
  private final List<ObjectNode> records = new CopyOnWriteArrayList<>();
  private final HandClock clock = new HandClock(NOW);

  @AfterEach
  void close() {
    server.close();
  }

  /** Sorted ascending (updated_at, id) with {@code since >=} and an optional {@code until <=}, in numbered pages. */
  private MockResponse serve(RecordedRequest request) {
    Instant since = Instant.parse(request.getUrl().queryParameter("since"));
    String until = request.getUrl().queryParameter("until");
    boolean spam = "spam".equals(request.getUrl().queryParameter("filter"));
    int perPage = Integer.parseInt(request.getUrl().queryParameter("per_page"));
    String p = request.getUrl().queryParameter("page");
    int page = p == null ? 1 : Integer.parseInt(p);
    List<ObjectNode> matching = records.stream()
        .filter(r -> r.path("spam").asBoolean() == spam)
        .filter(r -> !cursor(r).isBefore(since))
        .filter(r -> until == null || !cursor(r).isAfter(Instant.parse(until)))
        .sorted(order(request.getUrl().queryParameter("order")))
        .toList();
    ArrayNode body = Json.MAPPER.createArrayNode();
    matching.stream().skip((long) (page - 1) * perPage).limit(perPage).forEach(body::add);
    ObjectNode envelope = Json.object();
    envelope.set("tickets", body);
    return ScriptedServer.json(envelope.toString());
  }

  /** Ascending (updated_at, id), or descending for {@code order=desc}. */
  private static Comparator<ObjectNode> order(String order) {
    Comparator<ObjectNode> ascending = Comparator.comparing(PartitionedBackfillTest::cursor)
        .thenComparing(r -> r.path("id").asLong());
    return "desc".equals(order) ? ascending.reversed() : ascending;
  }

  private static Instant cursor(ObjectNode record) {
    return Instant.parse(record.path("updated_at").asText());
  }

  private void put(long id, Instant updatedAt, boolean spam) {
    records.removeIf(r -> r.path("id").asLong() == id);
    records.add(Json.object().put("id", id).put("updated_at", updatedAt.toString()).put("spam", spam));
  }

  private static RestSource source(RestTable table) {
    OptionDef key = OptionDef.string("api_key").secret().required().doc("The key.");
    return RestSource.builder("toy", "A toy helpdesk")
        .options(OptionSet.of(key, CommonOptions.BASE), CommonOptions.tableOptions(100, 10))
        .client(c -> HttpSettings.builder("toy", c.string(CommonOptions.BASE_URL))
            .auth(Auth.basicApiKey(c.string("api_key"))).credentialOption("api_key").requestsPerMinute(100_000).build())
        .pager(Pager.pageNumber("page").untilShortPage())
        .table(table)
        .build();
  }

  /** Sorted ascending, windowed by its sort; spam tickets in a second, unsorted list. */
  private static final RestTable SORTED = RestTable.incremental("tickets", "/tickets", TICKET,
          TableMetadata.cdc("updated_at", "id"))
      .recordsAt("/tickets").query("order", "asc").sortedByCursor().since("since").windowsBySort()
      .alsoList(Map.of("filter", "spam"))
      .build();

  /** Filtered on both sides. */
  private static final RestTable TWO_SIDED = RestTable.incremental("tickets", "/tickets", TICKET,
          TableMetadata.cdc("updated_at", "id"))
      .recordsAt("/tickets").since("since").until("until", Instant::toString)
      .build();

  private Connector connect(RestTable table) {
    server.answer(this::serve);
    RestConnectorFactory factory = new RestConnectorFactory(source(table)) {};
    assertThat(factory.tableOptions().names()).contains(CommonOptions.MAX_PARTITIONS);
    return factory.create(factory.connectionOptions().validate(Map.of("api_key", "sekret-123", "base_url", server.baseUrl())), clock);
  }

  private static OptionValues options(String... pairs) {
    Map<String, String> raw = new HashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      raw.put(pairs[i], pairs[i + 1]);
    }
    return TABLE_OPTIONS.validate(raw);
  }

  /** 300 tickets over two years, 40 in the last hour, ties of 25 on one second, 12 spam. */
  private void seed() {
    Instant twoYearsAgo = NOW.minus(Duration.ofDays(730)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    long id = 1;
    for (int i = 0; i < 248; i++) {
      put(id++, twoYearsAgo.plus(Duration.ofHours(70L * i)), false);
    }
    Instant tie = NOW.minus(Duration.ofDays(100)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    for (int i = 0; i < 25; i++) {
      put(id++, tie, false);
    }
    for (int i = 0; i < 15; i++) {
      put(id++, NOW.minus(Duration.ofMinutes(50 - 3 * i)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS), false);
    }
    // The last closed second: a sequential listing started now reaches it.
    put(id++, NOW.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).minusSeconds(1), false);
    for (int i = 0; i < 12; i++) {
      put(id++, twoYearsAgo.plus(Duration.ofDays(50L * i)), true);
    }
  }

  private static ReadResult sequential(Connector connector, Offset from, OptionValues options) {
    List<ObjectNode> all = new ArrayList<>();
    Offset offset = from;
    for (int calls = 0; calls < 500; calls++) {
      ReadResult r = connector.read("tickets", offset, options);
      all.addAll(r.records());
      if (r.caughtUp(offset)) {
        return new ReadResult(all, offset);
      }
      offset = r.endOffset();
    }
    throw new AssertionError("no fixed point");
  }

  private static List<Long> ids(List<ObjectNode> records) {
    return records.stream().map(r -> r.path("id").asLong()).toList();
  }

  /** Each partition is shipped as Spark would (Java serialization) and read in a connector of its own. */
  private List<ObjectNode> readPartitions(RestTable table, List<ReadPartition> plan, OptionValues options) throws Exception {
    List<ObjectNode> all = new ArrayList<>();
    for (ReadPartition partition : plan) {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
        out.writeObject(partition);
      }
      ReadPartition shipped;
      try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
        shipped = (ReadPartition) in.readObject();
      }
      ReadResult r = ((PartitionedReads) connect(table)).readPartition("tickets", shipped, options);
      assertThat(r.endOffset().toJson()).isEqualTo(partition.endOffset());
      all.addAll(r.records());
    }
    return all;
  }

  @Test
  void partitionsTogetherHoldTheSequentialReadEachRecordOnceAndEndWhereItEnds() throws Exception {
    seed();
    OptionValues options = options("max_partitions", "6");
    Connector connector = connect(SORTED);
    List<ReadPartition> plan = ((PartitionedReads) connector).planPartitions("tickets", Offset.START, options);

    assertThat(plan).hasSizeBetween(3, 6);
    assertThat(plan).extracting(p -> p.bounds().get("shares")).containsOnly(String.valueOf(plan.size()));
    assertThat(plan).allSatisfy(p -> assertThat(p.bounds()).containsKey("planned_in"));
    assertThat(plan).extracting(ReadPartition::endOffset).containsOnly(plan.get(0).endOffset());
    List<Long> partitioned = ids(readPartitions(SORTED, plan, options));
    ReadResult straight = sequential(connect(SORTED), Offset.START, options);

    assertThat(partitioned).doesNotHaveDuplicates().hasSize(records.size())
        .containsExactlyInAnyOrderElementsOf(Set.copyOf(ids(straight.records())));
    assertThat(Offset.fromJson(plan.get(0).endOffset())).isEqualTo(straight.endOffset());
  }

  @Test
  void aPartitionHandsOnEachPageAsItIsReadAndATieReadAgainOnce() throws Exception {
    seed();
    OptionValues options = options("max_partitions", "3");
    List<ReadPartition> plan = ((PartitionedReads) connect(SORTED)).planPartitions("tickets", Offset.START, options);
    List<Long> whole = ids(readPartitions(SORTED, plan, options));
    List<ObjectNode> streamed = new ArrayList<>();
    int pagesHanded = 0;
    for (ReadPartition partition : plan) {
      PartitionedReads reader = (PartitionedReads) connect(SORTED);
      int before = server.requestCount();
      List<Integer> requestsAtEachPage = new ArrayList<>();
      ReadResult rest = reader.readPartition("tickets", partition, options, page -> {
        requestsAtEachPage.add(server.requestCount());
        streamed.addAll(page);
      });

      assertThat(rest.records()).isEmpty();
      assertThat(rest.endOffset().toJson()).isEqualTo(partition.endOffset());
      if (server.requestCount() - before > 1) {
        assertThat(requestsAtEachPage.get(0)).as("requests when the first page was handed on, partition "
            + partition.id()).isLessThan(server.requestCount());
      }
      pagesHanded += requestsAtEachPage.size();
    }

    assertThat(pagesHanded).isGreaterThan(plan.size() * 2);
    assertThat(ids(streamed)).as("the 25 tickets tied on one second span pages of 10, and are read again")
        .doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(whole);
    assertThat(whole).hasSize(records.size());
  }

  @Test
  void aPartitionHandsOnARecordChangedWhileItsWindowIsReadAgainWithItsNewCursor() throws Exception {
    seed();
    OptionValues options = options("max_partitions", "3");
    List<ReadPartition> plan = ((PartitionedReads) connect(SORTED)).planPartitions("tickets", Offset.START, options);
    ReadPartition last = plan.stream().filter(p -> p.id().equals("tickets/" + (plan.size() - 2))).findFirst().orElseThrow();
    Instant lastClosedSecond = NOW.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).minusSeconds(1);
    List<ObjectNode> streamed = new ArrayList<>();
    ((PartitionedReads) connect(SORTED)).readPartition("tickets", last, options, page -> {
      if (streamed.isEmpty()) {
        // Updated after its page was read, to a cursor still inside this window.
        put(page.get(0).path("id").asLong(), lastClosedSecond, false);
      }
      streamed.addAll(page);
    });
    long changed = streamed.get(0).path("id").asLong();

    List<String> versions = streamed.stream().filter(r -> r.path("id").asLong() == changed)
        .map(r -> r.path("updated_at").asText()).toList();
    assertThat(versions).hasSize(2).last().isEqualTo(lastClosedSecond.toString());
    assertThat(ids(streamed).stream().filter(id -> id != changed)).doesNotHaveDuplicates();
  }

  @Test
  void tiesOnTheBoundarySecondAcrossPagesBelongToTheWindowStartingThere() {
    tiesAtTheBoundary(new FakeProvider(2, 0).sorted());
  }

  @Test
  void tiesOnTheBoundarySecondAreReadUnderAnExclusiveSinceFilter() {
    tiesAtTheBoundary(new FakeProvider(2, 0).sorted().exclusiveSince());
  }

  private static void tiesAtTheBoundary(FakeProvider provider) {
    Instant boundary = Instant.parse("2024-03-01T00:00:00Z");
    provider.put(1, "2024-02-29T23:59:59Z");
    for (long id = 2; id <= 8; id++) {
      provider.put(id, boundary.toString());
    }
    provider.put(9, "2024-03-01T00:00:01Z");
    IncrementalListing listing = IncrementalListing.builder("tickets", "updated_at").clock(Clock.fixed(NOW, ZoneOffset.UTC)).build();

    List<ObjectNode> left = listing.readWindow(new CursorWindow(Instant.EPOCH, boundary), provider);
    List<ObjectNode> right = listing.readWindow(new CursorWindow(boundary, boundary.plusSeconds(2)), provider);

    assertThat(Set.copyOf(ids(left))).containsExactly(1L);
    assertThat(Set.copyOf(ids(right))).containsExactlyInAnyOrder(2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L);
  }

  @Test
  void aDenseHourIsSplitFinelyWhileSparseYearsStayInFewWindows() {
    FakeProvider provider = new FakeProvider(10, 0).sorted();
    List<Instant> cursors = new ArrayList<>();
    Instant start = Instant.parse("2020-01-01T00:00:00Z");
    for (int i = 0; i < 20; i++) {
      cursors.add(start.plus(Duration.ofDays(80L * i)));
    }
    Instant dense = Instant.parse("2024-05-31T10:00:00Z");
    for (int i = 0; i < 400; i++) {
      cursors.add(dense.plusSeconds(9L * i));
    }
    for (int i = 0; i < cursors.size(); i++) {
      provider.put(i + 1, cursors.get(i).toString());
    }
    WindowPlanner planner = WindowPlanner.of(Cursors.field("updated_at"), Duration.ofSeconds(1), 10, 8);

    List<CursorWindow> windows = planner.split(new CursorWindow(Instant.EPOCH, Instant.parse("2024-06-01T00:00:00Z")), provider);

    assertThat(windows).as("windows").hasSize(8);
    assertThat(windows.get(0).lo()).isEqualTo(Instant.EPOCH);
    assertThat(windows.get(7).hi()).isEqualTo(Instant.parse("2024-06-01T00:00:00Z"));
    for (int i = 1; i < windows.size(); i++) {
      assertThat(windows.get(i).lo()).isEqualTo(windows.get(i - 1).hi());
    }
    long denseWindows = windows.stream().filter(w -> w.hi().isAfter(dense) && w.lo().isBefore(dense.plusSeconds(3600))).count();
    assertThat(denseWindows).as("windows over the dense hour in %s", windows).isGreaterThanOrEqualTo(4);
    // No window holds more than a third of the 420 records: the dense hour does not serialize the run.
    for (CursorWindow w : windows) {
      long inWindow = cursors.stream().filter(w::contains).count();
      assertThat(inWindow).as("records in %s of %s", w, windows).isLessThanOrEqualTo(140);
    }
    assertThat(planner.requests()).isLessThanOrEqualTo(24);
  }

  /**
   * Seven windows of an even range (eight partitions less one for a spam list): halving alone gives
   * six of an eighth and one of a quarter, and that window is still being read, alone, when the
   * others are done.
   */
  @Test
  void sevenWindowsOfAnEvenRangeHoldAboutAsManyRecordsEach() {
    FakeProvider provider = new FakeProvider(10, 0).sorted();
    List<Instant> cursors = new ArrayList<>();
    Instant start = Instant.parse("2024-01-01T00:00:00Z");
    for (int i = 0; i < 2_000; i++) {
      cursors.add(start.plusSeconds(600L * i));
      provider.put(i + 1, cursors.get(i).toString());
    }
    Instant end = start.plusSeconds(600L * 2_000);
    WindowPlanner planner = WindowPlanner.of(Cursors.field("updated_at"), Duration.ofSeconds(1), 10, 7);

    List<CursorWindow> windows = planner.split(new CursorWindow(start, end), provider);

    assertThat(windows).hasSize(7);
    List<Long> sizes = windows.stream().map(w -> cursors.stream().filter(w::contains).count()).toList();
    assertThat(sizes.stream().mapToLong(Long::longValue).sum()).isEqualTo(2_000);
    // An eighth is 250 records, a quarter 500; a seventh is 286.
    assertThat(java.util.Collections.max(sizes)).as("records per window %s", sizes).isLessThanOrEqualTo(330);
    assertThat(planner.requests()).isLessThanOrEqualTo(21);
  }

  @Test
  void aBoundedPlannerPlansOnlyAPrefixOfARangeTooLargeForItsWindows() {
    FakeProvider provider = new FakeProvider(10, 0).sorted();
    Instant start = Instant.parse("2024-01-01T00:00:00Z");
    List<Instant> cursors = new ArrayList<>();
    for (int i = 0; i < 5_000; i++) {
      cursors.add(start.plusSeconds(60L * i + (i % 3) * 7L));
      provider.put(i + 1, cursors.get(i).toString());
    }
    CursorWindow range = new CursorWindow(Instant.EPOCH, Instant.parse("2024-06-01T00:00:00Z"));
    WindowPlanner planner = WindowPlanner.of(Cursors.field("updated_at"), Duration.ofSeconds(1), 10, 4).pagesPerPlan(20);

    List<CursorWindow> windows = planner.split(range, provider);

    assertThat(windows).hasSize(4);
    assertThat(windows.get(0).lo()).isEqualTo(Instant.EPOCH);
    for (int i = 1; i < windows.size(); i++) {
      assertThat(windows.get(i).lo()).isEqualTo(windows.get(i - 1).hi());
    }
    assertThat(windows.get(3).hi()).isBefore(range.hi());
    for (CursorWindow w : windows) {
      long inWindow = cursors.stream().filter(w::contains).count();
      assertThat(inWindow).as("records in %s of %s", w, windows).isBetween(1L, 75L);
    }
    assertThat(planner.requests()).isLessThanOrEqualTo(6);
    // Unbounded, the same planner covers the whole range in windows of over a hundred pages.
    List<CursorWindow> whole = WindowPlanner.of(Cursors.field("updated_at"), Duration.ofSeconds(1), 10, 4).split(range, provider);
    assertThat(whole.get(whole.size() - 1).hi()).isEqualTo(range.hi());
  }

  @Test
  void aBackfillLargerThanOnePlanIsPlannedABatchAtATimeAndLosesNothing() throws Exception {
    Instant start = NOW.minus(Duration.ofDays(200)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    for (int i = 0; i < 4_000; i++) {
      put(i + 1, start.plusSeconds(4_000L * i + (i % 5) * 13L), i % 97 == 0);
    }
    // A lookback of five records' spacing: a plan that started it over would read them again.
    OptionValues options = options("per_page", "50", "max_partitions", "4", "max_pages_per_batch", "4",
        "lookback_seconds", "20000");
    List<Long> partitioned = new ArrayList<>();
    Offset offset = Offset.START;
    int plans = 0;
    while (true) {
      List<ReadPartition> plan = ((PartitionedReads) connect(SORTED)).planPartitions("tickets", offset, options);
      if (plan.isEmpty()) {
        break;
      }
      plans++;
      Offset end = Offset.fromJson(plan.get(0).endOffset());
      assertThat(end.watermark()).as("plan %d's end", plans).isAfter(offset.watermark() == null ? Instant.EPOCH : offset.watermark());
      // A replay of the batch plans the same range up to the same end.
      List<ReadPartition> replay = ((PartitionedReads) connect(SORTED)).planPartitions("tickets", offset, end, options);
      assertThat(replay).isNotEmpty().allSatisfy(p -> assertThat(p.endOffset()).isEqualTo(plan.get(0).endOffset()));
      long windowed = 0;
      for (ReadPartition partition : plan) {
        List<ObjectNode> records = readPartitions(SORTED, List.of(partition), options);
        if (!partition.id().contains("list")) {
          windowed += records.size();
        }
        partitioned.addAll(ids(records));
      }
      // Three windows (the fourth partition reads the spam list) of about four pages of 50 each
      // (estimates from one page each), never the whole table.
      assertThat(windowed).as("records of plan %d", plans).isLessThanOrEqualTo(900);
      offset = end;
    }
    List<Long> rest = ids(sequential(connect(SORTED), offset, options).records());

    // Each window, not the plan, bounded: about 600 records a plan, where 200 would take 20 plans.
    assertThat(plans).as("plans").isBetween(4, 10);
    assertThat(partitioned).as("each record read by one plan").doesNotHaveDuplicates();
    Set<Long> all = new java.util.HashSet<>(partitioned);
    all.addAll(rest);
    assertThat(all).containsExactlyInAnyOrderElementsOf(ids(records));
  }

  @Test
  void theFirstPageOfAWindowThePlannersProbeFetchedIsNotRequestedAgain() throws Exception {
    seed();
    OptionValues options = options("max_partitions", "6");
    List<ReadPartition> plan = ((PartitionedReads) connect(SORTED)).planPartitions("tickets", Offset.START, options);
    List<ReadPartition> windows = plan.stream().filter(p -> !p.id().contains("list")).toList();
    assertThat(windows).hasSizeGreaterThan(1);
    assertThat(windows).allSatisfy(p -> assertThat(p.bounds()).containsKey("first_page"));

    List<Long> partitioned = ids(readPartitions(SORTED, plan, options));

    assertThat(partitioned).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(ids(records));
    for (ReadPartition window : windows) {
      String since = Instant.parse(window.bounds().get("lo")).minusSeconds(1).toString();
      long asked = server.arrivals().stream().map(a -> a.request().getUrl())
          .filter(u -> since.equals(u.queryParameter("since")) && u.queryParameter("filter") == null
              && "1".equals(u.queryParameter("page")))
          .count();
      assertThat(asked).as("requests for the first page of %s", window.id()).isEqualTo(1);
    }
  }

  @Test
  void aRecordUpdatedDuringTheBackfillIsDeliveredByTheNextIncrementalRead() throws Exception {
    seed();
    OptionValues options = options("max_partitions", "4", "lookback_seconds", "0");
    Connector connector = connect(SORTED);
    List<ReadPartition> plan = ((PartitionedReads) connector).planPartitions("tickets", Offset.START, options);
    assertThat(plan).hasSizeGreaterThan(1);
    // While the partitions run, ticket 5 (in the first window) and ticket 300 are updated.
    clock.set(NOW.plusSeconds(30));
    put(5, NOW.plusSeconds(20), false);
    put(280, NOW.plusSeconds(21), false);

    List<Long> backfill = ids(readPartitions(SORTED, plan, options));
    ReadResult next = sequential(connect(SORTED), Offset.fromJson(plan.get(0).endOffset()), options);

    // A window's first page may have come with its plan (the probe's), so the backfill may hold
    // ticket 5 as it was when planned; never its new version, which the next read delivers.
    assertThat(backfill).doesNotContain(280L).doesNotHaveDuplicates();
    assertThat(readPartitions(SORTED, plan, options)).noneMatch(r -> cursor(r).isAfter(NOW));
    assertThat(ids(next.records())).contains(5L, 280L);
    Set<Long> union = new java.util.HashSet<>(backfill);
    union.addAll(ids(next.records()));
    assertThat(union).hasSize(records.size());
  }

  @Test
  void aReplayedBatchIsPlannedUpToItsStoredEndNotToNow() throws Exception {
    seed();
    OptionValues options = options("max_partitions", "5");
    PartitionedReads first = (PartitionedReads) connect(SORTED);
    List<ReadPartition> plan = first.planPartitions("tickets", Offset.START, options);
    Offset end = Offset.fromJson(plan.get(0).endOffset());
    clock.set(NOW.plus(Duration.ofHours(3)));
    put(9_999, NOW.plus(Duration.ofHours(2)), false);

    List<ReadPartition> replay = ((PartitionedReads) connect(SORTED)).planPartitions("tickets", Offset.START, end, options);

    assertThat(replay).isEqualTo(plan);
    assertThat(ids(readPartitions(SORTED, replay, options))).doesNotContain(9_999L).hasSize(records.size() - 1);
  }

  @Test
  void aTwoSidedFilterSendsEachWindowsLastSecondAsItsUpperBound() throws Exception {
    seed();
    records.removeIf(r -> r.path("spam").asBoolean());
    OptionValues options = options("max_partitions", "4");
    Connector connector = connect(TWO_SIDED);
    List<ReadPartition> plan = ((PartitionedReads) connector).planPartitions("tickets", Offset.START, options);
    assertThat(plan).hasSizeGreaterThan(1);
    int before = server.requestCount();

    List<Long> partitioned = ids(readPartitions(TWO_SIDED, plan, options));

    assertThat(partitioned).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(ids(records));
    Set<String> untils = server.arrivals().subList(before, server.requestCount()).stream()
        .map(a -> a.request().getUrl().queryParameter("until")).collect(Collectors.toSet());
    Set<String> expected = plan.stream().map(p -> Instant.parse(p.bounds().get("hi")).minusSeconds(1).toString())
        .collect(Collectors.toSet());
    assertThat(untils).isEqualTo(expected);
  }

  @Test
  void aTenThousandRecordBackfillSplitsEightWaysForAFewRequestsMoreThanOneListing() throws Exception {
    Instant start = NOW.minus(Duration.ofDays(365)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    for (int i = 0; i < 10_000; i++) {
      put(i + 1, start.plusSeconds(3_000L * i + (i % 7) * 11L), false);
    }
    // One plan of the whole range: its 100 pages fit max_pages_per_batch with room for the estimates.
    OptionValues options = options("per_page", "100", "max_partitions", "8", "max_pages_per_batch", "200");
    PartitionedReads connector = (PartitionedReads) connect(SORTED_ONE_LIST);
    List<ReadPartition> plan = connector.planPartitions("tickets", Offset.START, options);
    int planning = server.requestCount();
    List<Long> partitioned = ids(readPartitions(SORTED_ONE_LIST, plan, options));
    int partitionedRequests = server.requestCount();
    sequential(connect(SORTED_ONE_LIST), Offset.START, options);
    int sequentialRequests = server.requestCount() - partitionedRequests;

    assertThat(partitioned).doesNotHaveDuplicates().hasSize(10_000);
    assertThat(plan).hasSize(8);
    System.out.printf("10k records, per_page 100: %d partitions, %d planning requests, %d requests in all "
        + "partitioned, %d sequential%n", plan.size(), planning, partitionedRequests, sequentialRequests);
    assertThat(partitionedRequests).isLessThanOrEqualTo(sequentialRequests + 3 * plan.size());
  }

  /**
   * A year of tickets that ended two years ago: the windows share the year, not the three years to
   * now, so none is left with an empty stretch's worth of estimate to be read alone at the end; the
   * last still runs to now.
   */
  @Test
  void theNewestRecordAskedForOnceEndsTheRangeTheWindowsShare() throws Exception {
    OptionValues options = options("per_page", "10", "max_partitions", "8", "max_pages_per_batch", "50");
    RestTable newestFirst = newestFirst("desc");
    PartitionedReads connector = aYearOfTicketsEndingTwoYearsAgo(2_000, newestFirst);

    List<ReadPartition> plan = connector.planPartitions("tickets", Offset.START, options);
    List<Long> read = ids(readPartitions(newestFirst, plan, options));

    assertThat(read).doesNotHaveDuplicates().hasSize(2_000);
    long descending = java.util.stream.IntStream.range(0, server.requestCount())
        .filter(i -> "desc".equals(server.request(i).getUrl().queryParameter("order"))).count();
    assertThat(descending).isEqualTo(1);
    assertThat(plan).hasSize(8);
    List<Long> sizes = plan.stream().map(p -> records.stream().filter(r -> windowOf(p).contains(cursor(r))).count()).toList();
    // An eighth is 250 records.
    assertThat(java.util.Collections.max(sizes)).as("records per window %s", sizes).isLessThanOrEqualTo(320);
    assertThat(windowOf(plan.get(plan.size() - 1)).hi()).isAfter(NOW.minus(Duration.ofMinutes(1)));
  }

  /**
   * The plan's requests wait on the provider side by side: the newest record is asked for while the
   * range's first page is, and the probes of each round of splits are in flight together.
   */
  @Test
  void thePlansRequestsAreInFlightSeveralAtATime() throws Exception {
    OptionValues options = options("per_page", "10", "max_partitions", "8", "max_pages_per_batch", "50");
    RestTable newestFirst = newestFirst("desc");
    PartitionedReads connector = aYearOfTicketsEndingTwoYearsAgo(2_000, newestFirst);
    java.util.concurrent.atomic.AtomicInteger inFlight = new java.util.concurrent.atomic.AtomicInteger();
    java.util.concurrent.atomic.AtomicInteger most = new java.util.concurrent.atomic.AtomicInteger();
    // Requests in flight when the newest record's request and the range's first page arrived.
    java.util.concurrent.atomic.AtomicInteger newestArrived = new java.util.concurrent.atomic.AtomicInteger();
    java.util.concurrent.atomic.AtomicInteger firstPageArrived = new java.util.concurrent.atomic.AtomicInteger();
    server.answer(request -> {
      int now = inFlight.incrementAndGet();
      most.accumulateAndGet(now, Math::max);
      if ("desc".equals(request.getUrl().queryParameter("order"))) {
        newestArrived.compareAndSet(0, now);
      } else {
        firstPageArrived.compareAndSet(0, now);
      }
      try {
        Thread.sleep(150);
        return serve(request);
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      } finally {
        inFlight.decrementAndGet();
      }
    });

    List<ReadPartition> plan = connector.planPartitions("tickets", Offset.START, options);

    assertThat(plan).hasSize(8);
    assertThat(Math.max(newestArrived.get(), firstPageArrived.get()))
        .as("requests in flight when the later of the newest record's request and the range's first page arrived")
        .isEqualTo(2);
    assertThat(most.get()).as("requests in flight at once while planning %d", server.requestCount())
        .isGreaterThanOrEqualTo(3);
    List<Long> sizes = plan.stream().map(p -> records.stream().filter(r -> windowOf(p).contains(cursor(r))).count()).toList();
    assertThat(java.util.Collections.max(sizes)).as("records per window %s", sizes).isLessThanOrEqualTo(320);
  }

  /**
   * The plan's probes take a while: it ends at the second closed when its planning ended, so a run
   * started just before it needs no further call to see that nothing is left.
   */
  @Test
  void aPlanEndsAtTheSecondClosedWhenItsPlanningEnded() throws Exception {
    OptionValues options = options("per_page", "10", "max_partitions", "4", "max_pages_per_batch", "50");
    RestTable newestFirst = newestFirst("desc");
    PartitionedReads connector = aYearOfTicketsEndingTwoYearsAgo(200, newestFirst);
    java.util.concurrent.atomic.AtomicInteger answered = new java.util.concurrent.atomic.AtomicInteger();
    server.answer(request -> {
      // Each answer takes a second of the connector's clock.
      clock.set(NOW.plusSeconds(answered.incrementAndGet()));
      return serve(request);
    });

    List<ReadPartition> plan = connector.planPartitions("tickets", Offset.START, options);

    Instant end = Offset.fromJson(plan.get(0).endOffset()).watermark();
    Instant planned = NOW.plusSeconds(server.requestCount()).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    assertThat(server.requestCount()).isGreaterThan(2);
    assertThat(end).as("the last second closed after %d answers", server.requestCount()).isEqualTo(planned.minusSeconds(1));
    assertThat(windowOf(plan.get(plan.size() - 1)).hi()).isEqualTo(planned);
    assertThat(ids(readPartitions(newestFirst, plan, options))).doesNotHaveDuplicates().hasSize(200);
  }

  @Test
  void aProviderThatIgnoresTheNewestFirstOrderLeavesThePlanToNow() throws Exception {
    aYearEndingTwoYearsAgo(200);
    OptionValues options = options("per_page", "10", "max_partitions", "4", "max_pages_per_batch", "50");
    RestTable ignored = newestFirst("newest");
    PartitionedReads connector = (PartitionedReads) connect(ignored);

    List<ReadPartition> plan = connector.planPartitions("tickets", Offset.START, options);

    assertThat(ids(readPartitions(ignored, plan, options))).doesNotHaveDuplicates().hasSize(200);
    assertThat(windowOf(plan.get(plan.size() - 1)).hi()).isAfter(NOW.minus(Duration.ofMinutes(1)));
  }

  /** {@link #aYearEndingTwoYearsAgo} of {@code count} tickets, and a connector to them reading {@code table}. */
  private PartitionedReads aYearOfTicketsEndingTwoYearsAgo(int count, RestTable table) {
    aYearEndingTwoYearsAgo(count);
    return (PartitionedReads) connect(table);
  }

  /** {@code count} tickets evenly over the year that ended two years before now. */
  private void aYearEndingTwoYearsAgo(int count) {
    Instant start = NOW.minus(Duration.ofDays(3 * 365)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    for (int i = 0; i < count; i++) {
      put(i + 1, start.plusSeconds(365L * 24 * 3600 / count * i), false);
    }
  }

  /** {@link #SORTED_ONE_LIST}, newest first with {@code order=<order>}. */
  private static RestTable newestFirst(String order) {
    return RestTable.incremental("tickets", "/tickets", TICKET, TableMetadata.cdc("updated_at", "id"))
        .recordsAt("/tickets").query("order", "asc").sortedByCursor().since("since").windowsBySort()
        .newestFirst("order", order)
        .build();
  }

  private static CursorWindow windowOf(ReadPartition partition) {
    return new CursorWindow(Instant.parse(partition.bounds().get("lo")), Instant.parse(partition.bounds().get("hi")));
  }

  /** Sorted and windowed by its sort, one list. */
  private static final RestTable SORTED_ONE_LIST = RestTable.incremental("tickets", "/tickets", TICKET,
          TableMetadata.cdc("updated_at", "id"))
      .recordsAt("/tickets").query("order", "asc").sortedByCursor().since("since").windowsBySort()
      .build();

  @Test
  void aShortRangeOrOnePartitionIsReadSeriallyWithoutAProbe() {
    seed();
    PartitionedReads connector = (PartitionedReads) connect(SORTED);

    assertThat(connector.planPartitions("tickets", Offset.at(NOW.minus(Duration.ofMinutes(20))), options())).isEmpty();
    assertThat(connector.planPartitions("tickets", Offset.START, options("max_partitions", "1"))).isEmpty();
    assertThat(server.requestCount()).isZero();
  }

  @Test
  void aRangeThatFitsOnePageIsReadSerially() {
    put(1, NOW.minus(Duration.ofDays(3)), false);
    put(2, NOW.minus(Duration.ofDays(2)), false);

    assertThat(((PartitionedReads) connect(SORTED)).planPartitions("tickets", Offset.START, options())).isEmpty();
    assertThat(server.requestCount()).isEqualTo(1);
  }
}
