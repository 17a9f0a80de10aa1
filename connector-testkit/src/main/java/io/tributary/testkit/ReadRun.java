package io.tributary.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.api.Offset;
import io.tributary.api.ReadResult;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The read calls of one table from a start offset to its fixed point: the call that returns its
 * start offset. Offsets are recorded, not judged; the offsets check judges them.
 */
record ReadRun(String table, String what, List<Step> steps, boolean reachedFixedPoint) {
  /** One call: its start offset and what it returned. */
  record Step(Offset start, ReadResult result) {}

  interface Reader {
    ReadResult read(Offset start);
  }

  /** Reads until a call returns its start offset, or {@code maxCalls} calls; see {@link #complete}. */
  static ReadRun attempt(String table, String what, Offset start, int maxCalls, Reader reader) {
    List<Step> steps = new ArrayList<>();
    Offset current = start;
    for (int call = 0; call < maxCalls; call++) {
      ReadResult result = reader.read(current);
      steps.add(new Step(current, result));
      if (result.caughtUp(current)) {
        return new ReadRun(table, what, steps, true);
      }
      current = result.endOffset();
    }
    return new ReadRun(table, what, steps, false);
  }

  /**
   * Reads until a call returns its start offset or an offset this run already returned, within
   * {@code maxCalls} calls. With one small page per call a read may never return its start offset:
   * when the ties at its watermark fill more than a page, it pages through them and comes back to
   * the watermark, and so on. Reaching an offset again means every later call repeats calls made,
   * so the run has read all it would.
   *
   * @throws AssertionError naming the table when neither happens
   */
  static ReadRun untilRepeat(String table, String what, Offset start, int maxCalls, Reader reader) {
    List<Step> steps = new ArrayList<>();
    Set<Offset> seen = new java.util.HashSet<>();
    seen.add(start);
    Offset current = start;
    for (int call = 0; call < maxCalls; call++) {
      ReadResult result = reader.read(current);
      steps.add(new Step(current, result));
      if (!seen.add(result.endOffset())) {
        return new ReadRun(table, what, steps, true);
      }
      current = result.endOffset();
    }
    return new ReadRun(table, what, steps, false).complete();
  }

  /** {@link #attempt} that must reach its fixed point. */
  static ReadRun toFixedPoint(String table, String what, Offset start, int maxCalls, Reader reader) {
    return attempt(table, what, start, maxCalls, reader).complete();
  }

  /**
   * This run, when it reached its fixed point.
   *
   * @throws AssertionError naming the table and the last two offsets otherwise
   */
  ReadRun complete() {
    if (!reachedFixedPoint) {
      int n = steps.size();
      throw new AssertionError("Cannot reach a fixed point " + what + " of table '" + table + "' within "
          + n + " calls; the last calls went from " + steps.get(Math.max(0, n - 2)).start() + " to "
          + steps.get(n - 1).start() + " to " + steps.get(n - 1).result().endOffset());
    }
    return this;
  }

  List<ObjectNode> records() {
    return steps.stream().flatMap(s -> s.result().records().stream()).toList();
  }

  /** The parent keys the calls reported complete: {@link ReadResult#completeParents()}. */
  List<ObjectNode> completeParents() {
    return steps.stream().flatMap(s -> s.result().completeParents().stream()).toList();
  }

  /** Records returned by the calls before step {@code index}. */
  List<ObjectNode> recordsBefore(int index) {
    return steps.subList(0, index).stream().flatMap(s -> s.result().records().stream()).toList();
  }

  Set<List<String>> keys(List<String> keyFields) {
    return keysOf(records(), keyFields);
  }

  static Set<List<String>> keysOf(List<ObjectNode> records, List<String> keyFields) {
    Set<List<String>> keys = new LinkedHashSet<>();
    for (ObjectNode record : records) {
      keys.add(keyOf(record, keyFields));
    }
    return keys;
  }

  static List<String> keyOf(ObjectNode record, List<String> keyFields) {
    List<String> key = new ArrayList<>();
    for (String field : keyFields) {
      JsonNode value = record.get(field);
      key.add(value == null || value.isNull() ? null : value.asText());
    }
    return key;
  }
}
