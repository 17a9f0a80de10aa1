package io.tributary.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ErrorBodiesTest {
  private static String summary(String text) {
    return ErrorBodies.summarize(text.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void summarizesJsonErrorsWithTheirFields() {
    assertThat(summary(Fixtures.text("freshservice-validation-error.json")))
        .isEqualTo("Validation failed; updated_since: It should be in the 'valid date time' format (invalid_value)");
    assertThat(summary(Fixtures.text("not-found.json"))).isEqualTo("RecordNotFound; Not found");
    assertThat(summary(Fixtures.text("salesforce-errors.json")))
        .isEqualTo("Session expired or invalid (INVALID_SESSION_ID)");
  }

  @Test
  void summarizesAnHtmlPageByItsTitle() {
    assertThat(summary(Fixtures.text("gateway-error.html"))).isEqualTo("HTML page: 502 Bad Gateway | Freshworks");
    assertThat(summary("<html><body><h1>Oops</h1><p>later</p></body></html>")).isEqualTo("HTML page: Oops");
  }

  @Test
  void neverDumpsAWholeBody() {
    String longText = "x".repeat(10_000);

    assertThat(summary(longText)).hasSize(ErrorBodies.MAX_LENGTH).endsWith("...");
    assertThat(summary("{\"message\":\"" + longText + "\"}")).hasSize(ErrorBodies.MAX_LENGTH);
  }

  @Test
  void emptyBodiesHaveNoSummary() {
    assertThat(summary("  \n")).isNull();
  }
}
