package io.tributary.spark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tributary check}: one line per connection, exit 0 only when every one works, no secret shown. */
class CheckCommandTest {
  private static final String WRONG_KEY = "wrong-key-4471";

  @TempDir Path temp;

  @Test
  void printsOneLinePerConnectionAndExitsTwoWhenOneFails() throws IOException {
    Path connections = connections();

    CliRun run = CliRun.withConnector(KeyedConnectorFactory.class, temp, "check", "--connections", connections.toString());

    assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
    assertThat(run.out().lines().toList()).satisfiesExactly(
        line -> assertThat(line).matches("FAIL bad_key +Cannot check connection: the provider rejected the"
            + " credentials; check api_key"),
        line -> assertThat(line).matches("FAIL down +Cannot check connection: down\\.keyed\\.example answered 503"),
        line -> assertThat(line).matches("ok   good +authenticated on acme\\.keyed\\.example"),
        line -> assertThat(line).matches("FAIL in_memory +cannot check: .+"),
        line -> assertThat(line).matches("FAIL missing_domain +Missing option 'domain': .+"));
    assertThat(run.err()).isEmpty();
    assertThat(run.out() + run.err()).doesNotContain(WRONG_KEY).doesNotContain(KeyedConnectorFactory.GOOD_KEY);
  }

  @Test
  void checksOnlyTheNamedConnectionAndExitsZeroWhenItWorks() throws IOException {
    CliRun run = CliRun.withConnector(KeyedConnectorFactory.class, temp,
        "check", "--connections", connections().toString(), "--connection", "good");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).matches("ok +good +authenticated on acme\\.keyed\\.example\n");
    assertThat(run.out()).doesNotContain(KeyedConnectorFactory.GOOD_KEY);
  }

  @Test
  void anUnknownConnectionNameIsAUsageErrorListingTheKnownOnes() throws IOException {
    CliRun run = CliRun.withConnector(KeyedConnectorFactory.class, temp,
        "check", "--connections", connections().toString(), "--connection", "godo");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.out()).isEmpty();
    assertThat(run.err()).startsWith("error: Unknown connection 'godo' for --connection: ")
        .contains("bad_key, down, good, in_memory, missing_domain")
        .endsWith("\nRun 'tributary check --help' for usage.\n");
  }

  @Test
  void aMissingConnectionsFileIsOneLineAndExitTwo() {
    CliRun run = CliRun.of("check", "--connections", temp.resolve("nope.json").toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.out()).isEmpty();
    assertThat(run.err()).startsWith("error: Cannot read connections file ").contains("nope.json").hasLineCount(1);
  }

  private Path connections() throws IOException {
    return Files.writeString(temp.resolve("connections.json"), """
        {"good": {"source": "keyed", "options": {"domain": "acme", "api_key": "%s"}},
         "bad_key": {"source": "keyed", "options": {"domain": "acme", "api_key": "%s"}},
         "down": {"source": "keyed", "options": {"domain": "down", "api_key": "%s"}},
         "missing_domain": {"source": "keyed", "options": {"api_key": "%s"}},
         "in_memory": {"source": "memory", "options": {"dataset": "check", "api_key": "%s"}}}
        """.formatted(KeyedConnectorFactory.GOOD_KEY, WRONG_KEY, KeyedConnectorFactory.GOOD_KEY, WRONG_KEY, WRONG_KEY));
  }
}
