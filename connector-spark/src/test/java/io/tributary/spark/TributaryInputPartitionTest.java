package io.tributary.spark;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.api.ReadPartition;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** A plan becomes as many tasks as there are slots, each with windows spread over the plan. */
class TributaryInputPartitionTest {

  private static List<ReadPartition> plan(int size) {
    return IntStream.range(0, size).mapToObj(i -> new ReadPartition("w" + i, Map.of("lo", String.valueOf(i)), "{}"))
        .toList();
  }

  @Test
  void aPlanLargerThanTheSlotsIsSpreadOverOneTaskPerSlot() {
    List<TributaryInputPartition> tasks = TributaryInputPartition.tasks(plan(9), 2);

    assertThat(tasks).hasSize(2).allSatisfy(t -> assertThat(t.work()).isEqualTo(TributaryInputPartition.Work.PARTITION));
    assertThat(tasks.get(0).partitions()).extracting(ReadPartition::id).containsExactly("w0", "w2", "w4", "w6", "w8");
    assertThat(tasks.get(1).partitions()).extracting(ReadPartition::id).containsExactly("w1", "w3", "w5", "w7");
  }

  @Test
  void aPlanSmallerThanTheSlotsIsOneTaskPerPartition() {
    List<TributaryInputPartition> tasks = TributaryInputPartition.tasks(plan(3), 8);

    assertThat(tasks).extracting(t -> t.partitions().size()).containsExactly(1, 1, 1);
    assertThat(tasks).flatExtracting(TributaryInputPartition::partitions).extracting(ReadPartition::id)
        .containsExactly("w0", "w1", "w2");
  }

  @Test
  void anEmptyPlanIsNoTask() {
    assertThat(TributaryInputPartition.tasks(List.of(), 4)).isEmpty();
  }
}
