package io.tributary.source.freshservice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.api.Connector;
import io.tributary.api.OptionValues;
import io.tributary.api.UserException;
import java.util.Map;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class FreshserviceOptionsTest {
  private final FreshserviceConnectorFactory factory = new FreshserviceConnectorFactory();

  @Test
  void domainWithTheFullHostNameIsRefusedShowingTheSubdomainToPass() {
    assertThatThrownBy(() -> factory.create(Map.of("api_key", "k-123456", "domain", "acme-corp.freshservice.com")))
        .isInstanceOf(UserException.class)
        .hasMessage("Invalid value 'acme-corp.freshservice.com' for option 'domain': must be the "
            + "hostname label only; pass 'acme-corp' for https://acme-corp.freshservice.com");
  }

  @Test
  void domainWithSchemeOrSlashIsRefused() {
    Map<String, String> hints = Map.of(
        "https://acme-corp", "acme-corp", "acme-corp/", "acme-corp", "-acme", "acme", "acme_corp", "acme");
    hints.forEach((bad, label) ->
        assertThatThrownBy(() -> factory.create(Map.of("api_key", "k-123456", "domain", bad)))
            .as(bad)
            .hasMessage("Invalid value '" + bad + "' for option 'domain': must be the hostname label "
                + "only; pass '" + label + "' for https://" + label + ".freshservice.com"));
  }

  @Test
  void everyBadOptionIsReportedAtOnceWithoutShowingTheKey() {
    assertThatThrownBy(() -> factory.create(Map.of("domain", "a.b", "requests_per_minute", "0")))
        .isInstanceOf(UserException.class)
        .satisfies(e -> assertThat(((UserException) e).problems()).containsExactlyInAnyOrder(
            "Missing option 'api_key': it is required (Your Freshservice API key (Profile settings > Your API Key).)",
            "Invalid value 'a.b' for option 'domain': must be the hostname label only; pass 'a' "
                + "for https://a.freshservice.com",
            "Invalid value 0 for option 'requests_per_minute': must be between 1 and 1000000"));
  }

  @Test
  void tableOptionsAreValidatedNamingTheOption() {
    assertThatThrownBy(() -> FreshserviceOptions.table().validate(Map.of("per_page", "500")))
        .hasMessage("Invalid value 500 for option 'per_page': must be between 1 and 100");
    assertThatThrownBy(() -> FreshserviceOptions.table().validate(Map.of("start_date", "2024-01-01")))
        .hasMessage("Invalid value '2024-01-01' for option 'start_date': must be an ISO-8601 timestamp "
            + "such as 2024-01-31T00:00:00Z");
    assertThatThrownBy(() -> FreshserviceOptions.table().validate(Map.of("custom_fields", "budget:money")))
        .hasMessage("Invalid value 'budget:money' for option 'custom_fields': " + io.tributary.http.rest.CustomFields.HINT);
  }

  @Test
  void tableOptionDefaultsFollowTheIssue() {
    OptionValues defaults = FreshserviceOptions.table().validate(Map.of());
    assertThat(defaults.integer("per_page")).isEqualTo(100);
    assertThat(defaults.integer("max_pages_per_batch")).isEqualTo(50);
    assertThat(defaults.integer("lookback_seconds")).isEqualTo(300);
    assertThat(defaults.instant("start_date")).isEmpty();
  }

  @Test
  void apiKeyNeverAppearsInToString() {
    OptionValues options = FreshserviceOptions.connection()
        .validate(Map.of("api_key", "super-secret-key", "domain", "acme-corp"));
    Connector connector = factory.create(options);
    assertThat(options.toString()).doesNotContain("super-secret-key");
    assertThat(connector.toString()).doesNotContain("super-secret-key");
  }

  @Test
  void customFieldsAreAMapUntilDeclaredThenTypedStruct() {
    Connector connector = factory.create(FreshserviceOptions.connection().validateForDescription(Map.of()));
    StructType plain = connector.schema("tickets", FreshserviceReads.tableOptions(Map.of()));
    assertThat(plain.apply("custom_fields").dataType())
        .isEqualTo(MapType.apply(DataTypes.StringType, DataTypes.StringType));

    StructType typed = connector.schema("tickets",
        FreshserviceReads.tableOptions(Map.of("custom_fields", "cost_center:string, business_impact_score:long,vip_requester:boolean,budget:decimal")));
    assertThat(typed.apply("custom_fields").dataType()).isEqualTo(new StructType()
        .add("cost_center", DataTypes.StringType)
        .add("business_impact_score", DataTypes.LongType)
        .add("vip_requester", DataTypes.BooleanType)
        .add("budget", DataTypes.createDecimalType(10, 2)));
    StructType assets = connector.schema("assets",
        FreshserviceReads.tableOptions(Map.of("custom_fields", "cost_27000123001:decimal")));
    assertThat(assets.apply("type_fields").dataType())
        .isEqualTo(new StructType().add("cost_27000123001", DataTypes.createDecimalType(10, 2)));
  }

  @Test
  void customFieldsOnATableWithoutThemIsRefused() {
    Connector connector = factory.create(FreshserviceOptions.connection().validateForDescription(Map.of()));
    assertThatThrownBy(() -> connector.schema("groups", FreshserviceReads.tableOptions(Map.of("custom_fields", "a:string"))))
        .hasMessage("Cannot set option 'custom_fields' for table 'groups': its records have no custom fields");
  }

  @Test
  void customFieldDeclaredTwiceIsRefused() {
    Connector connector = factory.create(FreshserviceOptions.connection().validateForDescription(Map.of()));
    assertThatThrownBy(() -> connector.schema("tickets", FreshserviceReads.tableOptions(Map.of("custom_fields", "a:string,a:long"))))
        .hasMessage("Cannot use option 'custom_fields' for table 'tickets': field 'a' is declared twice");
  }
}
