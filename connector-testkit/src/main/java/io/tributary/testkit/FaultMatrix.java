package io.tributary.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.api.Connector;
import io.tributary.api.Offset;
import io.tributary.api.OptionValues;
import io.tributary.api.TributaryException;
import io.tributary.http.HttpSettings;
import io.tributary.simulator.Fault;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;

/**
 * Reads one representative table of a connector through every fault a SaaS API or the proxies in
 * front of it produce, and holds each outcome to what a user can trust: a fault injected once ends
 * in a retry that delivers the same records; a persistent fault, and any 401, 403 or 404, ends in
 * one line that names the table and the cause, repeats no record value and no secret, within a
 * bounded time.
 *
 * <p>Timeouts, attempts and backoff are shortened for the whole JVM while a scenario runs, through
 * {@link HttpSettings#tuneForTests}: no source exposes them as options, and a hung connection at the
 * production read timeout of 60 s would cost minutes. The outcomes and their wall times are written
 * to {@code target/fault-matrix.md}.
 */
final class FaultMatrix {
  static final Duration READ_TIMEOUT = Duration.ofMillis(250);
  /** How long a hung connection stays silent: well past the read timeout. */
  static final Duration HANG = Duration.ofMillis(700);
  /**
   * The whole-request bound: half a second above the 1 s a {@code Retry-After: 1} asks for, so the
   * attempt after that wait has room on a loaded machine.
   */
  static final Duration BOUND = Duration.ofMillis(1_500);
  static final int ATTEMPTS = 6;
  /** What a whole read may take under one fault: the bound, plus the other requests of the read. */
  static final Duration LIMIT = Duration.ofSeconds(8);
  private static final int PERSISTENT = 1_000;

  enum Expect { RETRIED, FAILS }

  /**
   * One fault, injected {@code times} times on the target's path.
   *
   * @param cause text the error must hold to say what went wrong; null when the source words it
   */
  record Scenario(String name, Fault fault, int times, Expect expect, String cause) {}

  private record Row(String fault, String outcome, Duration wall) {}

  private final ConnectorConformanceTest test;
  private final FaultTarget target;
  private final List<Row> rows = new ArrayList<>();
  private Set<List<String>> baseline;

  FaultMatrix(ConnectorConformanceTest test, FaultTarget target) {
    this.test = test;
    this.target = target;
  }

  static List<Scenario> scenarios() {
    List<Scenario> all = new ArrayList<>();
    all.add(new Scenario("429 with Retry-After, once", Fault.tooManyRequests(1), 1, Expect.RETRIED, null));
    transientFault(all, "429 without Retry-After", Fault.status(429), "429");
    for (int status : new int[] {500, 502, 503, 504}) {
      transientFault(all, String.valueOf(status), Fault.status(status), String.valueOf(status));
    }
    transientFault(all, "connection reset", Fault.connectionReset(), "last error");
    transientFault(all, "hung connection", Fault.slow(HANG), "timeout after");
    transientFault(all, "malformed JSON", Fault.malformedJson(), "not JSON");
    transientFault(all, "HTML page with 200", Fault.htmlErrorPage(200), "HTML page titled");
    transientFault(all, "empty body with 200", Fault.emptyBody(200), "an empty body");
    all.add(new Scenario("body without the envelope", Fault.withoutEnvelope(), PERSISTENT, Expect.FAILS, null));
    for (int status : new int[] {401, 403, 404}) {
      all.add(new Scenario(String.valueOf(status), Fault.status(status), PERSISTENT, Expect.FAILS,
          String.valueOf(status)));
    }
    // Last, because a Retry-After pauses the connection's limiter, and with it every later scenario.
    // A wait longer than the bound fails at once, naming the bound, instead of sleeping into it.
    all.add(new Scenario("429 with Retry-After, persistent", Fault.tooManyRequests(5), PERSISTENT, Expect.FAILS,
        "429"));
    return all;
  }

