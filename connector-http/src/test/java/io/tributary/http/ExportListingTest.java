package io.tributary.http;

import static io.tributary.http.ScriptedServer.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.api.CommonOptions;
import io.tributary.api.Offset;
import io.tributary.api.OptionValues;
import io.tributary.api.ReadResult;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** An incremental export keeps the provider's own position in the offset and stops only at end of stream. */
class ExportListingTest {
  private static final Instant NOW = Instant.parse("2024-06-01T12:00:00.400Z");
  private final ScriptedServer server = new ScriptedServer();

  @AfterEach
  void close() {
    server.close();
  }

  private RestClient client() {
    return RestClient.create(HttpSettings.builder("demo", server.baseUrl()).requestsPerMinute(100_000).build());
  }

  private static OptionValues options() {
    return CommonOptions.tableOptions(1000, 1000).validate(Map.of());
  }

  private static ExportListing.Builder tickets() {
    return ExportListing.cursorBased("tickets", "/export/tickets", "/tickets")
        .watermarkOn("updated_at").deletedWhen(r -> "deleted".equals(r.path("status").asText()))
        .tooRecent(Duration.ofSeconds(61)).clock(Clock.fixed(NOW, ZoneOffset.UTC));
  }

  private List<ReadResult> readToFixedPoint(ExportListing export, RestClient client, Offset start, boolean deletes) {
    List<ReadResult> calls = new ArrayList<>();
    Offset offset = start;
    for (int i = 0; i < 20; i++) {
      ReadResult r = deletes ? export.readDeletes(offset, options(), client::get) : export.read(offset, options(), client::get);
      calls.add(r);
      if (r.caughtUp(offset)) {
        return calls;
      }
      offset = Offset.fromJson(r.endOffset().toJson());
    }
    throw new AssertionError("no fixed point");
  }

  @Test
  void theDeletesReadFromTheOffsetOfARecordsReadTakeItsPagesAndASecondRecordsReadDoesNot() {
    server.answer(r -> r.getUrl().queryParameter("cursor") == null
        ? json("{\"tickets\":[{\"id\":1,\"updated_at\":\"2024-06-01T10:00:00Z\"},"
            + "{\"id\":2,\"updated_at\":\"2024-06-01T10:00:01Z\",\"status\":\"deleted\"}],"
            + "\"after_cursor\":\"c1\",\"end_of_stream\":true}")
        : json("{\"tickets\":[],\"after_cursor\":\"c1\",\"end_of_stream\":true}"));
    RestClient client = client();
    HandClock clock = new HandClock(NOW);
    ExportListing export = tickets().clock(clock).build();

    ReadResult records = export.read(Offset.START, options(), client::get);
    ReadResult deletes = export.readDeletes(Offset.START, options(), client::get);

    assertThat(server.requestCount()).as("one request for both feeds").isEqualTo(1);
    assertThat(deletes.records()).extracting(r -> r.path("id").asLong()).containsExactly(2L);
    assertThat(deletes.endOffset()).isEqualTo(records.endOffset());
    ReadResult fresh = tickets().build().readDeletes(Offset.START, options(), client::get);
    assertThat(deletes).as("what a deletes read of its own finds").isEqualTo(fresh);

    export.read(Offset.START, options(), client::get);
    export.read(Offset.START, options(), client::get);
    assertThat(server.requestCount()).as("a records read always asks").isEqualTo(4);
    export.readDeletes(Offset.START, options(), client::get);
    export.readDeletes(Offset.START, options(), client::get);
    assertThat(server.requestCount()).as("the kept pages serve one deletes read").isEqualTo(5);

    export.read(Offset.START, options(), client::get);
    clock.set(NOW.plus(ExportListing.KEPT_FOR).plusSeconds(1));
    export.readDeletes(Offset.START, options(), client::get);
    assertThat(server.requestCount()).as("kept pages go stale after a minute").isEqualTo(7);
  }

