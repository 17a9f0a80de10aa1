package io.tributary.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.api.ExternalException;
import io.tributary.api.Json;
import io.tributary.api.Offset;
import io.tributary.api.ReadResult;
import io.tributary.api.UserException;
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

/** Several filtered lists under one watermark, clock skew, and child tables of an incremental parent. */
class IncrementalListingListsTest {
  private static final Instant NOW = Instant.parse("2024-06-01T00:00:00Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

  private static IncrementalListing.Builder listing() {
    return IncrementalListing.builder("tickets", "updated_at").clock(CLOCK).lookback(Duration.ZERO);
  }

  private static FakeProvider provider(int pageSize, int pageCap, long firstId, String... times) {
    FakeProvider provider = new FakeProvider(pageSize, pageCap);
    for (int i = 0; i < times.length; i++) {
      provider.put(firstId + i, "2024-05-01T" + times[i] + ":00:00Z");
    }
    return provider;
  }

  private record Run(List<ObjectNode> records, List<ObjectNode> parents, Offset end, int calls) {
    Set<Long> ids() {
      Set<Long> ids = new LinkedHashSet<>();
      records.forEach(r -> ids.add(r.path("id").asLong()));
      return ids;
    }
  }

  private interface Call {
    ReadResult read(Offset start);
  }

  private static Run toFixedPoint(Offset from, Call call) {
    List<ObjectNode> records = new ArrayList<>();
    List<ObjectNode> parents = new ArrayList<>();
    Offset offset = from;
    for (int calls = 1; calls <= 300; calls++) {
      ReadResult result = call.read(offset);
      Offset.requireForward("tickets", offset, result.endOffset());
      records.addAll(result.records());
      parents.addAll(result.completeParents());
      if (result.caughtUp(offset)) {
        return new Run(records, parents, offset, calls);
      }
      offset = Offset.fromJson(result.endOffset().toJson());
    }
    throw new AssertionError("no fixed point after 300 calls");
  }

  @Test
  void readsEveryFilteredListUnderOneWatermark() {
    FakeProvider open = provider(2, 0, 1, "01", "02", "03", "05");
    FakeProvider spam = provider(2, 0, 100, "02", "04");

    Run run = toFixedPoint(Offset.START, o -> listing().build().read(o, List.of(open, spam)));

    assertThat(run.ids()).containsExactlyInAnyOrder(1L, 2L, 3L, 4L, 100L, 101L);
    assertThat(run.end().watermark()).isEqualTo(Instant.parse("2024-05-01T05:00:00Z"));
    assertThat(spam.sinces).containsOnly(Instant.EPOCH, Instant.parse("2024-05-01T05:00:00Z"));
  }

  @Test
  void reachesAFixedPointWithOnePagePerBatchAcrossTwoLists() {
    FakeProvider open = provider(1, 0, 1, "01", "02", "03", "05", "05");
    FakeProvider spam = provider(1, 0, 100, "04", "05", "05");
    IncrementalListing listing = listing().lookback(Duration.ofHours(3)).maxPagesPerBatch(1).build();

    Run first = toFixedPoint(Offset.START, o -> listing.read(o, List.of(open, spam)));
    ReadResult again = listing.read(first.end(), List.of(open, spam));

    assertThat(first.ids()).hasSize(8);
    assertThat(again.endOffset()).isEqualTo(first.end());
    // The lookback window (from 02:00) holds four records of one list and three of the other.
    assertThat(again.records()).extracting(r -> r.path("id").asLong())
        .containsExactly(2L, 3L, 4L, 5L, 100L, 101L, 102L);
  }

  @Test
  void picksUpAChangeInTheSecondListAfterTheFixedPoint() {
    FakeProvider open = provider(1, 0, 1, "01", "02");
    FakeProvider spam = provider(1, 0, 100, "01");
    IncrementalListing listing = listing().maxPagesPerBatch(1).build();
    Offset caughtUp = toFixedPoint(Offset.START, o -> listing.read(o, List.of(open, spam))).end();

    spam.put(101, "2024-05-01T09:00:00Z");
    Run next = toFixedPoint(caughtUp, o -> listing.read(o, List.of(open, spam)));

    assertThat(next.ids()).contains(101L);
    assertThat(next.end().watermark()).isEqualTo(Instant.parse("2024-05-01T09:00:00Z"));
  }

  @Test
  void reslicesEachListFromItsOwnLastCursor() {
    FakeProvider open = provider(1, 2, 1, "01", "02", "03", "04", "05", "06", "07");
    FakeProvider spam = provider(1, 2, 100, "01", "02", "03");

    Run run = toFixedPoint(Offset.START,
        o -> listing().maxPagesPerQuery(2).maxPagesPerBatch(3).build().read(o, List.of(open, spam)));

    assertThat(run.ids()).containsExactlyInAnyOrder(1L, 2L, 3L, 4L, 5L, 6L, 7L, 100L, 101L, 102L);
    // The spam list starts at the listing's bound, not at the open list's last cursor.
    assertThat(spam.sinces).startsWith(Instant.EPOCH, Instant.parse("2024-05-01T01:59:59Z"));
  }

  @Test
  void holdsTheWatermarkUntilTheListStoppedAtTheWallIsReadPastIt() {
    // The open list hits its wall (page 2, no next link) long before its newest record; the spam
    // list holds a newer record still. Nothing of the open list past the wall may be skipped.
    FakeProvider open = provider(1, 2, 1, "01", "02", "03", "04", "05", "06", "07").noLinkAtCap();
    FakeProvider spam = provider(1, 2, 100, "08");

    Run run = toFixedPoint(Offset.START,
        o -> listing().maxPagesPerQuery(2).maxPagesPerBatch(50).build().read(o, List.of(open, spam)));

    assertThat(run.ids()).containsExactlyInAnyOrder(1L, 2L, 3L, 4L, 5L, 6L, 7L, 100L);
    assertThat(run.end().watermark()).isEqualTo(Instant.parse("2024-05-01T08:00:00Z"));
  }

  @Test
  void refusesAnOffsetNamingAListTheTableDoesNotHave() {
    FakeProvider open = provider(1, 0, 1, "01", "02");
    FakeProvider spam = provider(1, 0, 100, "01", "02");
    IncrementalListing listing = listing().maxPagesPerBatch(3).build();
    Offset inSecondList = listing.read(Offset.START, List.of(open, spam)).endOffset();

    assertThat(inSecondList.get("list")).contains("1");
    assertThatThrownBy(() -> listing.read(inSecondList, List.of(open)))
        .isInstanceOf(UserException.class)
        .hasMessageStartingWith("Cannot resume table 'tickets' from offset ")
        .hasMessageEndingWith(": it is in list 1 of a table read through 1");
  }

  @Test
  void settlesWhenTheProvidersClockRunsAhead() {
    // Two records stamped an hour after our clock: a provider whose clock is ahead of ours.
    FakeProvider provider = new FakeProvider(1, 0)
        .put(1, "2024-05-31T22:00:00Z")
        .put(2, "2024-05-31T23:30:00Z")
        .put(3, "2024-06-01T01:00:00Z")
        .put(4, "2024-06-01T01:00:00Z");
    Clock[] clock = {CLOCK};
    Call call = o -> IncrementalListing.builder("tickets", "updated_at").clock(clock[0])
        .lookback(Duration.ofMinutes(10)).maxPagesPerBatch(1).build().read(o, provider);

    Run first = toFixedPoint(Offset.START, call);
    clock[0] = Clock.offset(CLOCK, Duration.ofMinutes(5));
    Run second = toFixedPoint(first.end(), call);

    assertThat(first.end().watermark()).isEqualTo(Instant.parse("2024-05-31T23:30:00Z"));
    assertThat(second.end()).isEqualTo(first.end());
    assertThat(second.calls()).isEqualTo(1);
    // The future records are read again every time rather than lost.
    assertThat(second.ids()).containsExactly(2L, 3L, 4L);
  }

  @Test
  void readsTheChildrenOfEveryParentReadAndReportsThemComplete() {
    FakeProvider tickets = provider(2, 0, 1, "01", "02", "03");
    FakeProvider spam = provider(2, 0, 100, "02");
    ChildFanOut fanOut = new ChildFanOut("conversations");
    ChildReader conversations = reader(fanOut, Set.of(2L));

    Run run = toFixedPoint(Offset.START, o -> listing().maxPagesPerBatch(1).build()
        .readChildren(o, List.of(tickets, spam), conversations));

    // The last call re-reads ticket 3 at the watermark, unchanged since its conversations were
    // read, and finds nothing new: the fixed point, without asking for them again.
    assertThat(run.records()).extracting(r -> r.path("id").asLong())
        .containsExactly(1001L, 1002L, 3001L, 3002L, 100001L, 100002L);
    assertThat(run.parents()).extracting(p -> p.path("ticket_id").asLong())
        .containsExactly(1L, 3L, 100L);
    assertThat(run.end().watermark()).isEqualTo(Instant.parse("2024-05-01T03:00:00Z"));
    assertThat(fanOut.skippedNotFound()).isEqualTo(1);
    assertThat(fanOut.metrics().other()).containsEntry("conversations_skipped_not_found", 1L);
  }

  @Test
  void aNoChangeRunAsksForNoChildrenOfParentsItReReadsUnchangedInTheLookbackWindow() {
    FakeProvider tickets = provider(10, 0, 1, "01", "02", "03");
    List<Long> asked = new ArrayList<>();
    ChildReader conversations = counting(asked);
    Call call = o -> IncrementalListing.builder("tickets", "updated_at").clock(CLOCK)
        .lookback(Duration.ofHours(2)).build().readChildren(o, List.of(tickets), conversations);

    Run backfill = toFixedPoint(Offset.START, call);
    assertThat(asked).containsExactly(1L, 2L, 3L);
    Run noChange = toFixedPoint(backfill.end(), call);

    assertThat(asked).as("tickets 2 and 3 are re-read in the lookback window, unchanged").hasSize(3);
    assertThat(noChange.records()).isEmpty();
    assertThat(noChange.parents()).as("no parent's children are replaced").isEmpty();
    assertThat(noChange.calls()).isEqualTo(1);
    assertThat(noChange.end()).isEqualTo(backfill.end());
    assertThat(backfill.end().atListingBoundary()).isTrue();

    tickets.put(2, "2024-05-01T04:00:00Z");
    tickets.put(7, "2024-05-01T02:30:00Z");
    Run changed = toFixedPoint(noChange.end(), call);

    assertThat(asked.subList(3, asked.size()))
        .as("ticket 2 changed; ticket 7 shows up late with a cursor already passed")
        .containsExactlyInAnyOrder(2L, 7L);
    assertThat(changed.parents()).extracting(p -> p.path("ticket_id").asLong()).containsExactlyInAnyOrder(2L, 7L);
  }

  @Test
  void aReplayFromAnOffsetBeforeTheChildrenWereReadAsksForThemAgain() {
    FakeProvider tickets = provider(10, 0, 1, "01", "02");
    List<Long> asked = new ArrayList<>();
    Call call = o -> IncrementalListing.builder("tickets", "updated_at").clock(CLOCK)
        .lookback(Duration.ofHours(2)).build().readChildren(o, List.of(tickets), counting(asked));

    ReadResult first = call.read(Offset.START);
    ReadResult replayed = call.read(Offset.START);

    assertThat(asked).as("the batch that read them never committed").containsExactly(1L, 2L, 1L, 2L);
    assertThat(replayed.completeParents()).hasSize(2);
    assertThat(replayed.endOffset()).isEqualTo(first.endOffset());
  }

  private static ChildReader counting(List<Long> asked) {
    return new ChildReader() {
      @Override
      public Optional<List<ObjectNode>> children(ObjectNode parent) {
        long id = parent.path("id").asLong();
        asked.add(id);
        return Optional.of(List.of(Json.object().put("id", id * 10).put("ticket_id", id)));
      }

      @Override
      public ObjectNode parentKey(ObjectNode parent) {
        return Json.object().put("ticket_id", parent.path("id").asLong());
      }
    };
  }

  @Test
  void aReplayedCallFromTheSameOffsetFetchesNothingAgain() {
    FakeProvider tickets = provider(2, 0, 1, "01", "02", "03");
    int[] childCalls = {0};
    ChildReader conversations = new ChildReader() {
      @Override
      public Optional<List<ObjectNode>> children(ObjectNode parent) {
        childCalls[0]++;
        return Optional.of(List.of(Json.object().put("id", parent.path("id").asLong() * 10)));
      }

      @Override
      public ObjectNode parentKey(ObjectNode parent) {
        return Json.object().put("ticket_id", parent.path("id").asLong());
      }
    };
    IncrementalListing listing = listing().maxPagesPerBatch(1).pageCache(new PageCache(8)).build();
    Offset afterFirst = listing.readChildren(Offset.START, List.of(tickets), conversations).endOffset();
    int fetches = tickets.fetches;
    int children = childCalls[0];

    ReadResult replay = listing.readChildren(afterFirst, List.of(tickets), conversations);
    ReadResult again = listing.readChildren(afterFirst, List.of(tickets), conversations);

    assertThat(again).isEqualTo(replay);
    assertThat(tickets.fetches - fetches).isEqualTo(1);
    assertThat(childCalls[0] - children).isEqualTo(1);
  }

  @Test
  void aFanOutPassesOnErrorsOtherThanNotFound() {
    ChildFanOut fanOut = new ChildFanOut("conversations");

    assertThatThrownBy(() -> fanOut.readAll(next -> {
      throw new ExternalException("Cannot GET /x: 500", 500, null, true);
    })).isInstanceOf(ExternalException.class).hasMessage("Cannot GET /x: 500");
    assertThat(fanOut.skippedNotFound()).isZero();
  }

  @Test
  void aFanOutFollowsEveryPageOfAParentsChildren() {
    ChildFanOut fanOut = new ChildFanOut("conversations");
    List<Page> pages = List.of(
        new Page(List.of(Json.object().put("id", 1)), Optional.of("2")),
        Page.last(List.of(Json.object().put("id", 2))));

    Optional<List<ObjectNode>> children = fanOut.readAll(next -> pages.get(Paging.pageNumber(next) - 1));

    assertThat(children).get().asList().hasSize(2);
  }

  @Test
  void aPageCacheForgetsItsLeastRecentlyUsedEntry() {
    PageCache cache = new PageCache(2);
    cache.get("a", () -> "1");
    cache.get("b", () -> "2");
    cache.get("a", () -> "stale");
    cache.get("c", () -> "3");

    assertThat(cache.<String>get("a", () -> "reloaded")).isEqualTo("1");
    assertThat(cache.<String>get("b", () -> "reloaded")).isEqualTo("reloaded");
  }

  /** Two conversations per ticket, ids ticket*1000+1 and +2; tickets in {@code gone} answer 404. */
  private static ChildReader reader(ChildFanOut fanOut, Set<Long> gone) {
    return new ChildReader() {
      @Override
      public Optional<List<ObjectNode>> children(ObjectNode parent) {
        long id = parent.path("id").asLong();
        return fanOut.readAll(next -> {
          if (gone.contains(id)) {
            throw new ExternalException("Cannot GET /tickets/" + id + "/conversations: 404", 404, null, false);
          }
          return Page.last(List.of(
              Json.object().put("id", id * 1000 + 1).put("ticket_id", id),
              Json.object().put("id", id * 1000 + 2).put("ticket_id", id)));
        });
      }

      @Override
      public ObjectNode parentKey(ObjectNode parent) {
        return Json.object().put("ticket_id", parent.path("id").asLong());
      }
    };
  }
}
