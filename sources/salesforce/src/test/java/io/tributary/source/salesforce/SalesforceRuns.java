package io.tributary.source.salesforce;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.api.Offset;
import io.tributary.api.ReadResult;
import io.tributary.simulator.salesforce.SalesforceSimulator;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.stream.Collectors;

/** Drives reads the way the framework does, for the Salesforce tests. */
final class SalesforceRuns {
  private SalesforceRuns() {}

  /** A connector on the wall clock with {@code sim}'s current refresh token and a budget that never waits. */
  static SalesforceConnector connector(SalesforceSimulator sim) {
    Map<String, String> raw = new HashMap<>(sim.connectionOptions());
    raw.put("refresh_token", sim.currentRefreshToken());
    raw.put("requests_per_minute", "100000");
    return new SalesforceConnector(SalesforceOptions.connection().validate(raw), Clock.systemUTC());
  }

  /**
   * Records of every call until a call returns its start offset. The last call's records are the
   * re-read at the watermark (ties are re-read by design; the pipeline de-duplicates by key), kept
   * apart so that tests can assert that the calls before it repeat nothing.
   */
  record Run(List<ObjectNode> records, Offset end, int calls) {
    List<String> ids() {
      return records.stream().map(r -> r.path("Id").asText()).toList();
    }
  }

  /** Calls {@code read(offset, callNumber)} from {@code start} until it reaches a fixed point. */
  static Run drain(BiFunction<Offset, Integer, ReadResult> read, Offset start) {
    List<ObjectNode> all = new ArrayList<>();
    Offset at = start;
    for (int call = 1; call <= 100; call++) {
      ReadResult r = read.apply(at, call);
      Offset.requireForward("t", at, r.endOffset());
      if (r.caughtUp(at)) {
        return new Run(all, at, call);
      }
      all.addAll(r.records());
      at = r.endOffset();
    }
    throw new AssertionError("no fixed point in 100 calls");
  }

  /**
   * Sleeps into the next wall-clock second: changes stamped in the current second reach a reader
   * on the real clock only once that second has closed.
   */
  static void awaitNextSecond() {
    try {
      Thread.sleep(1_100 - Instant.now().getNano() / 1_000_000 % 1_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  static Set<String> idsOf(Set<List<String>> keys) {
    return keys.stream().map(k -> k.get(0)).collect(Collectors.toSet());
  }
}
