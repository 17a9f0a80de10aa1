package io.tributary.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ErrorBodiesTest {
  /** Record values the fixtures hold; no summary may repeat them. */
  private static final String EMAIL = "aoife.brennan@example.com";
  private static final String NAME = "Aoife Brennan";

  private static String summary(String text) {
    return ErrorBodies.summarize(text.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void quotesTheVendorsDocumentedErrorFields() {
    assertThat(summary(Fixtures.text("freshservice-validation-error.json")))
        .isEqualTo("Validation failed; updated_since: It should be in the 'valid date time' format (invalid_value)");
    assertThat(summary(Fixtures.text("freshdesk-validation-error.json")))
        .isEqualTo("Validation failed; email: It should be a valid email address (invalid_value); "
            + "requester_id: There is no contact matching the given requester_id (invalid_value)");
    assertThat(summary(Fixtures.text("not-found.json"))).isEqualTo("Not found (RecordNotFound)");
    assertThat(summary(Fixtures.text("salesforce-errors.json")))
        .isEqualTo("Session expired or invalid (INVALID_SESSION_ID)");
    assertThat(summary(Fixtures.text("chargebee-error.json")))
        .isEqualTo("customer_id: Sorry, we couldn't find that resource (resource_not_found)");
  }

  @Test
  void masksAnEmailAddressInsideAProvidersMessage() {
    String summary = summary(Fixtures.text("zendesk-record-invalid.json"));

    assertThat(summary).isEqualTo("Record validation errors (RecordInvalid); "
        + "email: Email: <email> is already being used by another user (DuplicateValue)");
  }

  @Test
  void describesATruncatedPageByItsShapeOnly() {
    byte[] body = Fixtures.text("truncated-page.json").getBytes(StandardCharsets.UTF_8);

    String summary = ErrorBodies.summarize(body);

    assertThat(summary).isEqualTo("a body of " + ErrorBodies.number(body.length) + " bytes that is not JSON "
        + "(truncated at byte " + ErrorBodies.number(body.length) + "; top-level with keys tickets)");
    assertThat(summary).doesNotContain(EMAIL).doesNotContain(NAME).doesNotContain("Refund");
  }

  @Test
  void describesARecordShapedBodyByItsKeysOnly() {
    assertThat(summary(Fixtures.text("record-shaped.json")))
        .isEqualTo("JSON object with keys id, name, email, description, phone (no error message field)");
    assertThat(summary(Fixtures.text("records-array.json")))
        .isEqualTo("JSON array of 1 element (no error message field)");
  }

  @Test
  void neverEchoesKeysThatAreNotFieldNames() {
    assertThat(summary("{\"" + EMAIL + "\":1,\"status\":2}"))
        .isEqualTo("JSON object with keys status, and 1 more (no error message field)");
  }

  @Test
  void describesAnHtmlPageByItsTitleOnly() {
    assertThat(summary(Fixtures.text("gateway-error.html"))).isEqualTo("HTML page titled '502 Bad Gateway | Freshworks'");
    assertThat(summary(Fixtures.text("maintenance.html"))).isEqualTo("HTML page titled 'Maintenance'");
    assertThat(summary("<html><body><h1>Oops</h1><p>later</p></body></html>")).isEqualTo("HTML page headed 'Oops'");
    String untitled = "<html><body><p>" + NAME + "</p></body></html>";
    assertThat(summary(untitled)).isEqualTo("HTML page of " + untitled.length() + " bytes without a title");
  }

  @Test
  void describesPlainTextBySizeOnly() {
    String csv = "name,email\n" + NAME + "," + EMAIL + "\n";
    assertThat(summary(csv)).isEqualTo("a body of " + csv.length() + " bytes that is not JSON");
  }

  @ParameterizedTest
  @ValueSource(strings = {"truncated-page.json", "record-shaped.json", "records-array.json", "maintenance.html",
      "zendesk-record-invalid.json"})
  void neverRepeatsARecordsEmailOrName(String fixture) {
    byte[] body = Fixtures.text(fixture).getBytes(StandardCharsets.UTF_8);

    assertThat(ErrorBodies.summarize(body)).doesNotContain(EMAIL).doesNotContain(NAME);
    assertThat(ErrorBodies.shapeOfNonJson(body)).doesNotContain(EMAIL).doesNotContain(NAME);
  }

  @Test
  void boundsEachQuotedFieldAndTheWhole() {
    String longText = "x".repeat(10_000);

    assertThat(summary("{\"message\":\"" + longText + "\"}")).hasSize(ErrorBodies.MAX_FIELD_LENGTH).endsWith("...");
    assertThat(summary("{\"errors\":[" + ("{\"message\":\"" + longText + "\"},").repeat(9) + "{}]}"))
        .hasSizeLessThanOrEqualTo(ErrorBodies.MAX_LENGTH);
    assertThat(summary(longText)).isEqualTo("a body of 10,000 bytes that is not JSON");
  }

  @Test
  void emptyBodiesHaveNoSummary() {
    assertThat(summary("  \n")).isNull();
    assertThat(ErrorBodies.shapeOfNonJson(new byte[0])).isEqualTo("an empty body");
  }
}
