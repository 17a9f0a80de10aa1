package io.tributary.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Objects;

/**
 * What one {@link Connector#read} call returns.
 *
 * @param records the records, as JSON objects shaped as the API returned them after the
 *     connector's own reshaping. Never null; may be empty even when more records follow.
 * @param endOffset where the next call starts. Equal to the start offset when the table is caught
 *     up.
 * @param completeParents for a child table ({@link TableMetadata#childOf()}): the parent keys,
 *     as objects holding the child's parent-key columns, whose complete set of children is in
 *     {@code records}. The pipeline replaces those parents' child rows, so a child that vanished
 *     from its parent is deleted. Empty for other tables.
 */
public record ReadResult(List<ObjectNode> records, Offset endOffset, List<ObjectNode> completeParents) {
  public ReadResult {
    records = List.copyOf(records);
    Objects.requireNonNull(endOffset, "endOffset");
    completeParents = List.copyOf(completeParents);
  }

  public ReadResult(List<ObjectNode> records, Offset endOffset) {
    this(records, endOffset, List.of());
  }

  /** True when this call returned its start offset: nothing further to read now. */
  public boolean caughtUp(Offset start) {
    return endOffset.equals(start);
  }
}
