package io.tributary.source.salesforce;

import static io.tributary.source.salesforce.SalesforceRuns.idsOf;
import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.api.DelegatesAuth;
import io.tributary.api.OptionValues;
import io.tributary.simulator.SimClock;
import io.tributary.simulator.salesforce.SalesforceSimulator;
import io.tributary.testkit.SeparateJvm;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Spark driver and its executors as separate JVMs ({@link SeparateJvm}), against a simulator
 * that rotates the refresh token on every redemption, as Salesforce does with rotation on: only
 * the driver redeems the grant, and executors read with the access token it delegates.
 */
class SalesforceDelegationTest {
  private final SalesforceSimulator sim = SalesforceSimulator.start(11, 300);
  private final String configuredRefreshToken = sim.currentRefreshToken();

  @AfterEach
  void close() {
    sim.close();
  }

  private Map<String, String> raw(String refreshToken, Path tokenFile) {
    Map<String, String> raw = new HashMap<>(sim.connectionOptions());
    raw.put("refresh_token", refreshToken);
    raw.put("refresh_token_file", tokenFile.toString());
    raw.put("requests_per_minute", "100000");
    return raw;
  }

  private static OptionValues table() {
    return SalesforceOptions.table().validate(Map.of("bulk_threshold", "0", "lookback_seconds", "0", "batch_size", "200"));
  }

  private static byte[] ship(OptionValues connection, String table) {
    return SeparateJvm.serialize(connection, table(), table);
  }

  private static Map<String, Object> onExecutor(byte[] shipped) {
    try (SeparateJvm executor = SeparateJvm.start()) {
      return executor.run(ExecutorTask.class, shipped);
    }
  }

  @Test
  void executorsReadingConcurrentlyWithRotationNeverRedeemTheRefreshToken(@TempDir Path dir) throws Exception {
    Path tokenFile = dir.resolve("sf_refresh_token");
    OptionValues driverOptions = SalesforceOptions.connection().validate(raw(configuredRefreshToken, tokenFile));
    OptionValues shipped;
    try (var driver = new SalesforceConnectorFactory().create(driverOptions)) {
      shipped = ((DelegatesAuth) driver).delegate();
    }
    byte[] accounts = ship(shipped, "Account");
    byte[] contacts = ship(shipped, "Contact");

    CompletableFuture<Map<String, Object>> first = CompletableFuture.supplyAsync(() -> onExecutor(accounts));
    CompletableFuture<Map<String, Object>> second = CompletableFuture.supplyAsync(() -> onExecutor(contacts));

    assertThat(first.get()).doesNotContainKey("error");
    assertThat(second.get()).doesNotContainKey("error");
    assertThat(first.get().get("ids")).asList().containsExactlyInAnyOrderElementsOf(idsOf(sim.liveKeys("Account")));
    assertThat(second.get().get("ids")).asList().containsExactlyInAnyOrderElementsOf(idsOf(sim.liveKeys("Contact")));
    assertThat(sim.refusedGrants()).as("invalid_grant answers").isZero();
    assertThat(sim.tokenRequests()).as("the driver's one redemption").isEqualTo(1);
    assertThat(Files.readString(tokenFile)).isEqualTo(sim.currentRefreshToken()).isNotEqualTo(configuredRefreshToken);

    // The next run, another driver JVM, starts from the file the first one wrote.
    byte[] nextRun = ship(SalesforceOptions.connection().validate(raw(Files.readString(tokenFile), tokenFile)), "Account");
    Map<String, Object> next = onExecutor(nextRun);
    assertThat(next).doesNotContainKey("error");
    assertThat(next.get("grant")).isEqualTo("refresh token");
    assertThat(sim.refusedGrants()).isZero();
    assertThat(Files.readString(tokenFile)).isEqualTo(sim.currentRefreshToken());
  }

  /**
   * The failure the delegation prevents, and the proof that separate class loaders reproduce it:
   * executors given the driver's own options each redeem the configured refresh token, and the
   * second finds it rotated out. (In one class loader the JVM-wide token registry would hide it.)
   */
  @Test
  void executorsThatRedeemTheRefreshTokenThemselvesBreakEachOther(@TempDir Path dir) {
    OptionValues driverOptions = SalesforceOptions.connection().validate(raw(configuredRefreshToken, dir.resolve("t")));

    Map<String, Object> first = onExecutor(ship(driverOptions, "Account"));
    Map<String, Object> second = onExecutor(ship(driverOptions, "Contact"));

    assertThat(first).doesNotContainKey("error");
    assertThat(second.get("error")).asString().contains("invalid_grant")
        .contains("check client_id, client_secret and refresh_token");
    assertThat(sim.refusedGrants()).isPositive();
  }

