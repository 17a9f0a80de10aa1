package io.tributary.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.api.Offset;
import io.tributary.api.UserException;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TributaryStreamOffsetTest {

  @Test
  void roundTripsThroughJsonWithEveryFeed() {
    TributaryStreamOffset offset = new TributaryStreamOffset(Map.of(
        Feed.RECORDS, new Offset(Instant.parse("2024-05-01T10:00:00Z"), Map.of("page", "3")),
        Feed.DELETES, Offset.START));

    String json = offset.json();

    assertThat(json).isEqualTo("{\"version\":1,"
        + "\"records\":{\"version\":1,\"watermark\":\"2024-05-01T10:00:00Z\",\"state\":{\"page\":\"3\"}},"
        + "\"deletes\":{\"version\":1,\"state\":{}}}");
    assertThat(TributaryStreamOffset.fromJson(json)).isEqualTo(offset);
    assertThat(TributaryStreamOffset.fromJson(json).get(Feed.RECORDS).get("page")).contains("3");
  }

  @Test
  void refusesAnotherVersion() {
    assertThatThrownBy(() -> TributaryStreamOffset.fromJson("{\"version\":2,\"records\":{}}"))
        .isInstanceOf(UserException.class)
        .hasMessage("Cannot read stream offset {\"version\":2,\"records\":{}}: version 2 is not "
            + "supported; this build reads version 1");
  }

  @Test
  void refusesUnknownFeeds() {
    assertThatThrownBy(() -> TributaryStreamOffset.fromJson("{\"version\":1,\"updates\":{}}"))
        .hasMessage("Cannot read stream offset {\"version\":1,\"updates\":{}}: unknown key 'updates'");
  }
}
