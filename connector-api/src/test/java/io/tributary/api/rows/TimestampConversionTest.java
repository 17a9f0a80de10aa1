package io.tributary.api.rows;

import static io.tributary.api.rows.Records.convertValue;
import static io.tributary.api.rows.Records.rescued;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.types.DataTypes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TimestampConversionTest {

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "\"2024-03-10T10:15:30Z\"             | 2024-03-10T10:15:30Z",
      "\"2024-03-10T10:15:30z\"             | 2024-03-10T10:15:30Z",
      "\"2024-03-10T12:15:30+02:00\"        | 2024-03-10T10:15:30Z",
      "\"2024-03-10T05:15:30-05:00\"        | 2024-03-10T10:15:30Z",
      "\"2024-03-10T10:15:30.000+0000\"     | 2024-03-10T10:15:30Z",
      "\"2024-03-10T12:15:30+02\"           | 2024-03-10T10:15:30Z",
      "\"2024-03-10T10:15:30\"              | 2024-03-10T10:15:30Z",
      "\"2024-03-10 10:15:30\"              | 2024-03-10T10:15:30Z",
      "\"2024-03-10T10:15\"                 | 2024-03-10T10:15:00Z",
      "\"2024-03-10T10:15:30.123456Z\"      | 2024-03-10T10:15:30.123456Z",
      "\"2024-03-10\"                       | 2024-03-10T00:00:00Z",
      "1710065730                           | 2024-03-10T10:15:30Z",
      "1710065730.25                        | 2024-03-10T10:15:30.250Z",
      "0                                    | 1970-01-01T00:00:00Z",
  })
  void timestampsBecomeUtcMicros(String json, String expectedInstant) {
    InternalRow row = convertValue(DataTypes.TimestampType, json);

    assertThat(rescued(row)).isNull();
    assertThat(row.getLong(1)).isEqualTo(micros(Instant.parse(expectedInstant)));
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "\"yesterday\"",
      "\"2024-02-30T00:00:00Z\"",
      "\"2024-13-01\"",
      "\"10/03/2024\"",
      "\"2024-03-10T10:15:30.123456789Z\"",  // nanoseconds would be cut to micros
      "1710065730.1234567",                   // likewise
      "true",
      "{\"at\":\"2024-03-10\"}",
  })
  void timestampsRescueWhatIsNotAnExactInstant(String json) {
    InternalRow row = convertValue(DataTypes.TimestampType, json);

    assertThat(row.isNullAt(1)).isTrue();
    assertThat(rescued(row)).isEqualTo("{\"v\":" + json + "}");
  }

  @Test
  void datesBecomeEpochDays() {
    int expected = (int) LocalDate.parse("2024-03-10").toEpochDay();

    assertThat(convertValue(DataTypes.DateType, "\"2024-03-10\"").getInt(1)).isEqualTo(expected);
    assertThat(convertValue(DataTypes.DateType, "\"2024-03-10T00:00:00Z\"").getInt(1)).isEqualTo(expected);
  }

  @Test
  void datesRescueATimeOfDayThatWouldBeLost() {
    assertThat(rescued(convertValue(DataTypes.DateType, "\"2024-03-10T09:30:00Z\"")))
        .isEqualTo("{\"v\":\"2024-03-10T09:30:00Z\"}");
    assertThat(rescued(convertValue(DataTypes.DateType, "19792"))).isEqualTo("{\"v\":19792}");
  }

  @Test
  void timestampWithoutTimeZoneKeepsTheWallClock() {
    InternalRow row = convertValue(DataTypes.TimestampNTZType, "\"2024-03-10T10:15:30+02:00\"");

    assertThat(row.getLong(1)).isEqualTo(micros(Instant.parse("2024-03-10T10:15:30Z")));
  }

  static long micros(Instant instant) {
    return instant.getEpochSecond() * 1_000_000L + instant.getNano() / 1000;
  }
}
