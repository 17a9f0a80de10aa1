package io.tributary.source.chargebee;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.api.OptionValues;
import io.tributary.api.UserException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChargebeeOptionsTest {

  @Test
  void defaultsToTheTestSiteLimitAndAutoCatalog() {
    OptionValues values = ChargebeeOptions.connection()
        .validate(Map.of("site", "acme-test", "api_key", "live_abc123"));

    assertThat(values.integer("requests_per_minute")).isEqualTo(150);
    assertThat(values.string("product_catalog")).isEqualTo("auto");
    assertThat(values.toString()).doesNotContain("live_abc123");
  }

  @Test
  void refusesASiteThatIsNotAHostnameLabelAndAnUnknownCatalogAtOnce() {
    assertThatThrownBy(() -> ChargebeeOptions.connection().validate(Map.of(
        "site", "https://acme.chargebee.com", "api_key", "k", "product_catalog", "3.0")))
        .isInstanceOf(UserException.class)
        .satisfies(e -> assertThat(((UserException) e).problems()).containsExactly(
            "Invalid value 'https://acme.chargebee.com' for option 'site': must be the site name "
                + "only, a hostname label such as acme or acme-test (lower-case letters, digits and "
                + "inner hyphens, at most 63 characters), not a URL",
            "Invalid value '3.0' for option 'product_catalog': must be one of auto, 1.0, 2.0"));
  }

  @Test
  void capsPageSizeAtChargebeesLimitOf100() {
    assertThatThrownBy(() -> ChargebeeOptions.table().validate(Map.of("per_page", "101")))
        .hasMessage("Invalid value 101 for option 'per_page': must be between 1 and 100");
  }

  @Test
  void refusesMalformedCustomFieldTypes() {
    assertThatThrownBy(() -> ChargebeeOptions.table().validate(Map.of("custom_field_types", "seats:int")))
        .hasMessageStartingWith("Invalid value 'seats:int' for option 'custom_field_types': must be "
            + "comma-separated cf_name:type pairs");
  }
}
