package io.tributary.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

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
 * @param listedAt present when this call finished a listing of the whole table, every list to
 *     its end, that began at this instant: every record changed before it has been returned, by
 *     this call or by the earlier calls of the same listing. A caller that wants what existed when
 *     it began (Spark's {@code Trigger.AvailableNow}) can stop here ({@link #listedSince}) rather
 *     than make one more call only to see its start offset come back. The end offset is unchanged
 *     by it: the next read, in this run or a later one, starts from there as always.
 */
public record ReadResult(List<ObjectNode> records, Offset endOffset, List<ObjectNode> completeParents,
    Optional<Instant> listedAt) {
  public ReadResult {
    records = List.copyOf(records);
    Objects.requireNonNull(endOffset, "endOffset");
    completeParents = List.copyOf(completeParents);
    Objects.requireNonNull(listedAt, "listedAt");
  }

  public ReadResult(List<ObjectNode> records, Offset endOffset, List<ObjectNode> completeParents) {
    this(records, endOffset, completeParents, Optional.empty());
  }

  public ReadResult(List<ObjectNode> records, Offset endOffset) {
    this(records, endOffset, List.of());
  }

  /** This result, saying its call finished a listing of the whole table that began at {@code began}. */
  public ReadResult withListedAt(Instant began) {
    return new ReadResult(records, endOffset, completeParents, Optional.of(began));
  }

  /** This result with other records, such as the same records reshaped or cut: the rest is kept. */
  public ReadResult withRecords(List<ObjectNode> replaced) {
    return new ReadResult(replaced, endOffset, completeParents, listedAt);
  }

  /** True when this call returned its start offset: nothing further to read now. */
  public boolean caughtUp(Offset start) {
    return endOffset.equals(start);
  }

  /**
   * True when this call finished a listing of the whole table that began at or after {@code
   * since}: whatever changed before {@code since} has been read.
   */
  public boolean listedSince(Instant since) {
    return listedAt.isPresent() && !listedAt.get().isBefore(since);
  }
}
