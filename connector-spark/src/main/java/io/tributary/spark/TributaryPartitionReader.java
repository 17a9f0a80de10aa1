package io.tributary.spark;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.api.Connector;
import io.tributary.api.InternalException;
import io.tributary.api.Offset;
import io.tributary.api.PartitionedReads;
import io.tributary.api.ReadMetrics;
import io.tributary.api.ReadPartition;
import io.tributary.api.ReadResult;
import io.tributary.api.rows.RowConverter;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Function;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.JoinedRow;
import org.apache.spark.sql.connector.metric.CustomTaskMetric;
import org.apache.spark.sql.connector.read.PartitionReader;

/**
 * Reads one {@link TributaryInputPartition} on an executor, converting records as it goes. A
 * batch read ({@link TributaryInputPartition.Work#READ_ALL}) fetches one connector call at a time,
 * and planned partitions ({@link TributaryInputPartition.Work#PARTITION}) one page at a time, read
 * side by side beside the task ({@link PartitionPages}), so a large table or window never sits in
 * memory whole.
 * A call that returns its start offset means the feed is caught up; records it returned were
 * delivered by earlier calls, so they are not repeated.
 */
final class TributaryPartitionReader implements PartitionReader<InternalRow> {
  private final ReadContext context;
  private final TributaryInputPartition partition;
  private final RowConverter converter;
  private final boolean changes;
  private Connector connector;
  private Offset position = Offset.START;
  private final ListingTracker listing = new ListingTracker();
  /** When this reader began reading the table: a listing that began later and finished read it all. */
  private final java.time.Instant began = java.time.Instant.now();
  private boolean exhausted;
  /** For {@link TributaryInputPartition.Work#PARTITION}: its pages, read beside this task. */
  private PartitionPages pages;
  /** The connector partitions a task reads at once, at most; more wait for one of them to end. */
  static final int READS_AT_ONCE = 16;
  /** For {@link TributaryInputPartition.Work#PARTITION}: the reading threads' connectors, and the idle ones. */
  private final List<Connector> partitionConnectors = new CopyOnWriteArrayList<>();
  private final ConcurrentLinkedQueue<Connector> idle = new ConcurrentLinkedQueue<>();
  private Iterator<ObjectNode> records = Collections.emptyIterator();
  private Iterator<ObjectNode> parents = Collections.emptyIterator();
  /** For {@link TributaryInputPartition.Work#CACHED}: rows the driver converted. */
  private Iterator<? extends InternalRow> convertedRecords = Collections.emptyIterator();
  private Iterator<? extends InternalRow> convertedParents = Collections.emptyIterator();
  private InternalRow current;
  private long recordCount;
  private boolean closed;

  TributaryPartitionReader(ReadContext context, TributaryInputPartition partition) {
    this.context = context;
    this.partition = partition;
    this.converter = context.converter();
    this.changes = context.options().mode() == ReadMode.CHANGES;
  }

  @Override
  public boolean next() {
    while (true) {
      if (convertedRecords.hasNext()) {
        current = changeRow(convertedRecords.next(), partition.feed().changeType());
        recordCount++;
        return true;
      }
      if (convertedParents.hasNext()) {
        current = changeRow(convertedParents.next(), ChangeType.PARENT_REFRESH);
        return true;
      }
      if (records.hasNext()) {
        current = row(records.next(), partition.feed().changeType());
        recordCount++;
        return true;
      }
      if (parents.hasNext()) {
        current = row(parents.next(), ChangeType.PARENT_REFRESH);
        return true;
      }
      if (exhausted) {
        return false;
      }
      fetch();
    }
  }

  @Override
  public InternalRow get() {
    return current;
  }