  @Test
  void theExecutorNeverHoldsTheRefreshTokenClientSecretOrGrant(@TempDir Path dir) {
    OptionValues driverOptions = SalesforceOptions.connection().validate(raw(configuredRefreshToken, dir.resolve("t")));
    OptionValues shipped;
    try (var driver = new SalesforceConnectorFactory().create(driverOptions)) {
      shipped = ((DelegatesAuth) driver).delegate();
    }
    String accessToken = shipped.delegatedToken().orElseThrow().accessToken();
    byte[] bytes = ship(shipped, "Account");
    String wire = new String(bytes, StandardCharsets.ISO_8859_1);

    Map<String, Object> executor = onExecutor(bytes);

    assertThat(wire).doesNotContain(SalesforceSimulator.CLIENT_SECRET, configuredRefreshToken, sim.currentRefreshToken());
    assertThat(executor).doesNotContainKey("error");
    assertThat(executor.get("grant")).isEqualTo("delegated access token");
    assertThat(executor.get("options")).asList()
        .doesNotContain("client_secret", "refresh_token", "private_key", "access_token").contains("client_id");
    assertThat(executor.get("secrets")).asList().containsExactly(accessToken);
    assertThat(executor.get("toString")).asString().doesNotContain(accessToken).contains("delegated token=*****");
    assertThat(shipped.toString()).doesNotContain(accessToken, SalesforceSimulator.CLIENT_SECRET, configuredRefreshToken);
    assertThat(shipped.delegatedToken().orElseThrow().toString()).doesNotContain(accessToken);
    assertThat(sim.tokenRequests()).isEqualTo(1);
  }

  @Test
  void aRejectedDelegatedTokenFailsTheTaskRetryablyAndTheNextPlanShipsAFreshOne(@TempDir Path dir) {
    SimClock clock = SimClock.startingNow();
    OptionValues driverOptions = SalesforceOptions.connection().validate(raw(configuredRefreshToken, dir.resolve("t")));
    var driver = new SalesforceConnector(driverOptions, clock);
    byte[] planned = ship(driver.delegate(), "Account");
    sim.expireSessions();

    Map<String, Object> failed = onExecutor(planned);
    Map<String, Object> retried = onExecutor(planned);

    assertThat(failed.get("errorType")).isEqualTo("ExternalException");
    assertThat(failed.get("retryable")).isEqualTo(true);
    assertThat(failed.get("error")).asString()
        .startsWith("Cannot go on with the access token the Spark driver delegated")
        .contains("Salesforce rejected it (401)").contains("the driver delegates a fresh token when it plans the read again");
    assertThat(retried.get("errorType")).as("a task retry ships the same token").isEqualTo("ExternalException");
    assertThat(sim.tokenRequests()).as("no executor redeemed the grant").isEqualTo(1);

    // A plan made a while later (a re-planned micro-batch, the next run) delegates a new token.
    clock.advance(Duration.ofMinutes(6));
    Map<String, Object> replanned = onExecutor(ship(driver.delegate(), "Account"));
    driver.close();

    assertThat(replanned).doesNotContainKey("error");
    assertThat(replanned.get("ids")).asList().containsExactlyInAnyOrderElementsOf(idsOf(sim.liveKeys("Account")));
    assertThat(sim.tokenRequests()).isEqualTo(2);
    assertThat(sim.refusedGrants()).isZero();
  }

  @Test
  void aYoungTokenIsDelegatedAgainWithoutRedeemingTheGrant(@TempDir Path dir) {
    OptionValues driverOptions = SalesforceOptions.connection().validate(raw(configuredRefreshToken, dir.resolve("t")));
    var driver = new SalesforceConnector(driverOptions, Clock.systemUTC());

    List<String> tokens = List.of(driver.delegate(), driver.delegate(), driver.delegate()).stream()
        .map(o -> o.delegatedToken().orElseThrow().accessToken()).distinct().toList();
    driver.close();

    assertThat(tokens).hasSize(1);
    assertThat(sim.tokenRequests()).isEqualTo(1);
  }
}
