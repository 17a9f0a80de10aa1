package io.tributary.source.chargebee;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.api.Connector;
import io.tributary.api.Offset;
import io.tributary.api.OptionValues;
import io.tributary.api.ReadResult;
import io.tributary.http.HttpSettings;
import io.tributary.simulator.chargebee.ChargebeeSimulator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/** Reads to the fixed point, as the framework does, and keeps what the tests look at. */
final class ChargebeeTestReads {
  private ChargebeeTestReads() {}

  /** A connector on the simulator's clock, with retries that do not wait long. */
  static Connector connector(ChargebeeSimulator sim, Map<String, String> overrides) {
    Map<String, String> raw = new LinkedHashMap<>(sim.connectionOptions());
    raw.putAll(overrides);
    OptionValues options = ChargebeeOptions.connection().validate(raw);
    return new ChargebeeConnector(options, sim.clock(), () -> ChargebeeClient.create(options,
        (HttpSettings.Builder b) -> b.backoff(Duration.ofMillis(5), Duration.ofMillis(20))
            .retries(3, Duration.ofSeconds(5))));
  }

  static Connector connector(ChargebeeSimulator sim) {
    return connector(sim, Map.of());
  }

  static OptionValues tableOptions(Map<String, String> raw) {
    return ChargebeeOptions.table().validate(raw);
  }

  /** Every call's result from {@code start} until a call returns its start offset. */
  static Run toFixedPoint(Offset start, BiFunction<Offset, Integer, ReadResult> read) {
    List<ObjectNode> records = new ArrayList<>();
    List<ObjectNode> parents = new ArrayList<>();
    Offset offset = start;
    for (int call = 0; call < 500; call++) {
      ReadResult result = read.apply(offset, call);
      records.addAll(result.records());
      parents.addAll(result.completeParents());
      if (result.caughtUp(offset)) {
        return new Run(records, parents, offset);
      }
      Offset.requireForward("test", offset, result.endOffset());
      offset = result.endOffset();
    }
    throw new AssertionError("no fixed point after 500 calls from " + start);
  }

  static Run read(Connector connector, String table, Offset start, OptionValues options) {
    return toFixedPoint(start, (offset, call) -> connector.read(table, offset, options));
  }

  static Run readDeletes(Connector connector, String table, Offset start, OptionValues options) {
    return toFixedPoint(start, (offset, call) -> connector.readDeletes(table, offset, options));
  }

  /** What a read to the fixed point delivered. */
  record Run(List<ObjectNode> records, List<ObjectNode> completeParents, Offset end) {
    /** The record with the highest {@code updated_at} per id, as the pipeline keeps it. */
    Map<String, ObjectNode> latestById() {
      Map<String, ObjectNode> latest = new LinkedHashMap<>();
      for (ObjectNode record : records) {
        latest.merge(record.get("id").asText(), record,
            (a, b) -> b.path("updated_at").asLong() >= a.path("updated_at").asLong() ? b : a);
      }
      return latest;
    }
  }
}
