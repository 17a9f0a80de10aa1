package io.tributary.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.api.Offset;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class OffsetKeyTest {
  @Test
  void everyStoredKeyNamesOneMeaningAndIsSnakeCase() {
    assertThat(Arrays.stream(OffsetKey.values()).map(OffsetKey::key)).doesNotHaveDuplicates()
        .allSatisfy(key -> assertThat(key).matches("[a-z]+(_[a-z]+)*"));
    for (OffsetKey key : OffsetKey.values()) {
      assertThat(OffsetKey.of(key.key())).contains(key);
    }
    assertThat(OffsetKey.of("page")).isEmpty();
  }

  @Test
  void readsItsValueFromAnOffsetsStateByItsStoredName() {
    Offset offset = Offset.fromJson("{\"version\":1,\"state\":{\"since\":\"2024-05-01T00:00:00Z\",\"tie_top\":\"x\"}}");

    assertThat(OffsetKey.SINCE.in(offset)).contains("2024-05-01T00:00:00Z");
    assertThat(OffsetKey.TIE_TOP.in(offset)).contains("x");
    assertThat(OffsetKey.NEXT.in(offset)).isEmpty();
  }
}
