package io.tributary.source.freshservice;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.api.Connector;
import io.tributary.api.Offset;
import io.tributary.api.OptionValues;
import io.tributary.api.ReadResult;
import io.tributary.simulator.freshservice.FreshserviceSimulator;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** Drives a connector the way the framework does: read until the end offset equals the start. */
final class FreshserviceReads {
  private static final int MAX_CALLS = 1_000;

  private FreshserviceReads() {}

  /** What one run of a table delivered; {@code completeParents} as the calls reported them. */
  record Run(List<ObjectNode> records, Offset end, int calls, List<ObjectNode> completeParents) {
    List<Long> ids() {
      return records.stream().map(r -> r.path("id").asLong()).toList();
    }

    /** The ticket_id of every complete parent. */
    Set<Long> completeTickets() {
      return completeParents.stream().map(p -> p.path("ticket_id").asLong()).collect(Collectors.toSet());
    }
  }

  static Connector connect(FreshserviceSimulator sim) {
    return connect(sim, Map.of());
  }

  /** A connector on the simulator's clock, so "the moment the read started" is simulator time. */
  static Connector connect(FreshserviceSimulator sim, Map<String, String> overrides) {
    Map<String, String> raw = new HashMap<>(sim.connectionOptions());
    raw.putAll(overrides);
    OptionValues options = FreshserviceOptions.connection().validate(raw);
    return new FreshserviceConnectorFactory().create(options, sim.clock());
  }

  static OptionValues tableOptions(Map<String, String> raw) {
    return FreshserviceOptions.table().validate(raw);
  }

  static Run records(Connector connector, String table, Offset start, Map<String, String> options) {
    return run(connector, table, start, tableOptions(options), false, r -> {});
  }

  /** {@link #records}, calling {@code betweenCalls} with each call's result before the next call. */
  static Run records(Connector connector, String table, Offset start, Map<String, String> options,
      java.util.function.Consumer<ReadResult> betweenCalls) {
    return run(connector, table, start, tableOptions(options), false, betweenCalls);
  }

  static Run deletes(Connector connector, String table, Offset start, Map<String, String> options) {
    return run(connector, table, start, tableOptions(options), true, r -> {});
  }

  private static Run run(Connector connector, String table, Offset start, OptionValues options, boolean deletes,
      java.util.function.Consumer<ReadResult> betweenCalls) {
    List<ObjectNode> records = new ArrayList<>();
    List<ObjectNode> completeParents = new ArrayList<>();
    Offset offset = start;
    for (int calls = 1; calls <= MAX_CALLS; calls++) {
      ReadResult result = deletes
          ? connector.readDeletes(table, offset, options)
          : connector.read(table, offset, options);
      records.addAll(result.records());
      completeParents.addAll(result.completeParents());
      betweenCalls.accept(result);
      if (result.caughtUp(offset)) {
        return new Run(records, offset, calls, completeParents);
      }
      Offset.requireForward(table, offset, result.endOffset());
      offset = result.endOffset();
    }
    throw new AssertionError("table " + table + " did not reach a fixed point in " + MAX_CALLS + " calls");
  }
}
