package io.tributary.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.api.ExternalException;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class UsageQuotaTest {
  private static final Pattern API_USAGE = Pattern.compile("api-usage=(\\d+)/(\\d+)");

  private static UsageQuota quota(int percent) {
    return UsageQuota.fromHeader("demo", "Sforce-Limit-Info", API_USAGE, percent, "max_api_usage_percent");
  }

  @Test
  void allowsRequestsUntilTheNextWouldPassTheShare() {
    UsageQuota quota = quota(80);
    quota.observe(Map.of("sforce-limit-info", List.of("api-usage=798/1000")));
    assertThatCode(quota::check).doesNotThrowAnyException();
    assertThat(quota.remaining()).hasValue(2);

    quota.observe("api-usage=799/1000");
    assertThatCode(quota::check).doesNotThrowAnyException();

    quota.observe("api-usage=800/1000");
    assertThatThrownBy(quota::check)
        .isInstanceOfSatisfying(ExternalException.class, e -> {
          assertThat(e.quotaPause()).isTrue();
          assertThat(e.retryable()).isTrue();
        })
        .hasMessage("Cannot continue reading from demo: paused: API quota. 800 of 1000 requests "
            + "(80.0%) are used and the next would pass max_api_usage_percent=80; the table stays "
            + "at its last committed offset. Run again once usage has fallen, or raise "
            + "max_api_usage_percent");
  }

  @Test
  void unknownOrGarbledUsageNeverStopsAread() {
    UsageQuota quota = quota(50);
    assertThatCode(quota::check).doesNotThrowAnyException();
    quota.observe("api-usage=lots/none");
    quota.observe(Map.of("Other", List.of("api-usage=999/1000")));
    assertThatCode(quota::check).doesNotThrowAnyException();
    assertThat(quota.usage()).isEmpty();
  }

  @Test
  void refusesAShareOutsideOneToOneHundred() {
    assertThatThrownBy(() -> quota(0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxPercent must be between 1 and 100: 0");
  }
}
