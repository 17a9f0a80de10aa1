package io.tributary.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * For a partition that hands on its records a page at a time: lets a record read again through
 * only when its content changed. A listing reads some records twice (a re-query starts one unit
 * below the last cursor read, so ties at a page's end come again), and a batch whose keys are all
 * distinct is written without de-duplicating them; a record changed while its window was read
 * comes again with its new content, and the writer keeps the newest per key. Holds a key and a
 * hash per record handed on, not the record.
 */
public final class HandedOnce {
  private final Function<ObjectNode, ?> key;
  private final Map<Object, Integer> handed = new HashMap<>();

  /** {@code key} gives a record's primary key, as any value with equals and hashCode. */
  public HandedOnce(Function<ObjectNode, ?> key) {
    this.key = key;
  }

  /**
   * {@code pages} behind this filter: each page goes on with only its {@link #fresh} records, and
   * not at all when none is.
   */
  public Consumer<List<ObjectNode>> before(Consumer<List<ObjectNode>> pages) {
    return page -> {
      List<ObjectNode> fresh = fresh(page);
      if (!fresh.isEmpty()) {
        pages.accept(fresh);
      }
    };
  }

  /** The records of {@code page} not handed on before with the same content, in order. */
  public List<ObjectNode> fresh(List<ObjectNode> page) {
    List<ObjectNode> fresh = new ArrayList<>(page.size());
    for (ObjectNode record : page) {
      int hash = record.hashCode(); // A walk of the whole record: once.
      Integer before = handed.put(key.apply(record), hash);
      if (before == null || before != hash) {
        fresh.add(record);
      }
    }
    return fresh;
  }
}
