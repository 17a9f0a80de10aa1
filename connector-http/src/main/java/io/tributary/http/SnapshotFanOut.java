package io.tributary.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.api.CommonOptions;
import io.tributary.api.Offset;
import io.tributary.api.OptionValues;
import io.tributary.api.ReadResult;
import io.tributary.api.UserException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Reads a snapshot child table, such as the requested items of every service request: each run
 * lists every parent through every parent list, one after another, and asks each parent for its
 * children. The pass is resumable anywhere, between two parents of one page included.
 *
 * <ul>
 *   <li>One call reads at most {@code max_pages_per_batch} pages, counting each parent page and
 *       each parent asked.
 *   <li>Parent pages of the current pass are kept in a {@link PageCache}, so a resumed or replayed
 *       call lists nothing again; a pass from {@link Offset#START} clears it.
 *   <li>The children of the parents a call reads of one page are read at once, up to {@link
 *       ChildReader#concurrency()}, and assembled in the parents' order.
 *   <li>A parent whose children were read is reported in {@link ReadResult#completeParents()}; one
 *       gone since it was listed (the {@link ChildReader} answers empty) is not.
 * </ul>
 *
 * The offset's state ({@code list}, {@code parents_next}, {@code parent}, {@code done}) is this
 * class's own; a source never names it.
 */
public final class SnapshotFanOut {

  private final String table;
  private final int maxPagesPerBatch;
  private final PageCache parentPages;

  public SnapshotFanOut(String table, int maxPagesPerBatch, PageCache parentPages) {
    this.table = table;
    this.maxPagesPerBatch = maxPagesPerBatch;
    this.parentPages = parentPages;
  }

  /** Reads {@code max_pages_per_batch} from {@code tableOptions} (default 50 when not declared). */
  public static SnapshotFanOut of(String table, OptionValues tableOptions, PageCache parentPages) {
    return new SnapshotFanOut(table, Listings.intOption(tableOptions, CommonOptions.MAX_PAGES_PER_BATCH, 50), parentPages);
  }

  /**
   * Reads on from {@code start}.
   *
   * @param parentLists one per parent list, in the same order every call: fetches the page for a
   *     token (empty for the list's first)
   * @throws UserException when {@code start} names a parent list this call does not have
   */
  public ReadResult read(Offset start, List<Function<Optional<String>, Page>> parentLists, ChildReader children) {
    return TableContext.reading(table, () -> readInContext(start, parentLists, children));
  }

  private ReadResult readInContext(Offset start, List<Function<Optional<String>, Page>> lists, ChildReader children) {
    if (OffsetKey.DONE.in(start).isPresent()) {
      return new ReadResult(List.of(), start);
    }
    if (start.isStart()) {
      parentPages.clear();
    }
    Position at = Position.of(table, start, lists.size());
    List<ObjectNode> records = new ArrayList<>();
    List<ObjectNode> complete = new ArrayList<>();
    int pages = 0;
    while (true) {
      Position page = at;
      Page parents = parentPages.get(table + "|" + page.list() + "|" + page.token().orElse(""),
          () -> lists.get(page.list()).apply(page.token()));
      pages++;
      List<ObjectNode> onPage = parents.records();
      // The parents this call reads of the page: up to the end of the batch, and at least one, as
      // the loop below would one by one; their children are read at once, up to the bound.
      int first = Math.min(at.parent(), onPage.size());
      int last = Math.min(onPage.size(), first + Math.max(1, maxPagesPerBatch - pages));
      List<Optional<List<ObjectNode>>> read = ParallelCalls.inOrder(table, onPage.subList(first, last),
          children.concurrency(), children::children);
      for (int i = at.parent(); i < onPage.size(); i++) {
        ObjectNode parent = onPage.get(i);
        read.get(i - first).ifPresent(found -> {
          records.addAll(found);
          if (children.reportsParents()) {
            complete.add(children.parentKey(parent));
          }
        });
        pages++;
        Optional<Position> next = i + 1 < onPage.size() ? Optional.of(at.atParent(i + 1)) : at.after(parents, lists.size());
        if (pages >= maxPagesPerBatch && next.isPresent()) {
          return new ReadResult(records, next.get().toOffset(), complete);
        }
      }
      Optional<Position> next = at.after(parents, lists.size());
      if (next.isEmpty()) {
        return new ReadResult(records, Offset.START.with(OffsetKey.DONE.key(), "true"), complete);
      }
      Listings.requireProgress(table, at.token(), parents.next());
      at = next.get();
      if (pages >= maxPagesPerBatch) {
        return new ReadResult(records, at.toOffset(), complete);
      }
    }
  }

  @Override
  public String toString() {
    return "SnapshotFanOut[" + table + ", " + maxPagesPerBatch + " pages per batch]";
  }

  /** In parent list {@code list}, on the page {@code token} names (empty: its first), before parent {@code parent}. */
  private record Position(int list, Optional<String> token, int parent) {
    static Position of(String table, Offset start, int lists) {
      int list = whole(table, start, OffsetKey.LIST);
      if (list >= lists) {
        throw new UserException("Cannot resume table '" + table + "' from offset " + start.toJson()
            + ": it is in parent list " + list + " of a table whose parents come from " + lists);
      }
      return new Position(list, OffsetKey.PARENTS_NEXT.in(start), whole(table, start, OffsetKey.PARENT));
    }

    Position atParent(int position) {
      return new Position(list, token, position);
    }

    /** The position after the last parent of {@code page}: its next page, the next list, or none. */
    Optional<Position> after(Page page, int lists) {
      if (page.next().isPresent()) {
        return Optional.of(new Position(list, page.next(), 0));
      }
      return list + 1 < lists ? Optional.of(new Position(list + 1, Optional.empty(), 0)) : Optional.empty();
    }

    Offset toOffset() {
      Offset offset = Offset.START.with(OffsetKey.PARENTS_NEXT.key(), token.orElse(null)).with(OffsetKey.PARENT.key(), Integer.toString(parent));
      // Written only past the first list, so an offset in a one-list pass reads as it always did.
      return list > 0 ? offset.with(OffsetKey.LIST.key(), Integer.toString(list)) : offset;
    }

    private static int whole(String table, Offset start, OffsetKey key) {
      try {
        int value = Integer.parseInt(key.in(start).orElse("0"));
        if (value < 0) {
          throw new NumberFormatException();
        }
        return value;
      } catch (NumberFormatException e) {
        throw new UserException("Cannot resume table '" + table + "' from offset " + start.toJson()
            + ": '" + key + "' must be a whole number");
      }
    }
  }
}
