package io.tributary.spark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.api.Offset;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** How {@code status} words a table's committed offset. */
class OffsetWordsTest {
  private static final Instant WATERMARK = Instant.parse("2026-12-06T03:58:12Z");

  @Test
  void aWatermarkReadsAsUpToThatInstantInUtc() {
    assertThat(OffsetWords.describe(Optional.of(stream(Offset.at(WATERMARK))), true))
        .isEqualTo("up to 2026-12-06 03:58:12 UTC");
  }

  @Test
  void listingStateIsCalledMidListing() {
    assertThat(OffsetWords.describe(Optional.of(stream(Offset.at(WATERMARK).with("page", "3"))), true))
        .isEqualTo("up to 2026-12-06 03:58:12 UTC, mid-listing");
    assertThat(OffsetWords.describe(Optional.of(stream(Offset.START.with("page", "3"))), true))
        .isEqualTo("mid-listing, no watermark yet");
  }

  @Test
  void noWatermarkAndNoStateIsFromTheStart() {
    assertThat(OffsetWords.describe(Optional.of(stream(Offset.START)), true)).isEqualTo("from the start");
    assertThat(OffsetWords.describe(Optional.empty(), true)).isEqualTo("from the start: nothing committed yet");
  }

  @Test
  void aTableWithoutCheckpointIsASnapshot() {
    assertThat(OffsetWords.describe(Optional.empty(), false)).isEqualTo("snapshot: read in full each run");
  }

  @Test
  void theDeletesFeedIsShownWhenItHasAWatermark() {
    String offset = "{\"version\":1,\"records\":" + Offset.at(WATERMARK).toJson()
        + ",\"deletes\":" + Offset.at(Instant.parse("2026-12-05T00:00:00Z")).toJson() + "}";

    assertThat(OffsetWords.describe(Optional.of(offset), true))
        .isEqualTo("up to 2026-12-06 03:58:12 UTC; deletes up to 2026-12-05 00:00:00 UTC");
  }

  @Test
  void anOffsetThatCannotBeReadSaysSo() {
    assertThat(OffsetWords.describe(Optional.of("{\"version\":9}"), true)).isEqualTo("unreadable offset");
  }

  private static String stream(Offset records) {
    return "{\"version\":1,\"records\":" + records.toJson() + "}";
  }
}
