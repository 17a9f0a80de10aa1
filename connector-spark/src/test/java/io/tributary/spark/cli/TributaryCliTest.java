package io.tributary.spark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.spark.testing.MemoryDataset;
import java.nio.file.Path;
import java.util.List;
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
        + " api_key, domain, externalOptionsAllowList, lookback_seconds, max_pages_per_batch, per_page, start_date\n");
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
        .contains("\tat io.tributary.spark.cli.ReadCommand.call");
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
      assertThat(run.err()).isEqualTo("error: Unknown command 'ingets'; did you mean 'ingest'?\n"
          + "Run 'tributary --help' for usage.\n");
    });
    assertThat(CliRun.of("ingest", "--spc", "x.json")).satisfies(run -> {
      assertThat(run.exitCode()).isEqualTo(2);
      assertThat(run.err()).startsWith("error: Unknown option '--spc'; did you mean '--spec'?")
          .endsWith("\nRun 'tributary ingest --help' for usage.\n")
          .hasLineCount(2);
    });
  }

  @Test
  void helpIsGeneratedFromEachCommandsOptions() {
    CliRun run = CliRun.of("read", "--help");

    assertThat(run.exitCode()).isZero();
    assertThat(run.err()).isEmpty();
    assertThat(run.out()).startsWith("Usage: tributary read ")
        .contains("--source", "--table", "--option", "--limit", "--verbose", "--help")
        .contains("memory");
    assertThat(CliRun.of("help", "read").out()).isEqualTo(run.out());
  }

  @Test
  void everyCommandHasHelpOnStdout() {
    for (String command : List.of("ingest", "status", "sql", "tables", "read", "check", "reconcile", "completion")) {
      CliRun run = CliRun.of(command, "--help");

      assertThat(run.exitCode()).as(command).isZero();
      assertThat(run.err()).as(command).isEmpty();
      assertThat(run.out()).as(command).startsWith("Usage: tributary " + command);
    }
    assertThat(CliRun.of("ingest", "--help").out())
        .contains("--spec", "--connections", "--warehouse", "--reconcile", "--max-concurrent-tables", "--json");
  }

  @Test
  void topLevelHelpListsEveryCommandAndTheExitCodes() {
    CliRun run = CliRun.of("--help");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).contains("  ingest ", "  status ", "  sql ", "  tables ", "  read ", "  check ",
        "  reconcile ", "  help ", "  completion ");
    assertThat(run.out()).containsPattern("(?m)^ *0 +success")
        .containsPattern("(?m)^ *1 +a table")
        .containsPattern("(?m)^ *2 +a bad spec")
        .containsPattern("(?m)^ *3 +a table paused");
  }

  @Test
  void noCommandPrintsTheUsageOnStderrAndExitsTwo() {
    CliRun run = CliRun.of();

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.out()).isEmpty();
    assertThat(run.err()).startsWith("Usage: tributary ").contains("  ingest ");
  }

  @Test
  void completionPrintsABashScriptCompletingTheCommandsAndOptions() {
    CliRun run = CliRun.of("completion");

    assertThat(run.exitCode()).isZero();
    assertThat(run.err()).isEmpty();
    assertThat(run.out()).startsWith("#!/usr/bin/env bash")
        .contains("complete -F", "tributary")
        .contains("ingest", "status", "check", "--spec", "--warehouse", "--connections");
  }

  @Test
  void aMissingRequiredOptionSaysWhatItIsFor() {
    CliRun run = CliRun.of("ingest", "--warehouse", temp.toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.out()).isEmpty();
    assertThat(run.err()).startsWith("error: Missing option '--spec': ")
        .contains("pipeline_spec")
        .endsWith("\nRun 'tributary ingest --help' for usage.\n")
        .hasLineCount(2);
  }

  @Test
  void aSingleValuedOptionGivenTwiceOrAMalformedValueIsAUsageError() {
    assertThat(CliRun.of("ingest", "--spec", "a.json", "--spec", "b.json")).satisfies(run -> {
      assertThat(run.exitCode()).isEqualTo(2);
      assertThat(run.err()).startsWith("error: Option '--spec' is given twice\n");
    });
    assertThat(CliRun.of("ingest", "--spec", "a.json", "--reconcile", "maybe")).satisfies(run -> {
      assertThat(run.exitCode()).isEqualTo(2);
      assertThat(run.err()).startsWith("error: ").contains("--reconcile", "maybe", "on or off").hasLineCount(2);
    });
    assertThat(CliRun.of("ingest", "--spec", "a.json", "--max-concurrent-tables", "0")).satisfies(run -> {
      assertThat(run.exitCode()).isEqualTo(2);
      assertThat(run.err()).startsWith("error: ").contains("--max-concurrent-tables", "at least 1").hasLineCount(2);
    });
    assertThat(CliRun.of("sql", "SELECT 1", "AS x")).satisfies(run -> {
      assertThat(run.exitCode()).isEqualTo(2);
      assertThat(run.err()).startsWith("error: Expected one query, got 2 arguments; put the whole statement in quotes\n");
    });
  }

  @Test
  void verboseIsTakenAfterTheCommandToo() {
    CliRun run = CliRun.withConnector(KeyedConnectorFactory.class, temp, "read", "--source", "keyed",
        "--table", "tickets", "--option", "domain=acme", "--option", "api_key=wrong-key", "--verbose");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).startsWith("error: Cannot read table 'tickets'").contains("\tat ");
  }
}
