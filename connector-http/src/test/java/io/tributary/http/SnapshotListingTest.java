package io.tributary.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.api.Json;
import io.tributary.api.Offset;
import io.tributary.api.ReadResult;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SnapshotListingTest {
  private final FakeProvider provider = new FakeProvider(2, 0)
      .put(1, "2024-05-01T01:00:00Z").put(2, "2024-05-01T02:00:00Z").put(3, "2024-05-01T03:00:00Z")
      .put(4, "2024-05-01T04:00:00Z").put(5, "2024-05-01T05:00:00Z");

  private Page fetch(Optional<String> next) {
    return provider.fetch(Instant.EPOCH, next);
  }

  @Test
  void readsAtMostMaxPagesPerBatchAndResumesFromTheNextToken() {
    SnapshotListing listing = new SnapshotListing("agents", 2);

    ReadResult first = listing.read(Offset.START, this::fetch);
    ReadResult second = listing.read(Offset.fromJson(first.endOffset().toJson()), this::fetch);

    assertThat(first.records()).extracting(r -> r.path("id").asLong()).containsExactly(1L, 2L, 3L, 4L);
    assertThat(first.endOffset().state()).isEqualTo(Map.of("next", "3"));
    assertThat(second.records()).extracting(r -> r.path("id").asLong()).containsExactly(5L);
    assertThat(second.endOffset().state()).isEqualTo(Map.of("done", "true"));
  }

  @Test
  void reachesAFixedPointOnceTheListingIsExhausted() {
    SnapshotListing listing = new SnapshotListing("agents", 10);
    Offset done = listing.read(Offset.START, this::fetch).endOffset();
    int fetches = provider.fetches;

    ReadResult again = listing.read(done, this::fetch);

    assertThat(again.caughtUp(done)).isTrue();
    assertThat(again.records()).isEmpty();
    assertThat(provider.fetches).isEqualTo(fetches);
  }

  @Test
  void anEmptyListingStillCompletes() {
    ReadResult result = new SnapshotListing("agents", 10).read(Offset.START, next -> Page.last(List.of()));

    assertThat(result.records()).isEmpty();
    assertThat(result.endOffset().state()).isEqualTo(Map.of("done", "true"));
  }

  @Test
  void takesMaxPagesPerBatchFromTableOptions() {
    io.tributary.api.OptionValues options = io.tributary.api.CommonOptions.tableOptions(100, 100)
        .validate(Map.of("max_pages_per_batch", "1"));

    ReadResult first = SnapshotListing.of("agents", options).read(Offset.START, this::fetch);

    assertThat(first.records()).hasSize(2);
    assertThat(provider.fetches).isEqualTo(1);
    assertThat(Json.MAPPER.valueToTree(first.endOffset().state()).toString()).isEqualTo("{\"next\":\"2\"}");
  }
}