  @Test
  void onlyAReadThatReachesTheEndOfTheStreamSaysItListedTheTableAsOfItsStart() {
    server.answer(r -> {
      String cursor = r.getUrl().queryParameter("cursor");
      return cursor == null
          ? json("{\"tickets\":[{\"id\":1,\"updated_at\":\"2024-06-01T10:00:00Z\"}],\"after_cursor\":\"c1\",\"end_of_stream\":false}")
          : json("{\"tickets\":[{\"id\":2,\"updated_at\":\"2024-06-01T10:00:01Z\",\"status\":\"deleted\"}],"
              + "\"after_cursor\":\"c2\",\"end_of_stream\":true}");
    });
    RestClient client = client();
    HandClock clock = new HandClock(NOW);
    ExportListing export = tickets().clock(clock).build();
    OptionValues onePage = CommonOptions.tableOptions(1000, 1000).validate(Map.of(CommonOptions.MAX_PAGES_PER_BATCH, "1"));

    ReadResult first = export.read(Offset.START, onePage, client::get);
    assertThat(first.listedAt()).as("a read stopped by max_pages_per_batch before the end").isEmpty();
    clock.set(NOW.plusSeconds(5));
    ReadResult last = export.read(first.endOffset(), onePage, client::get);
    ReadResult deletes = export.readDeletes(first.endOffset(), onePage, client::get);

    assertThat(last.listedAt()).as("the read that reached end_of_stream, as of its start").hasValue(NOW.plusSeconds(5));
    assertThat(deletes.listedAt()).as("the deletes of the same pages").hasValue(NOW.plusSeconds(5));
    assertThat(last.listedSince(NOW.plusSeconds(5))).isTrue();
    assertThat(last.listedSince(NOW.plusSeconds(6))).as("a trigger that began after the read").isFalse();
    assertThat(server.requestCount()).isEqualTo(2);
  }

  @Test
  void aTimeExportAtAStartTooRecentToAskForMakesNoRequestAndClaimsNoListing() {
    server.answer(r -> json("{\"items\":[{\"id\":1,\"time\":\"2024-06-01T11:59:30Z\"}],"
        + "\"end_time\":" + Instant.parse("2024-06-01T11:59:30Z").getEpochSecond() + ",\"end_of_stream\":true}"));
    HandClock clock = new HandClock(NOW);
    ExportListing export = ExportListing.timeBased("items", "/export/items", "/items", "time")
        .watermarkOn("time").tooRecent(Duration.ofSeconds(61)).clock(clock).build();

    ReadResult first = export.read(Offset.START, options(), client()::get);
    assertThat(first.listedAt()).hasValue(NOW);
    ReadResult again = export.read(first.endOffset(), options(), client()::get);

    assertThat(server.requestCount()).as("11:59:30 is within a minute of now: StartTimeTooRecent").isEqualTo(1);
    assertThat(again.caughtUp(first.endOffset())).isTrue();
    assertThat(again.listedAt()).as("no request, so no listing").isEmpty();
  }

  @Test
  void aCursorExportFollowsAfterCursorToEndOfStreamAndResumesFromTheCursorItWasGiven() {
    server.answer(r -> {
      String cursor = r.getUrl().queryParameter("cursor");
      if (cursor == null) {
        return json("{\"tickets\":[{\"id\":1,\"updated_at\":\"2024-06-01T10:00:00Z\"},"
            + "{\"id\":2,\"updated_at\":\"2024-06-01T10:00:01Z\",\"status\":\"deleted\"}],\"after_cursor\":\"c1\",\"end_of_stream\":false}");
      }
      return cursor.equals("c1")
          ? json("{\"tickets\":[{\"id\":3,\"updated_at\":\"2024-06-01T11:00:00Z\"}],\"after_cursor\":\"c2\",\"end_of_stream\":true}")
          : json("{\"tickets\":[],\"after_cursor\":\"" + cursor + "\",\"end_of_stream\":true}");
    });
    RestClient client = client();

    List<ReadResult> calls = readToFixedPoint(tickets().build(), client, Offset.START, false);

    List<Long> ids = new ArrayList<>();
    calls.forEach(c -> c.records().forEach(r -> ids.add(r.path("id").asLong())));
    assertThat(ids).as("the deleted ticket is left to readDeletes").containsExactly(1L, 3L);
    assertThat(calls.get(0).endOffset().get("cursor")).hasValue("c2");
    assertThat(calls.get(0).endOffset().watermark()).isEqualTo(Instant.parse("2024-06-01T11:00:00Z"));
    assertThat(server.request(0).getUrl().queryParameter("start_time")).isEqualTo("0");
    assertThat(server.request(2).getUrl().queryParameter("cursor")).as("the next run resumes from the cursor").isEqualTo("c2");

    List<ReadResult> deletes = readToFixedPoint(tickets().build(), client, Offset.START, true);
    assertThat(deletes.get(0).records()).extracting(r -> r.path("id").asLong()).containsExactly(2L);
  }

