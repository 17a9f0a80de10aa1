package io.tributary.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.tributary.api.Json;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class CursorsTest {
  private static final Instant T = Instant.parse("2024-05-01T10:00:00Z");

  @Test
  void readsIsoTimestampsWithAndWithoutOffsets() {
    assertThat(Cursors.parse("2024-05-01T10:00:00Z")).contains(T);
    assertThat(Cursors.parse("2024-05-01T15:30:00+05:30")).contains(T);
    assertThat(Cursors.parse("2024-05-01T10:00:00.000+0000")).contains(T);
    assertThat(Cursors.parse("2024-05-01T10:00:00")).contains(T);
    assertThat(Cursors.parse("2024-05-01T10:00:00.250Z")).contains(T.plusMillis(250));
  }

  @Test
  void readsEpochSecondsAsNumbersOrText() {
    assertThat(Cursors.parse(LongNode.valueOf(T.getEpochSecond()))).contains(T);
    assertThat(Cursors.parse(IntNode.valueOf(0))).contains(Instant.EPOCH);
    assertThat(Cursors.parse(TextNode.valueOf(String.valueOf(T.getEpochSecond())))).contains(T);
  }

  @Test
  void treatsAbsentValuesAsNoCursor() {
    assertThat(Cursors.parse(NullNode.getInstance())).isEmpty();
    assertThat(Cursors.parse((String) null)).isEmpty();
    assertThat(Cursors.parse(" ")).isEmpty();
    assertThat(Cursors.field("updated_at").apply(Json.object())).isEmpty();
  }

  @Test
  void readsNestedFieldsByPointer() {
    var record = Json.object();
    record.putObject("customer").put("updated_at", T.getEpochSecond());

    assertThat(Cursors.field("/customer/updated_at").apply(record)).contains(T);
  }

  @Test
  void readsEveryCommonShapeAsTheFormattersDo() {
    java.util.Random random = new java.util.Random(7);
    String[] offsets = {"", "Z", "z", "+05:30", "-11:00", "+00:00", "+14:00"};
    for (int i = 0; i < 20_000; i++) {
      java.time.LocalDateTime local = java.time.LocalDateTime.ofEpochSecond(
          random.nextLong(-2_000_000_000L, 4_000_000_000L), random.nextInt(1_000_000_000), java.time.ZoneOffset.UTC);
      String fraction = random.nextBoolean() ? "" : "." + String.format("%09d", local.getNano())
          .substring(0, 1 + random.nextInt(9));
      String offset = offsets[random.nextInt(offsets.length)];
      String text = String.format("%04d-%02d-%02d%s%02d:%02d:%02d", local.getYear(), local.getMonthValue(),
          local.getDayOfMonth(), random.nextInt(4) == 0 ? "t" : "T", local.getHour(), local.getMinute(),
          local.getSecond()) + fraction + offset;
      Instant expected = offset.isEmpty()
          ? java.time.LocalDateTime.parse(text).toInstant(java.time.ZoneOffset.UTC)
          : java.time.OffsetDateTime.parse(text).toInstant();
      assertThat(Cursors.parse(text)).as(text).contains(expected);
    }
  }

  @Test
  void keepsRejectingShapesThatAreNoCursorTimestamp() {
    // A space for the T, and a date alone, are not read as cursors (the row converter reads them as
    // timestamps; a cursor must say its time of day).
    assertThatThrownBy(() -> Cursors.parse("2024-05-01 10:00:00")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Cursors.parse("2024-05-01")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Cursors.parse("2024-02-30T10:00:00Z")).isInstanceOf(IllegalArgumentException.class);
    assertThat(Cursors.parse("-86400")).contains(Instant.EPOCH.minusSeconds(86_400));
    assertThatThrownBy(() -> Cursors.parse("-")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void rejectsTextThatIsNoTimestamp() {
    assertThatThrownBy(() -> Cursors.parse("yesterday"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Cannot read cursor value 'yesterday': it is neither an ISO-8601 timestamp nor epoch seconds");
  }
}
