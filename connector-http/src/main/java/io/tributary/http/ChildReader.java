package io.tributary.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Optional;

/**
 * Reads the children of one parent record for {@link IncrementalListing#readChildren}: the child
 * table of a parent whose listing is incremental (the conversations of tickets changed since the
 * watermark), and for {@link SnapshotFanOut}. Typically backed by a {@link ChildFanOut}.
 */
public interface ChildReader {
  /** The parent's children, or empty when the parent is gone and was skipped. */
  Optional<List<ObjectNode>> children(ObjectNode parent);

  /**
   * The child table's parent-key columns for {@code parent}, such as {@code {"ticket_id": 7}}: a
   * parent whose children were all read is reported in {@code ReadResult#completeParents()}.
   */
  ObjectNode parentKey(ObjectNode parent);

  /**
   * False for a table that is not declared a child ({@code TableMetadata#childOf()} empty) but is
   * still read per parent: its parents are then not reported as complete.
   */
  default boolean reportsParents() {
    return true;
  }

  /**
   * How many parents' children may be read at once; 1 (the default) reads them one after another.
   * Return the client's {@link HttpSettings#maxConcurrentRequests()}: then {@link #children} is
   * called from several threads, and the answers are still assembled in the parents' order.
   */
  default int concurrency() {
    return 1;
  }
}
