package io.tributary.examples.tutorial;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.api.Connector;
import io.tributary.api.ConnectorFactory;
import io.tributary.api.Offset;
import io.tributary.api.OptionValues;
import io.tributary.api.ReadResult;
import io.tributary.api.UserException;
import io.tributary.simulator.LoggedRequest;
import io.tributary.simulator.Simulator;
import io.tributary.testkit.ConnectorConformanceTest;
import io.tributary.testkit.FaultTarget;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.HashMap;
import java.util.function.Consumer;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The tutorial source passes the conformance kit against its declared simulator, like every
 * product source, and its few hand-checked behaviours hold: the extra header, the bearer token,
 * body-field paging across pages, a token kept out of every message.
 */
class HarvestTutorialTest extends ConnectorConformanceTest {
  /**
   * The kit makes thousands of calls (small pages, a resume from every offset, faults), which at
   * Harvest's 100 per 15 s would take minutes: here the simulator and the connection allow more.
   * The 15-second window itself is shown by RateLimiterTest and the simulator's own tests.
   */
  static final Simulator SIM = HarvestSimulator.start(120, 100_000);

  @AfterAll
  static void stop() {
    SIM.close();
  }

  @Override
  protected ConnectorFactory factory() {
    return new HarvestSource.Factory();
  }

  @Override
  protected Map<String, String> connectionOptions() {
    Map<String, String> options = new HashMap<>(HarvestSimulator.connectionOptions(SIM));
    options.put(HarvestSource.REQUESTS_PER_15_SECONDS, "100000");
    return options;
  }

  @Override
  protected Optional<Set<List<String>>> expectedKeys(String table) {
    return Optional.of(SIM.dataset().table(table).keys());
  }

  /** Time entries, the big table: 429s, 5xx and resets must not change what a read returns. */
  @Override
  protected Optional<FaultTarget> faultTarget() {
    return Optional.of(new FaultTarget("time_entries", "/v2/time_entries", SIM.faults()));
  }

  @Override
  protected Optional<Simulator> simulator() {
    return Optional.of(SIM);
  }

  /** A record is updated a second later, as a user editing it between two page requests. */
  @Override
  protected Optional<Consumer<ObjectNode>> updateBetweenPages(String table) {
    return Optional.of(record -> {
      SIM.clock().advance(Duration.ofSeconds(1));
      SIM.dataset().table(table).update(record.get("id").asLong(), r -> { });
    });
  }

  @Test
  void sendsTheAccountHeaderAndBearerTokenAndFollowsLinksNextAcrossPages() {
    ConnectorFactory factory = factory();
    Set<Long> ids = new java.util.TreeSet<>();
    try (Connector c = factory.create(connectionOptions())) {
      OptionValues options = factory.tableOptions().validate(Map.of("per_page", "25"));
      Offset offset = Offset.START;
      for (int call = 0; call < 50; call++) {
        ReadResult result = c.read("time_entries", offset, options);
        result.records().forEach(r -> ids.add(r.path("id").asLong()));
        if (result.caughtUp(offset)) {
          break;
        }
        offset = result.endOffset();
      }
    }
    assertThat(ids).hasSize(SIM.dataset().table("time_entries").records().size());
    // The simulator answers 200 only to the right bearer token; the log keeps no Authorization.
    // This read's requests, by its page size: a check before it may still have one in flight.
    List<LoggedRequest> mine = SIM.requests("/v2/time_entries").stream()
        .filter(r -> "25".equals(r.query().get("per_page"))).toList();
    assertThat(mine).hasSizeGreaterThanOrEqualTo(5)
        .allSatisfy(r -> assertThat(r.status()).isEqualTo(200))
        .allSatisfy(r -> assertThat(r.headers()).containsEntry("harvest-account-id", HarvestSimulator.ACCOUNT))
        .anySatisfy(r -> assertThat(r.query()).containsEntry("page", "5"));
  }

  @Test
  void aWrongAccountIsRefusedWithoutShowingTheToken() {
    Map<String, String> options = new HashMap<>(connectionOptions());
    options.put(HarvestSource.ACCOUNT_ID, "999");
    ConnectorFactory factory = factory();
    try (Connector c = factory.create(options)) {
      assertThatThrownBy(c::check).hasMessageNotContaining(HarvestSimulator.TOKEN).hasMessageContaining("403");
    }
    assertThatThrownBy(() -> factory.create(Map.of(HarvestSource.ACCOUNT_ID, "acme")))
        .isInstanceOf(UserException.class).hasMessageContaining("access_token").hasMessageContaining("account_id");
  }
}
