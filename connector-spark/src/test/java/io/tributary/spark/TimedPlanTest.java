package io.tributary.spark;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.api.Connector;
import io.tributary.api.Offset;
import io.tributary.api.OptionValues;
import io.tributary.api.ReadMetrics;
import io.tributary.api.ReadPartition;
import io.tributary.api.ReadResult;
import io.tributary.api.TableMetadata;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** A plan is read several partitions a task only when its planning showed a slow provider. */
class TimedPlanTest {

  /** A connector whose "requests" take {@code latency} and whose limiter made it wait {@code throttled}. */
  private static final class Timed implements Connector {
    long requests;
    long throttledMillis;
    /** Null for a connector that does not count its answer time. */
    Long answerMillis;

    @Override
    public List<String> listTables() {
      return List.of("t");
    }

    @Override
    public StructType schema(String table, OptionValues tableOptions) {
      return new StructType();
    }

    @Override
    public TableMetadata metadata(String table, OptionValues tableOptions) {
      return TableMetadata.snapshot("id");
    }

    @Override
    public ReadResult read(String table, Offset start, OptionValues tableOptions) {
      return new ReadResult(List.of(), start);
    }

    @Override
    public ReadMetrics metrics() {
      return new ReadMetrics(requests, 0, throttledMillis, 0,
          answerMillis == null ? Map.of() : Map.of(ReadMetrics.ANSWER_MILLIS, answerMillis));
    }

    List<ReadPartition> plan(int probes, long latencyMillis, long throttled) {
      for (int i = 0; i < probes; i++) {
        try {
          Thread.sleep(latencyMillis + throttled / probes);
        } catch (InterruptedException e) {
          throw new IllegalStateException(e);
        }
        requests++;
      }
      throttledMillis += throttled;
      return IntStream.range(0, 6).mapToObj(i -> new ReadPartition("w" + i, Map.of(), "{}")).toList();
    }

    /** {@code rounds} rounds of {@code inFlight} requests answered together after {@code latencyMillis}. */
    List<ReadPartition> planInRounds(int rounds, int inFlight, long latencyMillis) {
      answerMillis = 0L;
      for (int i = 0; i < rounds; i++) {
        try {
          Thread.sleep(latencyMillis);
        } catch (InterruptedException e) {
          throw new IllegalStateException(e);
        }
        requests += inFlight;
        answerMillis += inFlight * latencyMillis;
      }
      return IntStream.range(0, 6).mapToObj(i -> new ReadPartition("w" + i, Map.of(), "{}")).toList();
    }
  }

  /**
   * Probes in flight together: the planning's wall time over its requests (150 ms ÷ 4) would call
   * the provider fast and read one partition a task, two at a time on two slots.
   */
  @Test
  void aSlowProviderProbedSeveralAtOnceIsStillTakenForSlow() {
    Timed connector = new Timed();

    TimedPlan plan = TimedPlan.of(connector, () -> connector.planInRounds(2, 4, 150));

    assertThat(plan.perRequest()).isGreaterThanOrEqualTo(Duration.ofMillis(150));
    assertThat(plan.tasks(2)).hasSize(2).allSatisfy(t -> assertThat(t.partitions()).hasSize(3));
  }

  @Test
  void aSlowProvidersPlanIsReadSideBySideInAsManyTasksAsSlots() {
    Timed connector = new Timed();

    TimedPlan plan = TimedPlan.of(connector, () -> connector.plan(3, 150, 0));

    assertThat(plan.perRequest()).isGreaterThanOrEqualTo(Duration.ofMillis(150));
    assertThat(plan.tasks(2)).hasSize(2).allSatisfy(t -> assertThat(t.partitions()).hasSize(3));
  }

  @Test
  void aFastProvidersPlanIsOneTaskAPartition() {
    Timed connector = new Timed();

    TimedPlan plan = TimedPlan.of(connector, () -> connector.plan(3, 5, 0));

    assertThat(plan.perRequest()).isLessThan(TimedPlan.SLOW);
    assertThat(plan.tasks(2)).hasSize(6).allSatisfy(t -> assertThat(t.partitions()).hasSize(1));
  }

  @Test
  void waitingForTheRateLimiterIsNotTakenForAProvidersLatency() {
    Timed connector = new Timed();

    TimedPlan plan = TimedPlan.of(connector, () -> connector.plan(3, 5, 900));

    assertThat(plan.perRequest()).isLessThan(TimedPlan.SLOW);
    assertThat(plan.tasks(2)).hasSize(6);
  }
}
