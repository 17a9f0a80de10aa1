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
  void rejectsTextThatIsNoTimestamp() {
    assertThatThrownBy(() -> Cursors.parse("yesterday"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Cannot read cursor value 'yesterday': it is neither an ISO-8601 timestamp nor epoch seconds");
  }
}
