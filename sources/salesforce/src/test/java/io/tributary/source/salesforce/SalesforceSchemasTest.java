package io.tributary.source.salesforce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.api.Columns;
import io.tributary.api.Offset;
import io.tributary.api.OptionValues;
import io.tributary.api.ReadResult;
import io.tributary.api.TableMetadata;
import io.tributary.api.UserException;
import io.tributary.api.rows.RowConverter;
import io.tributary.simulator.salesforce.SalesforceSimulator;
import java.time.Clock;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SalesforceSchemasTest {
  private final SalesforceSimulator sim = SalesforceSimulator.start(11, 20);

  @AfterEach
  void close() {
    sim.close();
  }

  private SalesforceConnector connector(String... extra) {
    Map<String, String> raw = new HashMap<>(sim.connectionOptions());
    for (int i = 0; i < extra.length; i += 2) {
      raw.put(extra[i], extra[i + 1]);
    }
    return new SalesforceConnector(SalesforceOptions.connection().validate(raw), Clock.systemUTC());
  }

  private static OptionValues table(String... pairs) {
    Map<String, String> raw = new HashMap<>(Map.of("bulk_threshold", "0"));
    for (int i = 0; i < pairs.length; i += 2) {
      raw.put(pairs[i], pairs[i + 1]);
    }
    return SalesforceOptions.table().validate(raw);
  }

  private static Optional<StructField> field(StructType schema, String name) {
    return Arrays.stream(schema.fields()).filter(f -> f.name().equals(name)).findFirst();
  }

  @Test
  void staticSchemasFollowTheTypeRules() {
    StructType account = connector().schema("Account", table());

    assertThat(field(account, "Id").orElseThrow().dataType()).isEqualTo(DataTypes.StringType);
    assertThat(field(account, "OwnerId").orElseThrow().dataType()).isEqualTo(DataTypes.StringType);
    assertThat(field(account, "AnnualRevenue").orElseThrow().dataType()).isEqualTo(DataTypes.createDecimalType(18, 2));
    assertThat(field(account, "LastActivityDate").orElseThrow().dataType()).isEqualTo(DataTypes.DateType);
    assertThat(field(account, "SystemModstamp").orElseThrow().dataType()).isEqualTo(DataTypes.TimestampType);
    assertThat(field(account, "BillingAddress").orElseThrow().dataType()).isInstanceOf(StructType.class);
    assertThat(Columns.isPii(field(account, "BillingAddress").orElseThrow())).isTrue();
    assertThat(Columns.isPii(field(account, "Industry").orElseThrow())).isFalse();
    assertThat(field(account, "Region__c")).isEmpty();
  }

  @Test
  void metadataIsCdcWithDeletesOnSystemModstampAndAppendForHistory() {
    SalesforceConnector c = connector();
    assertThat(c.metadata("Opportunity", table())).isEqualTo(TableMetadata.cdcWithDeletes("SystemModstamp", "Id"));
    assertThat(c.metadata("OpportunityFieldHistory", table())).isEqualTo(TableMetadata.append("CreatedDate", "Id"));
  }

  @Test
  void customFieldsFromDescribeBecomeTypedColumnsAndConvert() {
    SalesforceConnector c = connector();
    OptionValues include = table("custom_fields", "include");
    StructType schema = c.schema("Account", include);

    assertThat(field(schema, "Region__c").orElseThrow().dataType()).isEqualTo(DataTypes.StringType);
    assertThat(field(schema, "Score__c").orElseThrow().dataType()).isEqualTo(DataTypes.DoubleType);
    assertThat(field(schema, "Renewal_Date__c").orElseThrow().dataType()).isEqualTo(DataTypes.DateType);
    assertThat(field(schema, "Health__c").orElseThrow().dataType()).isEqualTo(DataTypes.createDecimalType(18, 4));
    assertThat(field(c.schema("Account", table("custom_fields", "include", "formula_fields", "exclude")), "Health__c")).isEmpty();

    ReadResult r = c.read("Account", Offset.START, include);
    RowConverter converter = RowConverter.forSchema(schema, "Account", List.of("Id"));
    assertThat(r.records()).hasSize(20);
    assertThat(r.records()).allSatisfy(rec -> {
      assertThat(converter.misfits(rec)).isEmpty();
      assertThat(rec.hasNonNull("Renewal_Date__c")).isTrue();
    });
  }

  @Test
  void customObjectsGetTheirSchemaFromDescribe() {
    SalesforceConnector c = connector("objects", "Invoice__c");

    assertThat(c.listTables()).contains("Account", "Invoice__c");
    StructType invoice = c.schema("Invoice__c", table());
    assertThat(field(invoice, "Amount__c").orElseThrow().dataType()).isEqualTo(DataTypes.createDecimalType(18, 2));
    assertThat(c.metadata("Invoice__c", table())).isEqualTo(TableMetadata.cdcWithDeletes("SystemModstamp", "Id"));
  }

  @Test
  void piiDropRemovesTaggedColumnsFromTheSchemaAndTheQuery() {
    SalesforceConnector c = connector();
    OptionValues drop = table("pii", "drop");
    StructType schema = c.schema("Contact", drop);

    assertThat(schema.fieldNames()).doesNotContain("Name", "FirstName", "LastName", "Email", "Phone",
        "MobilePhone", "MailingAddress", "Description", "Birthdate");
    assertThat(schema.fieldNames()).contains("Id", "AccountId", "SystemModstamp", "LeadSource");
    ReadResult r = c.read("Contact", Offset.START, drop);
    assertThat(r.records()).allSatisfy(rec -> assertThat(rec.has("Email")).isFalse());
    String soql = sim.simulator().requests("/services/data/{v}/queryAll").get(0).query().get("q");
    assertThat(soql).doesNotContain(" Email,", "MobilePhone", "MailingAddress", "Description").contains("LeadSource");
  }

  @Test
  void requiresExactlyOneGrantAndNamesTheOptions() {
    SalesforceConnector both = connector("access_token", "t0k3n-value");

    assertThatThrownBy(() -> both.read("Account", Offset.START, table()))
        .isInstanceOf(UserException.class)
        .hasMessageStartingWith("Cannot connect to Salesforce: set exactly one way to authenticate")
        .hasMessageEndingWith("Options of more than one are set")
        .message().doesNotContain("t0k3n-value");
  }

  @Test
  void refusesAnApiVersionOlderThanBulkQueries() {
    Map<String, String> raw = new HashMap<>(sim.connectionOptions());
    raw.put("api_version", "v46.0");
    assertThatThrownBy(() -> SalesforceOptions.connection().validate(raw))
        .isInstanceOf(UserException.class)
        .hasMessage("Invalid value 'v46.0' for option 'api_version': must be a REST API version "
            + "from v47.0 on, written like v62.0");
  }
}
