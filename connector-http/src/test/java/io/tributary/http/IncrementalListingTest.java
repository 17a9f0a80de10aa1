package io.tributary.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.api.ExternalException;
import io.tributary.api.Json;
import io.tributary.api.Offset;
import io.tributary.api.ReadResult;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class IncrementalListingTest {
  private static final Instant NOW = Instant.parse("2024-06-01T00:00:00Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

  private static IncrementalListing.Builder listing() {
    return IncrementalListing.builder("tickets", "updated_at").clock(CLOCK).lookback(Duration.ZERO);
  }

  /** Calls read until the fixed point, collecting every offset and record. */
  private static Run runToFixedPoint(IncrementalListing listing, PageFetcher fetcher, Offset from) {
    Run run = new Run();
    Offset offset = from;
    for (int calls = 0; calls < 200; calls++) {
      ReadResult result = listing.read(offset, fetcher);
      Offset.requireForward("tickets", offset, result.endOffset());
      run.records.addAll(result.records());
      if (result.caughtUp(offset)) {
        run.end = offset;
        return run;
      }
      offset = Offset.fromJson(result.endOffset().toJson());
      run.offsets.add(offset);
    }
    throw new AssertionError("no fixed point after 200 calls");
  }

  private static final class Run {
    final List<ObjectNode> records = new ArrayList<>();
    final List<Offset> offsets = new ArrayList<>();
    Offset end;

    Set<Long> ids() {
      Set<Long> ids = new LinkedHashSet<>();
      records.forEach(r -> ids.add(r.path("id").asLong()));
      return ids;
    }
  }

  private static FakeProvider dataset(int pageSize, int pageCap) {
    FakeProvider provider = new FakeProvider(pageSize, pageCap);
    String[] times = {"01", "02", "02", "02", "03", "04", "04", "05", "05", "05", "05", "06", "07",
        "08", "08", "09", "10", "10", "10", "11", "12", "12", "13"};
    for (int i = 0; i < times.length; i++) {
      provider.put(i + 1, "2024-05-01T" + times[i] + ":00:00Z");
    }
    return provider;
  }

  @Test
  void resumesFromEveryOffsetToTheSameRecordsAsOneGoRead() {
    Set<Long> oneGo = runToFixedPoint(listing().maxPagesPerBatch(1000).build(), dataset(3, 0), Offset.START).ids();
    IncrementalListing paged = listing().maxPagesPerBatch(1).build();
    Run stepwise = runToFixedPoint(paged, dataset(3, 0), Offset.START);

    assertThat(oneGo).hasSize(23);
    assertThat(stepwise.ids()).isEqualTo(oneGo);
    assertThat(stepwise.offsets).hasSizeGreaterThan(5);
    for (int i = 0; i < stepwise.offsets.size(); i++) {
      Set<Long> delivered = new LinkedHashSet<>();
      // Records delivered up to offset i, then a fresh process resuming from it.
      Run upTo = new Run();
      Offset o = Offset.START;
      FakeProvider provider = dataset(3, 0);
      for (int call = 0; call <= i; call++) {
        ReadResult r = paged.read(o, provider);
        upTo.records.addAll(r.records());
        o = r.endOffset();
      }
      assertThat(o).isEqualTo(stepwise.offsets.get(i));
      delivered.addAll(upTo.ids());
      delivered.addAll(runToFixedPoint(paged, dataset(3, 0), stepwise.offsets.get(i)).ids());
      assertThat(delivered).as("resumed from offset %s", o).isEqualTo(oneGo);
    }
  }

  @Test
  void deliversTiesOnOneCursorValueAcrossAPageBoundary() {
    FakeProvider provider = new FakeProvider(2, 0)
        .put(1, "2024-05-01T01:00:00Z")
        .put(2, "2024-05-01T02:00:00Z")
        .put(3, "2024-05-01T02:00:00Z")
        .put(4, "2024-05-01T02:00:00Z")
        .put(5, "2024-05-01T03:00:00Z");

    Run run = runToFixedPoint(listing().maxPagesPerBatch(1).build(), provider, Offset.START);

    assertThat(run.ids()).containsExactlyInAnyOrder(1L, 2L, 3L, 4L, 5L);
  }

  @Test
  void rereadsTheWatermarkSoALateTieIsNotLost() {
    FakeProvider provider = new FakeProvider(10, 0)
        .put(1, "2024-05-01T01:00:00Z")
        .put(2, "2024-05-01T02:00:00Z");
    IncrementalListing listing = listing().build();
    Offset first = runToFixedPoint(listing, provider, Offset.START).end;

    provider.put(3, "2024-05-01T02:00:00Z"); // same cursor as the watermark, visible only now
    Run second = runToFixedPoint(listing, provider, first);

    assertThat(first.watermark()).isEqualTo(Instant.parse("2024-05-01T02:00:00Z"));
    assertThat(second.ids()).containsExactly(2L, 3L);
  }

  @Test
  void watermarkNeverPassesListingStart() {
    FakeProvider provider = new FakeProvider(10, 0)
        .put(1, "2024-05-31T23:00:00Z")
        .put(2, "2024-06-01T00:30:00Z"); // after the listing started (clock skew or a write meanwhile)

    Run run = runToFixedPoint(listing().build(), provider, Offset.START);

    // The highest cursor not after the listing's start: record 2 is read again next time.
    assertThat(run.end.watermark()).isEqualTo(Instant.parse("2024-05-31T23:00:00Z"));
    assertThat(run.ids()).containsExactly(1L, 2L);
  }

  @Test
  void watermarkMovesOnlyWhenAListingCompletes() {
    Run run = runToFixedPoint(listing().maxPagesPerBatch(2).build(), dataset(3, 0), Offset.START);

    List<Offset> midListing = run.offsets.subList(0, run.offsets.size() - 1);
    assertThat(midListing).allSatisfy(o -> {
      assertThat(o.watermark()).isNull();
      assertThat(o.state()).containsKeys("since", "next", "started_at");
    });
    Offset last = run.offsets.get(run.offsets.size() - 1);
    assertThat(last.watermark()).isEqualTo(Instant.parse("2024-05-01T13:00:00Z"));
    assertThat(last.state()).isEmpty();
  }

  @Test
  void onlyTheCallThatFinishesEveryListSaysWhenItsListingBegan() {
    HandClock clock = new HandClock(Instant.parse("2024-06-01T10:00:00Z"));
    IncrementalListing listing = IncrementalListing.builder("tickets", "updated_at").clock(clock)
        .lookback(Duration.ZERO).maxPagesPerBatch(2).build();
    List<PageFetcher> lists = List.of(dataset(3, 0), dataset(3, 0));

    List<ReadResult> calls = new ArrayList<>();
    Offset offset = Offset.START;
    for (int call = 0; call < 50; call++) {
      ReadResult result = listing.read(offset, lists);
      calls.add(result);
      offset = result.endOffset();
      clock.set(clock.instant().plusSeconds(60));
      if (offset.state().isEmpty()) {
        break;
      }
    }

    ReadResult last = calls.get(calls.size() - 1);
    assertThat(calls).as("two lists of 8 pages, 2 pages a call").hasSizeGreaterThan(4);
    assertThat(calls.subList(0, calls.size() - 1)).allSatisfy(r -> assertThat(r.listedAt()).isEmpty());
    assertThat(last.endOffset().state()).isEmpty();
    assertThat(last.listedAt()).as("the first call's clock, not the last one's")
        .contains(Instant.parse("2024-06-01T10:00:00Z"));
    assertThat(last.listedSince(Instant.parse("2024-06-01T10:00:00Z"))).isTrue();
    assertThat(last.listedSince(Instant.parse("2024-06-01T10:00:01Z"))).isFalse();

    clock.set(Instant.parse("2024-06-01T12:00:00Z"));
    ReadResult settled = listing.read(last.endOffset(), lists);
    assertThat(settled.caughtUp(last.endOffset())).isTrue();
    assertThat(settled.listedAt()).as("a listing from the watermark that finished in one call")
        .contains(Instant.parse("2024-06-01T12:00:00Z"));
  }

  @Test
  void startedAtBoundsTheWatermarkAcrossCalls() {
    FakeProvider provider = dataset(3, 0).put(99, "2024-05-01T14:30:00Z");
    Instant[] now = {Instant.parse("2024-05-01T13:10:00Z")};
    Clock moving = new Clock() {
      @Override
      public java.time.ZoneId getZone() {
        return ZoneOffset.UTC;
      }

      @Override
      public Clock withZone(java.time.ZoneId zone) {
        return this;
      }

      @Override
      public Instant instant() {
        now[0] = now[0].plusSeconds(3600);
        return now[0];
      }
    };
    IncrementalListing listing = IncrementalListing.builder("tickets", "updated_at")
        .clock(moving).lookback(Duration.ZERO).maxPagesPerBatch(1).build();

    Offset offset = Offset.START;
    ReadResult result;
    do {
      result = listing.read(offset, provider);
      offset = result.endOffset();
    } while (!offset.state().isEmpty());

    // The listing started at 14:10 by the first call's clock; later calls' clocks do not count,
    // so 14:30 lies past the start and the watermark stays at the highest cursor before it.
    assertThat(offset.watermark()).isEqualTo(Instant.parse("2024-05-01T13:00:00Z"));
  }

  @Test
  void reachesAFixedPointWhenNothingIsNew() {
    FakeProvider provider = dataset(5, 0);
    IncrementalListing listing = listing().lookback(Duration.ofHours(2)).build();
    Offset caughtUp = runToFixedPoint(listing, provider, Offset.START).end;

    ReadResult again = listing.read(caughtUp, provider);

    assertThat(again.endOffset()).isEqualTo(caughtUp);
    // Only the lookback window (from 11:00) is read again.
    assertThat(again.records()).extracting(r -> r.path("id").asLong()).containsExactly(20L, 21L, 22L, 23L);
  }

  @Test
  void reachesAFixedPointWhenTheLookbackWindowSpansSeveralBatches() {
    FakeProvider provider = dataset(1, 0);
    IncrementalListing listing = listing().lookback(Duration.ofHours(5)).maxPagesPerBatch(1).build();
    Offset caughtUp = runToFixedPoint(listing, provider, Offset.START).end;
    int before = provider.fetches;

    ReadResult again = listing.read(caughtUp, provider);

    // Ten records lie within 5 hours of 13:00 (08:00 to 13:00); re-reading them shows nothing new.
    assertThat(again.caughtUp(caughtUp)).isTrue();
    assertThat(provider.fetches - before).isEqualTo(10);
  }

  @Test
  void aCaughtUpListingStopsAtTheBatchLimitOnceItFindsSomethingNew() {
    FakeProvider provider = dataset(1, 0);
    IncrementalListing listing = listing().lookback(Duration.ofHours(5)).maxPagesPerBatch(1).build();
    Offset caughtUp = runToFixedPoint(listing, provider, Offset.START).end;
    provider.put(100, "2024-05-01T14:00:00Z").put(101, "2024-05-01T15:00:00Z");

    ReadResult next = listing.read(caughtUp, provider);

    // Re-reads the window (10 pages), reads the first new record on page 11, and stops there.
    assertThat(next.records()).extracting(r -> r.path("id").asLong()).endsWith(100L).doesNotContain(101L);
    assertThat(next.endOffset().watermark()).isEqualTo(caughtUp.watermark());
    assertThat(next.endOffset().get("next")).contains("12");
  }

  @Test
  void picksUpAnUpdateAfterTheFixedPoint() {
    FakeProvider provider = dataset(5, 0);
    IncrementalListing listing = listing().build();
    Offset caughtUp = runToFixedPoint(listing, provider, Offset.START).end;

    provider.put(4, "2024-05-20T00:00:00Z");
    Run next = runToFixedPoint(listing, provider, caughtUp);

    assertThat(next.ids()).contains(4L);
    assertThat(next.end.watermark()).isEqualTo(Instant.parse("2024-05-20T00:00:00Z"));
  }

  @Test
  void firstReadStartsAtStartDateAndLaterReadsAtWatermarkMinusLookback() {
    FakeProvider provider = dataset(50, 0);
    IncrementalListing listing = listing()
        .startDate(Optional.of(Instant.parse("2024-05-01T05:00:00Z")))
        .lookback(Duration.ofMinutes(90))
        .build();

    Run first = runToFixedPoint(listing, provider, Offset.START);
    listing.read(first.end, provider);

    assertThat(first.records).allSatisfy(r ->
        assertThat(r.path("updated_at").asText()).isGreaterThanOrEqualTo("2024-05-01T05:00:00Z"));
    assertThat(provider.sinces).containsExactly(
        Instant.parse("2024-05-01T05:00:00Z"),   // start_date
        Instant.parse("2024-05-01T11:30:00Z"),   // 13:00 - 90 minutes: the fixed-point check
        Instant.parse("2024-05-01T11:30:00Z"));  // and the next read
  }

  @Test
  void firstReadWithoutStartDateStartsAtTheEpoch() {
    FakeProvider provider = dataset(50, 0);

    listing().build().read(Offset.START, provider);

    assertThat(provider.sinces).containsExactly(Instant.EPOCH);
  }

  @Test
  void followsAnEmptyPageThatStillHasANextLink() {
    List<Page> pages = List.of(
        new Page(List.of(record(1, "2024-05-01T01:00:00Z")), Optional.of("2")),
        new Page(List.of(), Optional.of("3")),
        Page.last(List.of(record(2, "2024-05-01T01:00:00Z"))));
    PageFetcher fetcher = (since, next) -> pages.get(Paging.pageNumber(next) - 1);

    Run run = runToFixedPoint(listing().maxPagesPerBatch(1).build(), fetcher, Offset.START);

    assertThat(run.ids()).containsExactly(1L, 2L);
    assertThat(run.offsets.get(1).get("next")).contains("3");
  }

  @Test
  void reslicesAtAPageCapWithoutLoss() {
    FakeProvider provider = dataset(2, 3);

    Run run = runToFixedPoint(listing().maxPagesPerQuery(3).maxPagesPerBatch(2).build(), provider, Offset.START);

    assertThat(run.ids()).hasSize(23);
    // A slice of three pages holds six records; each new slice starts one second below the last
    // cursor seen (04:00), so ties there are read again under an exclusive filter too.
    assertThat(provider.sinces).startsWith(Instant.EPOCH, Instant.parse("2024-05-01T03:59:59Z"));
  }

  @Test
  void failsWhenACappedSliceSharesOneCursorValue() {
    FakeProvider provider = new FakeProvider(2, 2);
    for (int i = 1; i <= 6; i++) {
      provider.put(i, "2024-05-01T02:00:00Z");
    }
    IncrementalListing listing = listing().maxPagesPerQuery(2).build();

    assertThatThrownBy(() -> runToFixedPoint(listing, provider, Offset.START))
        .isInstanceOf(ExternalException.class)
        .hasMessage("Cannot read table 'tickets': all 2 pages the provider serves for one query hold "
            + "records with cursor values from 2024-05-01T01:59:59Z to 2024-05-01T02:00:00Z, so the "
            + "listing cannot move past them; lower the number of records changed at once or raise per_page");
  }

  @Test
  void reslicesAFullPageAtTheWallThatCarriesNoNextLink() {
    FakeProvider provider = dataset(2, 3).noLinkAtCap();

    Run run = runToFixedPoint(listing().maxPagesPerQuery(3).build(), provider, Offset.START);

    assertThat(run.ids()).hasSize(23);
    assertThat(run.end.watermark()).isEqualTo(Instant.parse("2024-05-01T13:00:00Z"));
  }

  @Test
  void keepsTiesStraddlingTheWallUnderAnExclusiveSinceFilter() {
    // Five records share 02:00 and straddle the wall at the end of page 3 (six records).
    FakeProvider provider = new FakeProvider(2, 3).noLinkAtCap().exclusiveSince()
        .put(1, "2024-05-01T01:00:00Z").put(2, "2024-05-01T01:30:00Z").put(8, "2024-05-01T03:00:00Z");
    for (int id = 3; id <= 7; id++) {
      provider.put(id, "2024-05-01T02:00:00Z");
    }

    Run run = runToFixedPoint(listing().maxPagesPerQuery(3).build(), provider, Offset.START);

    assertThat(run.ids()).containsExactlyInAnyOrder(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L);
  }

  @Test
  void endsTheListAtAShortPageOnTheWall() {
    FakeProvider provider = dataset(5, 3); // 23 records: pages of 5, 5, 5, then 8 past the wall
    FakeProvider small = new FakeProvider(5, 3).noLinkAtCap();
    for (int id = 1; id <= 12; id++) {
      small.put(id, "2024-05-01T0" + (id % 9 + 1) + ":00:00Z");
    }

    runToFixedPoint(listing().maxPagesPerQuery(3).pageSize(5).build(), small, Offset.START);
    Run full = runToFixedPoint(listing().maxPagesPerQuery(3).pageSize(5).build(), provider, Offset.START);

    assertThat(small.sinces).as("a page of 2 at the wall ends the list: no re-slice").hasSize(2);
    assertThat(full.ids()).hasSize(23);
  }

  @Test
  void deliversARecordStampedInTheSecondTheListingStartedInOnAQuietTable() {
    Instant second = Instant.parse("2024-06-01T10:00:00Z");
    HandClock clock = new HandClock(second.plusMillis(400));
    IncrementalListing listing = listing().clock(clock).build();
    FakeProvider provider = new FakeProvider(10, 0)
        .put(1, "2024-06-01T09:00:00Z")
        .put(2, "2024-06-01T10:00:00Z"); // stamped in the second the listing starts in
    Offset first = runToFixedPoint(listing, provider, Offset.START).end;

    provider.put(3, "2024-06-01T10:00:00Z"); // later within that same second, after the listing read it
    clock.set(second.plusSeconds(120)); // then the table stays quiet
    Run next = runToFixedPoint(listing, provider, first);

    assertThat(first.watermark()).as("the open second is not covered").isEqualTo(Instant.parse("2024-06-01T09:00:00Z"));
    assertThat(next.offsets).as("the quiet run still plans a batch").isNotEmpty();
    assertThat(next.ids()).contains(3L);
    assertThat(next.end.watermark()).isEqualTo(second);
  }

  @Test
  void refusesAProviderThatRepeatsItsNextToken() {
    PageFetcher stuck = (since, next) -> new Page(List.of(record(1, "2024-05-01T01:00:00Z")), Optional.of("same"));

    assertThatThrownBy(() -> listing().maxPagesPerBatch(5).build().read(Offset.START, stuck))
        .isInstanceOf(ExternalException.class)
        .hasMessage("Cannot page through table 'tickets': the provider returned the page token it "
            + "was given as the next one, which would repeat the same page forever");
  }

  @Test
  void takesPagesLookbackAndStartDateFromTableOptions() {
    io.tributary.api.OptionValues options = io.tributary.api.CommonOptions.tableOptions(100, 100)
        .validate(java.util.Map.of("max_pages_per_batch", "1", "lookback_seconds", "60",
            "start_date", "2024-05-01T12:00:00Z"));
    FakeProvider provider = dataset(1, 0);

    ReadResult result = IncrementalListing.builder("tickets", "updated_at").clock(CLOCK)
        .tableOptions(options).build().read(Offset.START, provider);

    assertThat(provider.fetches).isEqualTo(1);
    assertThat(provider.sinces).containsExactly(Instant.parse("2024-05-01T12:00:00Z"));
    assertThat(result.records()).hasSize(1);
  }

  // Lists declared sorted by their cursor: each page is a new query from the highest cursor read.

  private static FakeProvider hourly(int records, int pageSize) {
    FakeProvider provider = new FakeProvider(pageSize, 0).sorted();
    for (int id = 1; id <= records; id++) {
      provider.put(id, "2024-05-01T00:00:00Z".replace("T00", String.format("T%02d", id)));
    }
    return provider;
  }

  @Test
  void aRecordUpdatedBetweenTwoPageRequestsShiftsNoOtherRecordPastTheListing() {
    // Pages of 3. After page 1 (ids 1-3) is served, id 2 is updated: it moves to the end of the
    // list, and every later record moves up one place. Page 2 of the same query would now start
    // at id 5, and id 4 would never be read while the watermark passes it.
    FakeProvider changing = hourly(12, 3);
    changing.afterFetch(n -> {
      if (n == 1) {
        changing.put(2, "2024-05-01T20:00:00Z");
      }
    });

    Run run = runToFixedPoint(listing().maxPagesPerBatch(1).build(), changing, Offset.START);

    assertThat(run.ids()).containsExactlyInAnyOrder(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L, 11L, 12L);
    assertThat(run.end.watermark()).isEqualTo(Instant.parse("2024-05-01T20:00:00Z"));
  }

  @Test
  void aPageBuiltWhileOneOfItsRecordsWasUpdatedIsAskedForAgainAndTheListStaysSorted() {
    // Pages of 3. While page 2 is served, id 4 (its first) is updated to 20:00: the page shows it
    // there with its new cursor, out of order. Two requests later, id 1 moves to the end too. Read
    // as an unsorted list from here, from its start again (pages [1, 2, 3], [5, 6, 7]), page 3
    // would then begin at id 9 and lose id 8; asked again, page 2 is in order and the list stays
    // read by re-queries, which no move shifts.
    FakeProvider changing = hourly(12, 3);
    changing.whileServing(n -> {
      if (n == 2) {
        changing.touch(4, "2024-05-01T20:00:00Z");
      }
    });
    changing.afterFetch(n -> {
      if (n == 4) {
        changing.put(1, "2024-05-01T21:00:00Z");
      }
    });

    Run run = runToFixedPoint(listing().maxPagesPerBatch(1).build(), changing, Offset.START);

    assertThat(run.ids()).containsExactlyInAnyOrder(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L, 11L, 12L);
    assertThat(changing.fetches).as("every page is the first of its query, none a next page of a list read unsorted")
        .isEqualTo(changing.sinces.size());
    assertThat(changing.sinces).as("page 2 asked twice, then re-queries from the cursors read")
        .startsWith(Instant.EPOCH, Instant.parse("2024-05-01T02:59:59Z"), Instant.parse("2024-05-01T02:59:59Z"))
        .doesNotContain(Instant.parse("2024-05-01T19:59:59Z"));
    assertThat(run.end.watermark()).isEqualTo(Instant.parse("2024-05-01T21:00:00Z"));
  }

  @Test
  void startsEachPageOfASortedListAsANewQueryOneSecondBelowTheHighestCursorRead() {
    FakeProvider provider = hourly(9, 3);

    Run run = runToFixedPoint(listing().build(), provider, Offset.START);

    assertThat(run.ids()).hasSize(9);
    // Page 1 holds 01:00-03:00, so the next query starts at 02:59:59 and holds 03:00-05:00, ...,
    // up to the query from 06:59:59, whose one page (07:00-09:00) has no next link. Then the call
    // that confirms the fixed point lists from the watermark, 09:00.
    assertThat(provider.sinces).containsExactly(Instant.EPOCH,
        Instant.parse("2024-05-01T02:59:59Z"), Instant.parse("2024-05-01T04:59:59Z"),
        Instant.parse("2024-05-01T06:59:59Z"), Instant.parse("2024-05-01T09:00:00Z"));
    assertThat(provider.fetches).as("every page is the first of its query").isEqualTo(provider.sinces.size());
  }

  @Test
  void aSortedListCostsOneExtraPageInEveryPageSizeMinusOne() {
    FakeProvider provider = new FakeProvider(10, 0).sorted();
    for (int id = 1; id <= 100; id++) {
      provider.put(id, Instant.parse("2024-05-01T00:00:00Z").plusSeconds(60L * id).toString());
    }

    Run run = runToFixedPoint(listing().build(), provider, Offset.START);

    assertThat(run.ids()).hasSize(100);
    // Each query after the first re-reads the one record at the cursor it starts from.
    assertThat(provider.fetches).isLessThanOrEqualTo((100 + 8) / 9 + 1);
  }

  @Test
  void followsTheProvidersPagesThroughATieBlockLongerThanAPage() {
    FakeProvider provider = new FakeProvider(2, 0).sorted().exclusiveSince()
        .put(1, "2024-05-01T01:00:00Z").put(9, "2024-05-01T03:00:00Z");
    for (int id = 2; id <= 8; id++) {
      provider.put(id, "2024-05-01T02:00:00Z");
    }

    Run run = runToFixedPoint(listing().maxPagesPerBatch(1).build(), provider, Offset.START);

    assertThat(run.ids()).containsExactlyInAnyOrder(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L);
  }

  @Test
  void aRecordOfATieBlockUpdatedBetweenItsPagesShiftsNoOtherPastTheListing() {
    // Ids 2-10 share 02:00, a block of ties longer than a page of 3, so it is read by next pages.
    // After each of the first two pages of the block, a record already read is updated: it moves
    // to the end and shifts every later record up one place, so page N + 1 starts one record late.
    FakeProvider provider = new FakeProvider(3, 0).sorted().put(1, "2024-05-01T01:00:00Z");
    for (int id = 2; id <= 10; id++) {
      provider.put(id, "2024-05-01T02:00:00Z");
    }
    provider.put(11, "2024-05-01T03:00:00Z");
    provider.afterFetch(n -> {
      if (n == 2) {
        provider.put(2, "2024-05-01T20:00:00Z");
      } else if (n == 3) {
        provider.put(5, "2024-05-01T21:00:00Z");
      }
    });

    Run run = runToFixedPoint(listing().maxPagesPerBatch(1).build(), provider, Offset.START);

    assertThat(run.ids()).containsExactlyInAnyOrder(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L, 11L);
  }

  @Test
  void everyKeyAListingWritesIsOneTheOffsetCodecOwns() {
    // A block of ties longer than a page, read by next pages and passes.
    FakeProvider provider = new FakeProvider(2, 0).sorted().put(1, "2024-05-01T01:00:00Z");
    for (int id = 2; id <= 9; id++) {
      provider.put(id, "2024-05-01T02:00:00Z");
    }
    provider.put(10, "2024-05-01T03:00:00Z");

    Run run = runToFixedPoint(listing().maxPagesPerBatch(1).build(), provider, Offset.START);

    Set<String> written = new java.util.TreeSet<>();
    run.offsets.forEach(o -> written.addAll(o.state().keySet()));
    assertThat(written).contains("since", "next", "started_at", "tie_top", "tie_pass");
    assertThat(written).allSatisfy(key -> assertThat(OffsetKey.of(key)).as(key).isPresent());
  }

  @Test
  void aTieBlockNobodyTouchesCostsOneVerifyingPass() {
    FakeProvider provider = new FakeProvider(3, 0).sorted().put(1, "2024-05-01T01:00:00Z");
    for (int id = 2; id <= 10; id++) {
      provider.put(id, "2024-05-01T02:00:00Z");
    }

    Run run = runToFixedPoint(listing().build(), provider, Offset.START);

    assertThat(run.ids()).hasSize(10);
    // The query from 01:00 reads page 1 (ids 1-3), re-queries from 01:59:59 and pages through the
    // block (4 pages), then once more to verify (4 pages); the fixed point re-reads from 02:00.
    assertThat(provider.fetches).isLessThanOrEqualTo(1 + 4 + 4 + 4);
  }

  @Test
  void aListThatIgnoresItsDeclaredOrderFromItsFirstPageFollowsThePages() {
    FakeProvider provider = hourly(12, 3).newestFirst();

    Run run = runToFixedPoint(listing().build(), provider, Offset.START);

    assertThat(run.ids()).hasSize(12);
    // Page 1 out of order, asked for again, then the query followed page by page, then the call
    // that confirms the fixed point.
    assertThat(provider.sinces).containsExactly(Instant.EPOCH, Instant.EPOCH, Instant.parse("2024-05-01T12:00:00Z"));
    assertThat(provider.fetches).isEqualTo(1 + 4 + 1);
  }

  @Test
  void aListFoundUnsortedAfterAReQueryIsReadAgainFromItsStart() {
    // Newest id first. Page 1 (ids 9, 8, 7) happens to ascend, so the listing re-queries from
    // 02:59:59; that query serves ids 7, 5, 4 out of order. Id 6, at 00:30, lies below the
    // re-query and is only found by reading the list again from its start.
    FakeProvider provider = new FakeProvider(3, 0).sorted().newestFirst()
        .put(9, "2024-05-01T01:00:00Z").put(8, "2024-05-01T02:00:00Z").put(7, "2024-05-01T03:00:00Z")
        .put(6, "2024-05-01T00:30:00Z").put(5, "2024-05-01T10:00:00Z").put(4, "2024-05-01T04:00:00Z")
        .put(3, "2024-05-01T05:00:00Z").put(2, "2024-05-01T06:00:00Z").put(1, "2024-05-01T07:00:00Z");

    Run run = runToFixedPoint(listing().maxPagesPerBatch(1).build(), provider, Offset.START);

    assertThat(run.ids()).containsExactlyInAnyOrder(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L);
    assertThat(run.end.watermark()).isEqualTo(Instant.parse("2024-05-01T10:00:00Z"));
  }

  private static ObjectNode record(long id, String updatedAt) {
    return Json.object().put("id", id).put("updated_at", updatedAt);
  }
}