  private static void transientFault(List<Scenario> all, String name, Fault fault, String cause) {
    all.add(new Scenario(name + ", once", fault, 1, Expect.RETRIED, null));
    all.add(new Scenario(name + ", persistent", fault, PERSISTENT, Expect.FAILS, cause));
  }

  /** A fault-free read first, then one test per scenario, then the report. */
  List<DynamicNode> tests() {
    List<DynamicNode> nodes = new ArrayList<>();
    nodes.add(DynamicTest.dynamicTest("fault-free read of " + target.table(), () -> {
      baseline = tuned(() -> readWith(null).keys);
      assertThat(baseline).as("records of %s without faults", target.table()).isNotEmpty();
    }));
    List<Scenario> chosen = scenarios().stream().filter(s -> test.runsFaultScenario(s.name())).toList();
    for (Scenario scenario : chosen) {
      nodes.add(DynamicTest.dynamicTest(Suite.label(target.table(), scenario.name()), () -> run(scenario)));
    }
    nodes.add(DynamicTest.dynamicTest("report", () -> report(chosen.size())));
    return nodes;
  }

  /** A read that returned: its keys, the retries the connector counted, and faults left unused. */
  private record Outcome(Set<List<String>> keys, long retries, int records, int unusedFaults) {}

  private void run(Scenario scenario) {
    if (baseline == null) {
      throw new AssertionError("Cannot judge '" + scenario.name() + "': the fault-free read of "
          + target.table() + " did not succeed");
    }
    target.faults().clear();
    target.faults().next(target.path(), scenario.times(), scenario.fault());
    long started = System.nanoTime();
    Outcome outcome = null;
    RuntimeException failure = null;
    try {
      outcome = tuned(() -> readWith(scenario));
    } catch (RuntimeException e) {
      failure = e;
    } finally {
      target.faults().clear();
    }
    Duration wall = Duration.ofNanos(System.nanoTime() - started);
    String line = failure != null ? String.valueOf(failure.getMessage())
        : scenario.expect() == Expect.RETRIED
            ? "retried ok (" + outcome.retries() + (outcome.retries() == 1 ? " retry, " : " retries, ")
                + outcome.records() + " records)"
            : "no error: the read returned " + outcome.records() + " records";
    Optional<String> defect = Optional.ofNullable(target.knownDefects().get(scenario.name()));
    AssertionError judged = null;
    try {
      judge(scenario, wall, outcome, failure);
    } catch (AssertionError e) {
      judged = e;
    }
    if (defect.isPresent()) {
      rows.add(new Row(scenario.name(), "KNOWN DEFECT (" + defect.get() + "): " + line, wall));
      if (judged == null) {
        throw new AssertionError("Cannot keep '" + scenario.name() + "' as a known defect of "
            + test.factory().name() + ": it passes now; remove it from the fault target");
      }
      return;
    }
    rows.add(new Row(scenario.name(), judged == null ? line : "FAILED: " + line, wall));
    if (judged != null) {
      throw judged;
    }
  }

  private void judge(Scenario scenario, Duration wall, Outcome outcome, RuntimeException failure) {
    assertThat(wall).as("time %s of %s took", scenario.name(), target.table()).isLessThan(LIMIT);
    if (scenario.expect() == Expect.RETRIED) {
      if (failure != null) {
        throw new AssertionError("Cannot read " + target.table() + " through one " + scenario.name() + ": "
            + failure.getMessage(), failure);
      }
      assertThat(outcome.unusedFaults()).as("faults of '%s' left unused: is %s the path %s reads?",
          scenario.name(), target.path(), target.table()).isZero();
      assertThat(outcome.keys()).as("keys of %s after one %s", target.table(), scenario.name()).isEqualTo(baseline);
      assertThat(outcome.retries()).as("retries counted after one %s", scenario.name()).isGreaterThanOrEqualTo(1);
      return;
    }
    if (failure == null) {
      throw new AssertionError("Cannot accept a read of " + target.table() + " that ends without an error under a "
          + "persistent " + scenario.name() + ": it returned " + outcome.records() + " records of "
          + baseline.size() + (outcome.unusedFaults() == scenario.times()
              ? "; the fault never struck: is " + target.path() + " the path it reads?" : ""));
    }
    assertThat(failure).as("the read of %s under a persistent %s", target.table(), scenario.name())
        .isInstanceOf(TributaryException.class);
    String message = failure.getMessage();
    assertThat(message).as("the error of a persistent %s", scenario.name())
        .doesNotContain("\n")
        .doesNotContain(Fault.RECORD_EMAIL)
        .doesNotContain(Fault.RECORD_NAME);
    if (target.tableNotNamed().isEmpty()) {
      assertThat(message).as("the error of a persistent %s", scenario.name()).contains("'" + target.table() + "'");
    } else {
      assertThat(message).as("the error of a persistent %s, which names no table", scenario.name())
          .containsPattern(Pattern.quote(target.path()).replaceAll("\\{[^}/]*\\}", "\\\\E[^/ ]+\\\\Q"));
    }
    if (scenario.cause() != null) {
      assertThat(message).as("the error of a persistent %s", scenario.name()).contains(scenario.cause());
    }
    for (String secret : secrets()) {
      assertThat(message).as("the error of a persistent %s", scenario.name()).doesNotContain(secret);
    }
  }

