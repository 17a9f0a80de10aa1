package io.tributary.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OffsetTest {
  private static final Instant T1 = Instant.parse("2024-05-01T10:00:00Z");
  private static final Instant T2 = Instant.parse("2024-05-01T10:00:01Z");

  @Test
  void roundTripsThroughVersionedJson() {
    Offset offset = new Offset(T1, Map.of("page", "3", "since", "2024-04-30T00:00:00Z"));
    String json = offset.toJson();
    assertThat(json).isEqualTo(
        "{\"version\":1,\"watermark\":\"2024-05-01T10:00:00Z\",\"state\":{\"page\":\"3\",\"since\":\"2024-04-30T00:00:00Z\"}}");
    assertThat(Offset.fromJson(json)).isEqualTo(offset);
    assertThat(Offset.fromJson(Offset.START.toJson())).isEqualTo(Offset.START);
  }

  @Test
  void equalityIsByValueSoAFixedPointIsDetectable() {
    Offset a = Offset.at(T1).with("next", "abc");
    Offset b = Offset.fromJson(a.toJson());
    assertThat(new ReadResult(java.util.List.of(), b).caughtUp(a)).isTrue();
    assertThat(new ReadResult(java.util.List.of(), b.with("next", "abd")).caughtUp(a)).isFalse();
  }

  @Test
  void rejectsOtherVersionsAndUnknownKeys() {
    assertThatThrownBy(() -> Offset.fromJson("{\"version\":2,\"state\":{}}"))
        .isInstanceOf(UserException.class)
        .hasMessageContaining("version 2 is not supported; this build reads version 1");
    assertThatThrownBy(() -> Offset.fromJson("{\"version\":1,\"cursor\":\"x\"}"))
        .hasMessageContaining("unknown key 'cursor'");
    assertThatThrownBy(() -> Offset.fromJson("{\"version\":1,\"watermark\":\"yesterday\"}"))
        .hasMessageContaining("watermark must be an ISO-8601 instant");
    assertThatThrownBy(() -> Offset.fromJson("not json"))
        .hasMessageContaining("it is not JSON");
  }

  @Test
  void acceptsForwardAndEqualMovesButRejectsBackwards() {
    Offset.requireForward("tickets", Offset.START, Offset.at(T1));
    Offset.requireForward("tickets", Offset.at(T1), Offset.at(T1).with("page", "2"));
    Offset.requireForward("tickets", Offset.at(T1), Offset.at(T2));
    assertThatThrownBy(() -> Offset.requireForward("tickets", Offset.at(T2), Offset.at(T1)))
        .isInstanceOf(InternalException.class)
        .hasMessageStartingWith("Cannot accept offset for table 'tickets': it moves backwards from")
        .hasMessageContaining("10:00:01Z").hasMessageContaining("10:00:00Z");
    assertThatThrownBy(() -> Offset.requireForward("tickets", Offset.at(T1), Offset.START))
        .hasMessageContaining("moves backwards");
  }

  @Test
  void isImmutable() {
    Offset offset = Offset.START.with("page", "1");
    assertThat(Offset.START.state()).isEmpty();
    assertThatThrownBy(() -> offset.state().put("page", "2")).isInstanceOf(UnsupportedOperationException.class);
    assertThat(offset.with("page", null)).isEqualTo(Offset.START);
  }
}
