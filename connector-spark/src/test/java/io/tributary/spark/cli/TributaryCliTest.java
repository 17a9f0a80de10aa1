package io.tributary.spark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.spark.testing.MemoryDataset;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The commands that need no Spark: tables, read, usage and error reporting. */
class TributaryCliTest {
  @TempDir Path temp;

  @Test
  void tablesListsIngestionTypeKeysCursorAndParentWithoutCredentials() {
    CliRun run = CliRun.withConnector(KeyedConnectorFactory.class, temp, "tables", "--source", "keyed");

    assertThat(run.err()).isEmpty();
    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).isEqualTo("""
        keyed: A test connector that needs credentials
        TABLE         INGESTION         PRIMARY KEYS   CURSOR      PARENT
        agents        snapshot          id             -           -
        tickets       cdc_with_deletes  id             updated_at  -
        ticket_notes  cdc               ticket_id, id  updated_at  tickets
        """);
  }

  @Test
  void tablesRejectsAnUnknownOptionNamingTheClosestOne() {
    CliRun run = CliRun.withConnector(KeyedConnectorFactory.class, temp,
        "tables", "--source", "keyed", "--option", "api_kye=x");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.out()).isEmpty();
    assertThat(run.err()).isEqualTo("error: Unknown option 'api_kye'; did you mean 'api_key'? Valid options:"
        + " api_key, domain, lookback_seconds, max_pages_per_batch, per_page, start_date (source 'keyed')\n");
  }

  @Test
  void tablesWithoutSourceNamesTheAvailableConnectors() {
    CliRun run = CliRun.withConnector(KeyedConnectorFactory.class, temp, "tables");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err())
        .startsWith("error: Missing option '--source': name a connector; available: keyed, ")
        .contains("memory")
        .endsWith("\nRun 'tributary tables --help' for usage.\n");
  }

  @Test
  void readPrintsRecordsAsJsonLinesStoppingAtTheLimit() {
    MemoryDataset data = MemoryDataset.create("cli-read");
    for (int id = 1; id <= 5; id++) {
      data.put("items", "{\"id\":" + id + ",\"name\":\"item " + id + "\",\"price\":2.25}");
    }

    CliRun run = CliRun.of("read", "--source", "memory", "--table", "items",
        "--option", "dataset=cli-read", "--option", "per_page=2", "--limit", "3");

    assertThat(run.err()).isEmpty();
    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).isEqualTo("""
        {"id":1,"name":"item 1","price":2.25}
        {"id":2,"name":"item 2","price":2.25}
        {"id":3,"name":"item 3","price":2.25}
        """);
  }

  @Test
  void readWithRejectedCredentialsPrintsOneLineAndNoStackTrace() {
    CliRun run = CliRun.withConnector(KeyedConnectorFactory.class, temp, "read", "--source", "keyed",
        "--table", "tickets", "--option", "domain=acme", "--option", "api_key=wrong-key");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.out()).isEmpty();
    assertThat(run.err()).isEqualTo(
        "error: Cannot read table 'tickets': the provider rejected the credentials; check api_key\n");
  }

  @Test
  void verboseAddsTheStackTrace() {
    CliRun run = CliRun.withConnector(KeyedConnectorFactory.class, temp, "--verbose", "read", "--source",
        "keyed", "--table", "tickets", "--option", "domain=acme", "--option", "api_key=wrong-key");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err())
        .startsWith("error: Cannot read table 'tickets'")
        .contains("io.tributary.api.UserException")
        .contains("\tat io.tributary.spark.cli.ReadCommand.run");
  }

  @Test
  void readWithoutRequiredCredentialsListsEveryMissingOption() {
    CliRun run = CliRun.withConnector(KeyedConnectorFactory.class, temp,
        "read", "--source", "keyed", "--table", "tickets");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).isEqualTo("""
        error: 2 problems:
          - Missing option 'api_key': it is required (The API key.)
          - Missing option 'domain': it is required (The account's subdomain.)
        """);
  }

  @Test
  void readRejectsANonPositiveLimit() {
    CliRun run = CliRun.of("read", "--source", "memory", "--table", "items", "--limit", "0");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).startsWith("error: Invalid value '0' for '--limit': must be a positive whole number\n");
  }

  @Test
  void readOfAnUnknownTableNamesTheValidOnes() {
    MemoryDataset.create("cli-unknown-table");

    CliRun run = CliRun.of("read", "--source", "memory", "--table", "itmes", "--option", "dataset=cli-unknown-table");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).isEqualTo("error: Cannot use table 'itmes': no such table; valid tables are"
        + " items, tickets, contacts, events, conversations\n");
  }

  @Test
  void anUnknownConnectorNamesTheAvailableOnes() {
    CliRun run = CliRun.of("tables", "--source", "freshsevice");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err())
        .startsWith("error: Invalid value 'freshsevice' for option 'source': no such connector; available: ")
        .contains("memory")
        .hasLineCount(1);
  }

  @Test
  void anUnknownCommandOrFlagExitsTwoPointingAtHelp() {
    assertThat(CliRun.of("ingets")).satisfies(run -> {
      assertThat(run.exitCode()).isEqualTo(2);
      assertThat(run.err()).isEqualTo("error: Unknown command 'ingets'\nRun 'tributary --help' for usage.\n");
    });
    assertThat(CliRun.of("ingest", "--spc", "x.json")).satisfies(run -> {
      assertThat(run.exitCode()).isEqualTo(2);
      assertThat(run.err()).startsWith("error: Unknown option '--spc'; did you mean '--spec'?");
    });
  }

  @Test
  void helpPrintsUsageOnStdoutAndExitsZero() {
    CliRun run = CliRun.of("read", "--help");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).startsWith("Usage: tributary read --source NAME --table TABLE");
    assertThat(run.err()).isEmpty();
  }
}
