package io.tributary.api.rows;

import static io.tributary.api.rows.Records.convertValue;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.TimeZone;
import org.apache.spark.sql.types.DataTypes;
import org.junit.jupiter.api.Test;

/**
 * Surefire runs this module with {@code -Duser.timezone=America/Los_Angeles} and {@code
 * TZ=America/Los_Angeles}. The expected values are literal epoch numbers, so a conversion that
 * went through the JVM's zone would be off by seven or eight hours. 2024-03-10 is the day Los
 * Angeles moves to daylight time, which would also expose a zone-dependent date.
 */
class NonUtcTimeZoneTest {

  @Test
  void runsUnderANonUtcDefaultZone() {
    assertThat(TimeZone.getDefault().getID()).isEqualTo("America/Los_Angeles");
  }

  @Test
  void timestampWithoutOffsetIsUtcNotLocal() {
    assertThat(convertValue(DataTypes.TimestampType, "\"2024-03-10T10:15:30\"").getLong(1))
        .isEqualTo(1_710_065_730_000_000L);
  }

  @Test
  void dateOnlyTimestampIsUtcMidnight() {
    assertThat(convertValue(DataTypes.TimestampType, "\"2024-03-10\"").getLong(1))
        .isEqualTo(1_710_028_800_000_000L);
  }

  @Test
  void dateIsTheSameCalendarDay() {
    assertThat(convertValue(DataTypes.DateType, "\"2024-03-10\"").getInt(1)).isEqualTo(19_792);
  }

  @Test
  void epochSecondsAreZoneIndependent() {
    assertThat(convertValue(DataTypes.TimestampType, "1710065730").getLong(1))
        .isEqualTo(1_710_065_730_000_000L);
  }
}
