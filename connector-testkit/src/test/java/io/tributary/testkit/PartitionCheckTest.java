package io.tributary.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The partition check passes a connector whose partitions hold the sequential read, and fails one whose windows overlap or lose a record. */
class PartitionCheckTest {
  private static final String CHECK = "tickets/" + Checks.PARTITIONS;

  private static Map<String, String> run(PartitionedToySuite.Split split) {
    PartitionedToySuite.split = split;
    try {
      return SuiteOutcomes.of(PartitionedToySuite.class);
    } finally {
      PartitionedToySuite.split = PartitionedToySuite.Split.CORRECT;
    }
  }

  @Test
  void passesPartitionsThatTogetherHoldTheSequentialRead() {
    assertThat(run(PartitionedToySuite.Split.CORRECT)).containsEntry(CHECK, "ok");
  }

  @Test
  void failsPartitionsThatReadOneKeyTwice() {
    assertThat(run(PartitionedToySuite.Split.OVERLAPPING).get(CHECK))
        .contains("Cannot accept table 'tickets' (" + Checks.PARTITIONS + "): key [2] was read by partition even and by odd");
  }

  @Test
  void failsPartitionsThatLoseARecord() {
    assertThat(run(PartitionedToySuite.Split.LOSES_ONE).get(CHECK))
        .contains("Cannot match the keys of table 'tickets'").contains("1 missing");
  }
}
