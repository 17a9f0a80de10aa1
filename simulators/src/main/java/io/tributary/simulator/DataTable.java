package io.tributary.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.api.Json;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * One collection of simulated records, kept in id order. It is both what the endpoints serve and
 * the ground truth tests compare a connector's output with. All methods are thread-safe and
 * return copies.
 */
public final class DataTable {
  private final String name;
  private final TableLayout layout;
  private final SimClock clock;
  private final Random random;
  private final TreeMap<Long, ObjectNode> rows = new TreeMap<>();
  private final TreeMap<Long, Instant> hardDeleted = new TreeMap<>();
  private long nextId = 1;

  DataTable(String name, TableLayout layout, SimClock clock, Random random) {
    this.name = name;
    this.layout = layout;
    this.clock = clock;
    this.random = random;
  }

  public String name() {
    return name;
  }

  public TableLayout layout() {
    return layout;
  }

  /**
   * Adds {@code count} records with deliberate ties: every {@code tieGroup} consecutive records
   * share one updated timestamp, spread evenly over the {@code span} before the clock's now (the
   * newest group at now). Created timestamps lie up to 30 days before the updated ones.
   */
  public synchronized List<ObjectNode> seed(int count, int tieGroup, Duration span, RecordFactory factory) {
    if (tieGroup < 1) {
      throw new IllegalArgumentException("tieGroup must be at least 1, got " + tieGroup);
    }
    int groups = (count + tieGroup - 1) / tieGroup;
    Instant now = clock.instant();
    long stepSeconds = groups <= 1 ? 0 : Math.max(1, span.toSeconds() / (groups - 1));
    List<ObjectNode> added = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      long id = nextId++;
      ObjectNode record = factory.create(id, random);
      Instant updated = now.minusSeconds(stepSeconds * (groups - 1 - i / tieGroup));
      Instant created = updated.minusSeconds(random.nextInt(30 * 24 * 3600));
      stamp(record, id, created, updated);
      rows.put(id, record);
      added.add(record.deepCopy());
    }
    return added;
  }

  /** {@link #seed(int, int, Duration, RecordFactory)} with ties of 3 over 60 days. */
  public List<ObjectNode> seed(int count, RecordFactory factory) {
    return seed(count, 3, Duration.ofDays(60), factory);
  }

  /** Inserts a record made by {@code factory}, created and updated now. Returns it. */
  public synchronized ObjectNode insert(RecordFactory factory) {
    long id = nextId++;
    ObjectNode record = factory.create(id, random);
    stamp(record, id, clock.instant(), clock.instant());
    rows.put(id, record);
    return record.deepCopy();
  }

  /**
   * Applies {@code change} to the record and bumps its updated timestamp to now. The table keeps a
   * changed copy: a record once stored is never changed, so a listing may sort and page the stored
   * records themselves ({@link #selectStored}).
   */
  public synchronized ObjectNode update(long id, Consumer<ObjectNode> change) {
    ObjectNode record = require(id).deepCopy();
    change.accept(record);
    if (layout.updatedField() != null) {
      record.set(layout.updatedField(), layout.timeFormat().write(clock.instant()));
    }
    rows.put(id, record);
    return record.deepCopy();
  }

  /** Flags the record deleted and bumps its updated timestamp; it stays listable on request. */
  public synchronized void softDelete(long id) {
    if (layout.deletedFlag() == null) {
      throw new IllegalStateException(
          "Cannot soft-delete from table '" + name + "': its layout has no deleted flag");
    }
    update(id, r -> r.put(layout.deletedFlag(), true));
  }

  /** Removes the record: the API no longer knows it. */
  public synchronized void hardDelete(long id) {
    require(id);
    rows.remove(id);
    hardDeleted.put(id, clock.instant());
  }

  /** Ids of live records (neither soft- nor hard-deleted), ascending. */
  public synchronized List<Long> ids() {
    return rows.values().stream().filter(r -> !isSoftDeleted(r))
        .map(r -> r.get(layout.idField()).asLong()).toList();
  }

  /** {@code n} distinct live ids drawn from the dataset's seeded random. */
  public synchronized List<Long> pickIds(int n) {
    List<Long> live = new ArrayList<>(ids());
    List<Long> picked = new ArrayList<>();
    while (picked.size() < n && !live.isEmpty()) {
      picked.add(live.remove(random.nextInt(live.size())));
    }
    return picked;
  }

  public synchronized Optional<ObjectNode> find(long id) {
    return Optional.ofNullable(rows.get(id)).map(ObjectNode::deepCopy);
  }

  /** Live records, in id order. */
  public synchronized List<ObjectNode> records() {
    return select(r -> !isSoftDeleted(r));
  }

  /** Every record the API still knows, soft-deleted ones included, in id order. */
  public synchronized List<ObjectNode> allRecords() {
    return select(r -> true);
  }

  /** Records matching {@code filter}, in id order. */
  public synchronized List<ObjectNode> select(Predicate<ObjectNode> filter) {
    return rows.values().stream().filter(filter).map(ObjectNode::deepCopy).toList();
  }

  /**
   * The stored records matching {@code filter}, in id order, not copied: the caller must not change
   * them, and copies what it hands out. For listings, which keep a page of a large table.
   */
  synchronized List<ObjectNode> selectStored(Predicate<ObjectNode> filter) {
    return rows.values().stream().filter(filter).toList();
  }

  /** Ids of soft- and hard-deleted records, ascending. */
  public synchronized List<Long> deletedIds() {
    TreeMap<Long, Boolean> ids = new TreeMap<>();
    rows.values().stream().filter(this::isSoftDeleted)
        .forEach(r -> ids.put(r.get(layout.idField()).asLong(), true));
    hardDeleted.keySet().forEach(id -> ids.put(id, true));
    return List.copyOf(ids.keySet());
  }

  /** When each hard-deleted id was removed. */
  public synchronized Map<Long, Instant> hardDeletedAt() {
    return Map.copyOf(hardDeleted);
  }

  /**
   * The key set of live records over {@code fields} (each value as text), the ground truth a
   * conformance test's {@code expectedKeys} returns. Without fields, the id field.
   */
  public synchronized Set<List<String>> keys(String... fields) {
    String[] keyFields = fields.length == 0 ? new String[] {layout.idField()} : fields;
    Set<List<String>> keys = new LinkedHashSet<>();
    for (ObjectNode record : records()) {
      List<String> key = new ArrayList<>();
      for (String field : keyFields) {
        JsonNode value = record.get(field);
        key.add(value == null || value.isNull() ? null : value.asText());
      }
      keys.add(key);
    }
    return keys;
  }

  public synchronized int size() {
    return rows.size();
  }

  boolean isSoftDeleted(ObjectNode record) {
    return layout.deletedFlag() != null && record.path(layout.deletedFlag()).asBoolean(false);
  }

  private void stamp(ObjectNode record, long id, Instant created, Instant updated) {
    ObjectNode ordered = Json.object();
    ordered.put(layout.idField(), id);
    ordered.setAll(record);
    record.removeAll();
    record.setAll(ordered);
    if (layout.createdField() != null) {
      record.set(layout.createdField(), layout.timeFormat().write(created));
    }
    if (layout.updatedField() != null) {
      record.set(layout.updatedField(), layout.timeFormat().write(updated));
    }
    if (layout.deletedFlag() != null && !record.has(layout.deletedFlag())) {
      record.put(layout.deletedFlag(), false);
    }
  }

  private ObjectNode require(long id) {
    ObjectNode record = rows.get(id);
    if (record == null) {
      throw new IllegalArgumentException("Cannot find record " + id + " in table '" + name + "'");
    }
    return record;
  }
}
