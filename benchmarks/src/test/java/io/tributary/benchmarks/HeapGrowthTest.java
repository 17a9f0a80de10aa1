package io.tributary.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class HeapGrowthTest {
  @Test
  void thePeakIsTheLargestHeapAfterAFullCollectionNotAfterAYoungOne() {
    String log = """
        [1.0s][info][gc] GC(1) Pause Young (Allocation Failure) 300M->120M(858M) 10.0ms
        [2.0s][info][gc] GC(2) Pause Full (System.gc()) 130M->90M(858M) 100.0ms
        [3.0s][info][gc] GC(3) Pause Young (Allocation Failure) 700M->610M(858M) 20.0ms
        [4.0s][info][gc] GC(4) Pause Full (Allocation Failure) 900M->1G(1G) 300.0ms
        [5.0s][info][gc] GC(5) Pause Full (System.gc()) 200M->95M(858M) 100.0ms
        """;

    assertThat(HeapGrowth.peakAfterGc(log)).isEqualTo(1L << 30);
    assertThat(HeapGrowth.peakAfterGc(log.replace("900M->1G(1G)", "900M->92M(858M)"))).isEqualTo(95L << 20);
  }

  @Test
  void aLogWithoutAFullCollectionCannotBeMeasured() {
    assertThatThrownBy(() -> HeapGrowth.peakAfterGc("[1.0s][info][gc] GC(1) Pause Young (Allocation Failure) 300M->120M(858M) 10.0ms"))
        .hasMessageContaining("no full collection");
  }
}
