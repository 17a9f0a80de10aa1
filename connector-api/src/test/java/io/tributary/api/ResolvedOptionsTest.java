package io.tributary.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ResolvedOptionsTest {
  private static final ConnectorFactory FACTORY = new ConnectorFactory() {
    @Override
    public String name() {
      return "toy";
    }

    @Override
    public OptionSet connectionOptions() {
      return OptionSet.of(
          OptionDef.string("api_key").secret().required().doc("The API key."),
          CommonOptions.hostLabel("domain", "https://{label}.toy.example"));
    }

    @Override
    public OptionSet tableOptions() {
      return CommonOptions.tableOptions(100, 50);
    }

    @Override
    public Connector create(OptionValues connectionOptions) {
      throw new UnsupportedOperationException();
    }
  };

  @Test
  void splitsAMapOfBothByTheDeclaredNamesIgnoringCase() {
    ResolvedOptions resolved = ResolvedOptions.resolve(FACTORY, "tickets",
        Map.of("API_KEY", "k-1", "domain", "acme", "Per_Page", "5"), List.of());

    assertThat(resolved.problems()).isEmpty();
    assertThat(resolved.connection().string("api_key")).isEqualTo("k-1");
    assertThat(resolved.table().integer("per_page")).isEqualTo(5);
    assertThat(resolved.table().integer("max_pages_per_batch")).isEqualTo(50);
  }

  @Test
  void refusesAMisspeltAndAnOutOfRangeTableOptionOnceEachNamingOptionAndTable() {
    ResolvedOptions resolved = ResolvedOptions.resolve(FACTORY, "tickets",
        Map.of("api_key", "k-1", "domain", "acme", "per_page", "500", "lookback_secs", "0"), List.of("tableName"));

    assertThat(resolved.problems()).extracting(OptionProblem::message).containsExactly(
        "Unknown option 'lookback_secs'; did you mean 'lookback_seconds'? Valid options: api_key, domain, "
            + "externalOptionsAllowList, lookback_seconds, max_pages_per_batch, per_page, start_date, tableName "
            + "(table 'tickets')",
        "Invalid value 500 for option 'per_page': must be between 1 and 100 (table 'tickets')");
    assertThat(resolved.table().integer("per_page")).as("the refused value's default").isEqualTo(50);
  }

  @Test
  void aTableMapGivenApartIsCheckedAgainstTheTableOptionsOnly() {
    ResolvedOptions resolved = ResolvedOptions.connection(FACTORY, Map.of("domain", "acme.toy.example"))
        .withTable(FACTORY, "tickets", Map.of("api_key", "k-1"), List.of("scd_type"));

    assertThat(resolved.connectionProblems()).extracting(OptionProblem::kind)
        .containsExactly(OptionProblem.Kind.MISSING, OptionProblem.Kind.INVALID);
    assertThat(resolved.tableProblems()).extracting(OptionProblem::message).containsExactly(
        "Unknown option 'api_key'. Valid options: lookback_seconds, max_pages_per_batch, per_page, scd_type, "
            + "start_date (table 'tickets')");
  }

  @Test
  void missingCredentialsStillListTablesButCannotRead() {
    ResolvedOptions resolved = ResolvedOptions.resolve(FACTORY, "tickets", Map.of("domain", "acme"), List.of());

    assertThat(resolved.requireDescribable().connection().optional("api_key")).isEmpty();
    assertThatThrownBy(resolved::requireComplete)
        .isInstanceOf(UserException.class)
        .hasMessage("Missing option 'api_key': it is required (The API key.)");
  }

  @Test
  void allowListRefusesTableOptionsItDoesNotNameEvenWhereTheConnectorDoesNotDeclareIt() {
    ResolvedOptions resolved = ResolvedOptions.resolve(FACTORY, "tickets", Map.of("api_key", "k-1", "domain", "acme",
        "externalOptionsAllowList", "per_page,start_date", "per_page", "10", "lookback_seconds", "0"), List.of());

    assertThat(resolved.problems()).extracting(OptionProblem::message).containsExactly(
        "Cannot set option 'lookback_seconds' for table 'tickets': the connection's "
            + "externalOptionsAllowList permits only per_page, start_date");
    assertThat(resolved.table().integer("per_page")).isEqualTo(10);
  }

  @Test
  void resolvedValuesTravelSerializedWithTheirDefinitions() throws Exception {
    ResolvedOptions resolved = ResolvedOptions.resolve(FACTORY, "tickets",
        Map.of("api_key", "k-secret", "domain", "acme", "start_date", "2024-01-31T00:00:00Z"), List.of());

    ResolvedOptions copy = roundTrip(resolved);

    assertThat(copy.table().asMap()).isEqualTo(resolved.table().asMap());
    assertThat(copy.table().instant("start_date")).isEqualTo(resolved.table().instant("start_date"));
    assertThat(copy.connection().toString()).contains("api_key=*****").doesNotContain("k-secret");
    assertThat(copy.connection().definitions().definitions().get(1).check("acme.toy.example"))
        .as("the domain's hint, a lambda, works after the trip")
        .hasValueSatisfying(m -> assertThat(m).contains("pass 'acme'"));
  }

  private static ResolvedOptions roundTrip(ResolvedOptions options) throws IOException, ClassNotFoundException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(options);
    }
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      return (ResolvedOptions) in.readObject();
    }
  }
}
