package io.tributary.api.rows;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.TextNode;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The hand-written reading of the common timestamp shapes must agree with the formatter on every
 * text: the same instant and offset where both read one, and never a value where the formatter
 * finds none. The texts are built from parts at and past every boundary.
 */
class TimestampsFastPathTest {
  private static final String[] YEARS = {"0000", "1970", "2023", "2024", "9999", "20x4"};
  private static final String[] MONTHS = {"00", "01", "02", "04", "12", "13", "1x"};
  private static final String[] DAYS = {"00", "01", "28", "29", "30", "31", "32", "3"};
  private static final String[] SEPARATORS = {"T", "t", " ", "X", "-"};
  private static final String[] TIMES = {"00:00:00", "10:15:30", "23:59:59", "24:00:00", "10:60:00", "10:15:60",
      "10:15", "1:15:30", "10:15:3", "10-15-30"};
  private static final String[] FRACTIONS = {"", ".", ".1", ".123456", ".1234567", ".123456000", ".123456789",
      ".1234567890", ",5"};
  private static final String[] OFFSETS = {"", "Z", "z", "+05:30", "-05:30", "+0530", "+05", "-00:00", "+00:00",
      "+17:59", "+18:00", "-18:00", "+19:00", "+05:60", "+5:30", "Zulu", " ", "+05:30:15"};

  @Test
  void datesAloneAgreeWithTheFormatter() {
    List<String> texts = new ArrayList<>();
    for (String year : YEARS) {
      for (String month : MONTHS) {
        for (String day : DAYS) {
          texts.add(year + "-" + month + "-" + day);
        }
      }
    }
    assertAgreement(texts, 60);
  }

  @Test
  void timestampsAgreeWithTheFormatter() {
    Random random = new Random(20261207);
    List<String> texts = new ArrayList<>();
    for (int i = 0; i < 30_000; i++) {
      texts.add(pick(random, YEARS) + "-" + pick(random, MONTHS) + "-" + pick(random, DAYS) + pick(random, SEPARATORS)
          + pick(random, TIMES) + pick(random, FRACTIONS) + pick(random, OFFSETS));
    }
    for (String time : TIMES) {
      for (String fraction : FRACTIONS) {
        for (String offset : OFFSETS) {
          texts.add("2024-02-29T" + time + fraction + offset);
        }
      }
    }
    assertAgreement(texts, 150);
  }

  @Test
  void theCommonShapesAreReadWithoutTheFormatter() {
    assertThat(Timestamps.parseCommon("2024-03-10T10:15:30Z")).isEqualTo(OffsetDateTime.parse("2024-03-10T10:15:30Z"));
    assertThat(Timestamps.parseCommon("2024-03-10 10:15:30.123456+05:30"))
        .isEqualTo(OffsetDateTime.parse("2024-03-10T10:15:30.123456+05:30"));
    assertThat(Timestamps.parseCommon("2024-03-10")).isEqualTo(OffsetDateTime.parse("2024-03-10T00:00Z"));
    assertThat(Timestamps.parseCommon("2024-03-10T10:15")).as("left to the formatter").isNull();
  }

  private static void assertAgreement(List<String> texts, int fastAtLeast) {
    int read = 0;
    for (String text : texts) {
      String trimmed = text.trim();
      OffsetDateTime expected = trimmed.length() < 10 || trimmed.length() > 40 ? null : Timestamps.parseAny(trimmed);
      OffsetDateTime actual = Timestamps.parse(TextNode.valueOf(text));
      assertThat(actual).as(text).isEqualTo(expected);
      if (actual != null && Timestamps.parseCommon(trimmed) != null) {
        read++;
      }
    }
    assertThat(read).as("texts the fast path read, of " + texts.size()).isGreaterThanOrEqualTo(fastAtLeast);
  }

  private static String pick(Random random, String[] parts) {
    return parts[random.nextInt(parts.length)];
  }
}