  private Outcome readWith(Scenario scenario) {
    try (Connector connector = test.factory().create(test.connectionOptions())) {
      OptionValues options = test.validatedTableOptions(test.tableOptions(target.table()));
      List<String> keyFields = connector.metadata(target.table(), options).primaryKeys();
      ReadRun run = ReadRun.toFixedPoint(target.table(), "under " + (scenario == null ? "no fault" : scenario.name()),
          Offset.START, test.maxCallsToFixedPoint(), start -> connector.read(target.table(), start, options));
      return new Outcome(run.keys(keyFields), connector.metrics().retries(), run.records().size(),
          target.faults().pending());
    }
  }

  private List<String> secrets() {
    return test.factory().connectionOptions().validate(test.connectionOptions()).secretValues().stream()
        .filter(s -> s.length() >= 4).toList();
  }

  /** Runs {@code body} with timeouts, attempts and backoff shortened for tests; see the class doc. */
  static <T> T tuned(Supplier<T> body) {
    try (HttpSettings.TuningScope tuning = HttpSettings.tuneForTests(b -> b
        .timeouts(READ_TIMEOUT, READ_TIMEOUT, BOUND)
        .retries(ATTEMPTS, BOUND)
        .backoff(Duration.ofMillis(10), Duration.ofMillis(40)))) {
      return body.get();
    }
  }

  private void report(int scenarios) {
    String source = test.factory().name();
    StringBuilder md = new StringBuilder();
    md.append("Fault matrix of ").append(source).append(", table '").append(target.table()).append("' (read timeout ")
        .append(READ_TIMEOUT.toMillis()).append(" ms, ").append(ATTEMPTS).append(" attempts, bound ")
        .append(BOUND.toMillis()).append(" ms per request)\n\n");
    target.tableNotNamed().ifPresent(why -> md.append("Known defect: the errors do not name the table; ")
        .append(why).append("\n\n"));
    md.append("| source | fault | outcome | wall time |\n|---|---|---|---|\n");
    long total = 0;
    for (Row row : rows) {
      total += row.wall().toMillis();
      md.append("| ").append(source).append(" | ").append(row.fault()).append(" | ")
          .append(row.outcome().replace("|", "\\|")).append(" | ")
          .append(String.format(Locale.ROOT, "%.2f s", row.wall().toMillis() / 1000.0)).append(" |\n");
    }
    md.append(String.format(Locale.ROOT, "\nTotal %.1f s for %d faults.%n", total / 1000.0, rows.size()));
    System.out.println(md);
    try {
      Path dir = Path.of("target");
      Files.createDirectories(dir);
      Files.writeString(dir.resolve("fault-matrix.md"), md);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write target/fault-matrix.md", e);
    }
    assertThat(rows).as("scenarios reported").hasSize(scenarios)
        .noneMatch(row -> row.outcome().startsWith("FAILED: "));
  }
}
