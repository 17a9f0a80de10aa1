package io.tributary.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class OptionSetTest {
  private static final OptionSet CONNECTION = OptionSet.of(
      OptionDef.string("api_key").secret().required().doc("The API key. Found in your profile."),
      OptionDef.string("domain").required()
          .matching("[a-z0-9]([a-z0-9-]*[a-z0-9])?", "must be the subdomain only, such as acme"),
      CommonOptions.BASE);
  private static final OptionSet TABLE = CommonOptions.tableOptions(100, 100)
      .plus(OptionDef.oneOf("pii", "keep", "drop").withDefault("keep"));

  @Test
  void reportsEveryProblemAtOnceNamingEachOption() {
    assertThatThrownBy(() -> TABLE.validate(Map.of(
            "per_page", "500", "max_pages_per_batch", "zero", "start_date", "yesterday", "pii", "hide")))
        .isInstanceOf(UserException.class)
        .satisfies(e -> assertThat(((UserException) e).problems()).containsExactlyInAnyOrder(
            "Invalid value 500 for option 'per_page': must be between 1 and 100",
            "Invalid value 'zero' for option 'max_pages_per_batch': must be a whole number between 1 and 100000",
            "Invalid value 'yesterday' for option 'start_date': must be an ISO-8601 timestamp such as 2024-01-31T00:00:00Z",
            "Invalid value 'hide' for option 'pii': must be one of keep, drop"))
        .hasMessageStartingWith("4 problems:");
  }

  @Test
  void rejectsUnknownOptionSuggestingTheClosestName() {
    assertThatThrownBy(() -> TABLE.validate(Map.of("perpage", "10")))
        .hasMessageContaining("Unknown option 'perpage'; did you mean 'per_page'?")
        .hasMessageContaining("Valid options: lookback_seconds, max_pages_per_batch, per_page, pii, start_date");
  }

  @Test
  void unknownOptionFarFromAnyNameGetsNoSuggestion() {
    assertThatThrownBy(() -> TABLE.validate(Map.of("colour_scheme", "dark")))
        .hasMessageStartingWith("Unknown option 'colour_scheme'. Valid options:")
        .hasMessageNotContaining("did you mean");
  }

  @Test
  void missingRequiredOptionsAreReportedWithTheirDoc() {
    assertThatThrownBy(() -> CONNECTION.validate(Map.of()))
        .satisfies(e -> assertThat(((UserException) e).problems()).containsExactly(
            "Missing option 'api_key': it is required (The API key.)",
            "Missing option 'domain': it is required"));
  }

  @Test
  void descriptionValidationAllowsMissingCredentials() {
    OptionValues values = CONNECTION.validateForDescription(Map.of("domain", "acme"));
    assertThat(values.optional("api_key")).isEmpty();
    assertThat(values.string("domain")).isEqualTo("acme");
  }

  @Test
  void defaultsFillInAndTypedAccessorsParse() {
    OptionValues values = TABLE.validate(Map.of("start_date", "2024-01-31T00:00:00Z"));
    assertThat(values.integer("per_page")).isEqualTo(100);
    assertThat(values.integer("lookback_seconds")).isEqualTo(300);
    assertThat(values.instant("start_date")).hasValueSatisfying(
        i -> assertThat(i.getEpochSecond()).isEqualTo(1706659200L));
    assertThat(values.string("pii")).isEqualTo("keep");
  }

  @Test
  void patternHintTellsTheUserWhatToPass() {
    assertThatThrownBy(() -> CONNECTION.validate(Map.of("api_key", "k", "domain", "acme.freshservice.com")))
        .hasMessage("Invalid value 'acme.freshservice.com' for option 'domain': must be the subdomain only, such as acme");
  }

  @Test
  void plainHttpIsRefusedExceptForLoopback() {
    assertThatThrownBy(() -> CONNECTION.validate(Map.of("api_key", "k", "domain", "acme", "base_url", "http://proxy.example.com")))
        .hasMessage("Invalid value 'http://proxy.example.com' for option 'base_url': "
            + "must use https (plain http is allowed only for localhost and 127.0.0.1)");
    assertThat(CONNECTION.validate(Map.of("api_key", "k", "domain", "acme", "base_url", "http://127.0.0.1:8080"))
        .string("base_url")).isEqualTo("http://127.0.0.1:8080");
  }

  @Test
  void secretsNeverShowInToStringErrorsOrRedactedText() {
    OptionSet withIntSecret = OptionSet.of(OptionDef.integer("pin", 0, 9).secret());
    assertThatThrownBy(() -> withIntSecret.validate(Map.of("pin", "12345")))
        .hasMessage("Invalid value <redacted> for option 'pin': must be between 0 and 9")
        .hasMessageNotContaining("12345");

    OptionValues values = CONNECTION.validate(Map.of("api_key", "sk_live_abc123", "domain", "acme"));
    assertThat(values.toString()).doesNotContain("sk_live_abc123").contains("api_key=*****", "domain=acme");
    assertThat(values.redact("GET https://x/?key=sk_live_abc123 failed"))
        .isEqualTo("GET https://x/?key=***** failed");
  }

  @Test
  void declaringAnOptionTwiceOrWithABadDefaultFailsFast() {
    assertThatThrownBy(() -> OptionSet.of(OptionDef.string("a"), OptionDef.string("a")))
        .hasMessageContaining("option 'a' is declared twice");
    assertThatThrownBy(() -> OptionDef.integer("per_page", 1, 100).withDefault("500"))
        .hasMessageContaining("bad default for option 'per_page'");
  }

  @Test
  void hostLabelTellsSomeoneWhoPassedAWholeHostWhichLabelToPass() {
    OptionSet set = OptionSet.of(CommonOptions.hostLabel("domain", "https://{label}.freshservice.com"));
    assertThatThrownBy(() -> set.validate(Map.of("domain", "globex.freshservice.com")))
        .hasMessage("Invalid value 'globex.freshservice.com' for option 'domain': must be the hostname "
            + "label only; pass 'globex' for https://globex.freshservice.com");
    assertThatThrownBy(() -> set.validate(Map.of("domain", "https://initech.freshservice.com/a/tickets")))
        .hasMessageEndingWith("pass 'initech' for https://initech.freshservice.com");
    assertThatThrownBy(() -> set.validate(Map.of("domain", "-")))
        .hasMessageEndingWith("must be the hostname label only, such as acme-corp for https://acme-corp.freshservice.com");
    assertThat(set.validate(Map.of("domain", "acme-corp")).string("domain")).isEqualTo("acme-corp");
  }
}
