package io.tributary.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.api.Offset;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Deletes read from a listing and a log keep both positions in one offset, under the lower watermark. */
class DeletesOffsetTest {
  private static final Instant NINE = Instant.parse("2024-06-01T09:00:00Z");
  private static final Instant TEN = Instant.parse("2024-06-01T10:00:00Z");
  private static final Instant ELEVEN = Instant.parse("2024-06-01T11:00:00Z");

  @Test
  void nestsTheListingsOffsetUnderItsPrefixAndReadsBothPositionsBack() {
    Offset listing = new Offset(TEN, Map.of("since", "2024-06-01T09:55:00Z", "after_id", "001A"));

    Offset after = DeletesOffset.after(Offset.START, Optional.of(listing), Optional.of(ELEVEN));
    Offset stored = Offset.fromJson(after.toJson());

    assertThat(stored.state()).isEqualTo(Map.of("soft.since", "2024-06-01T09:55:00Z", "soft.after_id", "001A",
        "soft_wm", TEN.toString(), "hard_from", ELEVEN.toString()));
    assertThat(DeletesOffset.listing(stored)).isEqualTo(listing);
    assertThat(DeletesOffset.logFrom(stored)).hasValue(ELEVEN);
    assertThat(DeletesOffset.listing(Offset.START)).isEqualTo(Offset.START);
  }

  @Test
  void theWatermarkIsTheLowerOfThePlacesReadAndNeverMovesBackwards() {
    assertThat(DeletesOffset.after(Offset.START, Optional.of(Offset.at(TEN)), Optional.of(NINE)).watermark())
        .isEqualTo(NINE);
    assertThat(DeletesOffset.after(Offset.START, Optional.of(Offset.at(TEN)), Optional.empty()).watermark())
        .isEqualTo(TEN);
    assertThat(DeletesOffset.after(Offset.START, Optional.empty(), Optional.of(NINE)).watermark()).isEqualTo(NINE);
    assertThat(DeletesOffset.after(Offset.START, Optional.of(Offset.START), Optional.of(NINE)).watermark())
        .as("no watermark while the listing has none").isNull();
    assertThat(DeletesOffset.after(Offset.at(ELEVEN), Optional.of(Offset.at(TEN)), Optional.of(NINE)).watermark())
        .isEqualTo(ELEVEN);
  }
}