  private void fetch() {
    switch (partition.work()) {
      case CACHED -> {
        convertedRecords = partition.records().iterator();
        convertedParents = changes ? partition.parents().iterator() : Collections.emptyIterator();
        exhausted = true;
      }
      case READ_ONCE -> {
        take(partition.feed().read(connector(), context.table(), Offset.fromJson(partition.startOffset()), context.tableValues()));
        exhausted = true;
      }
      case PARTITION -> {
        if (pages == null) {
          pages = PartitionPages.start("tributary " + context.table() + " partitions " + partition.ids(),
              partition.partitions().stream()
                  .<Function<Consumer<List<ObjectNode>>, ReadResult>>map(p -> handOn -> readPartition(p, handOn))
                  .toList(), READS_AT_ONCE);
        }
        List<ObjectNode> page = pages.next();
        if (page != null) {
          take(page, List.of());
        } else {
          take(List.of(), pages.results().stream().flatMap(r -> r.completeParents().stream()).toList());
          exhausted = true;
        }
      }
      case READ_ALL -> {
        listing.starting(position);
        ReadResult result = partition.feed().read(connector(), context.table(), position, context.tableValues());
        if (result.caughtUp(position)) {
          exhausted = true;
        } else {
          take(result);
          exhausted = listing.returnedToListingStart(position, result.endOffset()) || result.listedSince(began);
          position = result.endOffset();
        }
      }
    }
  }

  private void take(ReadResult result) {
    take(result.records(), result.completeParents());
  }

  private void take(List<ObjectNode> newRecords, List<ObjectNode> newParents) {
    records = handedOnce(newRecords);
    parents = changes ? handedOnce(newParents) : Collections.emptyIterator();
  }

  /**
   * The records, each let go of as it is handed out: a read call's records are many (a
   * partition's window, a batch's pages), their JSON trees several times the size of the rows they
   * become, and the list they came in would keep every one alive until the last is converted.
   */
  private static Iterator<ObjectNode> handedOnce(List<ObjectNode> read) {
    java.util.ArrayDeque<ObjectNode> left = new java.util.ArrayDeque<>(read);
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        return !left.isEmpty();
      }

      @Override
      public ObjectNode next() {
        ObjectNode next = left.poll();
        if (next == null) {
          throw new java.util.NoSuchElementException();
        }
        return next;
      }
    };
  }

  private InternalRow row(ObjectNode record, ChangeType type) {
    return changeRow(converter.convert(record), type);
  }

  private InternalRow changeRow(InternalRow row, ChangeType type) {
    return changes ? new JoinedRow(row, type.row()) : row;
  }

  /**
   * Reads one of this task's connector partitions, on a reading thread, through a connector of
   * that thread's own: a connector need not be safe for use by several threads at once.
   */
  private ReadResult readPartition(ReadPartition part, Consumer<List<ObjectNode>> handOn) {
    Connector reading = idle.poll();
    if (reading == null) {
      reading = context.options().connect();
      partitionConnectors.add(reading);
    }
    try {
      if (!(reading instanceof PartitionedReads reader)) {
        throw new InternalException("Cannot read partition " + part.id() + " of table '" + context.table()
            + "': the connector on this executor does not plan partitions");
      }
      return reader.readPartition(context.table(), part, context.tableValues(), handOn);
    } finally {
      idle.add(reading);
    }
  }

  private Connector connector() {
    if (connector == null) {
      connector = context.options().connect();
    }
    return connector;
  }

  @Override
  public CustomTaskMetric[] currentMetricsValues() {
    long[] driver = partition.driverCounters();
    ReadMetrics metrics = new ReadMetrics(driver[0], driver[1], driver[2], 0, Map.of());
    if (connector != null) {
      metrics = metrics.plus(connector.metrics());
    }
    for (Connector reading : partitionConnectors) {
      metrics = metrics.plus(reading.metrics());
    }
    return TributaryMetrics.values(recordCount, metrics, converter.rescuedValues() + driver[3]);
  }

  @Override
  public void close() {
    if (pages != null) {
      pages.close();
    }
    for (Connector reading : partitionConnectors) {
      context.spent(reading.metrics());
      reading.close();
    }
    partitionConnectors.clear();
    if (connector != null && !closed) {
      closed = true;
      // Only this task's own calls: records fetched on the driver were tallied there.
      context.spent(connector.metrics());
      connector.close();
    }
  }
}