  @Test
  void aTimeExportSkipsTheItemsOfItsStartSecondItDeliveredAndNeverAsksForATooRecentStart() {
    // Items 1 and 2 share 10:00:05; the page ends there, so the next page starts at 10:00:05 again.
    server.answer(r -> {
      long start = Long.parseLong(r.getUrl().queryParameter("start_time"));
      long at = Instant.parse("2024-06-01T10:00:05Z").getEpochSecond();
      if (start < at) {
        return json("{\"items\":[{\"id\":1,\"time\":\"2024-06-01T10:00:05Z\"},{\"id\":2,\"time\":\"2024-06-01T10:00:05Z\"}],"
            + "\"end_time\":" + at + ",\"end_of_stream\":false}");
      }
      // From a start time on, the items at or after it, to the end of the stream.
      String all = start <= at
          ? "{\"id\":1,\"time\":\"2024-06-01T10:00:05Z\"},{\"id\":2,\"time\":\"2024-06-01T10:00:05Z\"},"
          : "";
      return json("{\"items\":[" + all + "{\"id\":3,\"time\":\"2024-06-01T10:30:00Z\"}],\"end_time\":" + (at + 1795)
          + ",\"end_of_stream\":true}");
    });
    ExportListing export = ExportListing.timeBased("items", "/export/items", "/items", "time")
        .watermarkOn("time").tooRecent(Duration.ofSeconds(61)).clock(Clock.fixed(NOW, ZoneOffset.UTC)).build();

    List<ReadResult> calls = readToFixedPoint(export, client(), Offset.START, false);

    List<Long> ids = new ArrayList<>();
    calls.forEach(c -> c.records().forEach(r -> ids.add(r.path("id").asLong())));
    assertThat(ids).as("items 1 and 2 come again on the second page and are skipped").containsExactly(1L, 2L, 3L);
    long latest = NOW.minusSeconds(61).getEpochSecond();
    for (int i = 0; i < server.requestCount(); i++) {
      assertThat(Long.parseLong(server.request(i).getUrl().queryParameter("start_time"))).isLessThanOrEqualTo(latest);
    }
  }

  @Test
  void aReplayCursorDifferentFromTheOneTheOffsetDescendsFromRestartsThere() {
    server.answer(r -> json("{\"tickets\":[],\"after_cursor\":\"" + r.getUrl().queryParameter("cursor") + "\",\"end_of_stream\":true}"));
    ExportListing export = tickets().replayOption("start_cursor").build();
    Offset positioned = new Offset(Instant.parse("2024-06-01T09:00:00Z"), Map.of("cursor", "c9", "origin", ""));
    OptionValues replay = CommonOptions.tableOptions(1000, 1000)
        .plus(io.tributary.api.OptionDef.string("start_cursor").doc("replay")).validate(Map.of("start_cursor", "c5"));

    ReadResult result = export.read(positioned, replay, client()::get);

    assertThat(server.request(0).getUrl().queryParameter("cursor")).isEqualTo("c5");
    assertThat(result.endOffset().get("origin")).hasValue("cursor:c5");
    assertThat(result.endOffset().watermark()).as("a replay never moves the watermark back")
        .isEqualTo(Instant.parse("2024-06-01T09:00:00Z"));
  }

}
