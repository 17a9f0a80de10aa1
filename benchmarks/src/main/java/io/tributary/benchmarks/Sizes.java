package io.tributary.benchmarks;

/**
 * How big each figure's workload is. {@link #full()} is what the issue specifies; {@link #quick()}
 * is for a look in a minute or two; {@link #tiny()} is for the smoke test, which checks that every
 * figure runs and yields a value, not what the value is.
 *
 * @param scale multiplies each source's P1 dataset ({@link SourceRig#start}): 10 seeds a few dozen pages per list
 * @param pacedTickets P3's single table
 * @param pacedParents P3's fan-out parents
 * @param latencyMs P3's simulator latency
 * @param converterRecords P4's records per round
 * @param warmups P4's rounds before it measures, so both sides run compiled code
 * @param rounds P4's measured rounds
 * @param endToEndTickets P5's tickets
 * @param heapSmall P6's small ingest
 * @param heapLarge P6's large ingest
 * @param childIngests P6's children ingest through Spark and P7 runs {@code tributary demo} whole in
 *     a JVM of its own; otherwise (the smoke test) P6's children only read through the connector
 *     and one source's demo runs in this JVM: the wiring is checked, not the figures
 */
record Sizes(String name, int scale, int pacedTickets, int pacedParents, int latencyMs, int converterRecords,
    int warmups, int rounds, int endToEndTickets, int heapSmall, int heapLarge, boolean childIngests) {

  static Sizes full() {
    return new Sizes("full", 10, 20_000, 5_000, 300, 100_000, 3, 5, 50_000, 10_000, 1_000_000, true);
  }

  static Sizes quick() {
    return new Sizes("quick", 3, 2_000, 300, 300, 50_000, 1, 3, 5_000, 2_000, 50_000, true);
  }

  static Sizes tiny() {
    return new Sizes("tiny", 1, 300, 20, 20, 2_000, 1, 1, 300, 200, 1_000, false);
  }
}
