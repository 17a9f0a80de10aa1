package io.tributary.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.api.Json;
import io.tributary.api.Offset;
import io.tributary.api.ReadResult;
import io.tributary.api.UserException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** A snapshot child read over every parent of every parent list, resumable between any two parents. */
class SnapshotFanOutTest {
  /** Parents 1..n in pages of {@code size}; the token is the next page's number. */
  private static Function<Optional<String>, Page> parents(int first, int n, int size, AtomicInteger fetches) {
    return next -> {
      fetches.incrementAndGet();
      int page = next.map(Integer::parseInt).orElse(0);
      List<ObjectNode> records = new ArrayList<>();
      for (int id = first + page * size; id < first + Math.min(n, (page + 1) * size); id++) {
        records.add(Json.object().put("id", id));
      }
      return new Page(records, (page + 1) * size < n ? Optional.of(Integer.toString(page + 1)) : Optional.empty());
    };
  }

  /** Two children per parent; parent 4 is gone (empty). */
  private static final ChildReader CHILDREN = new ChildReader() {
    @Override
    public Optional<List<ObjectNode>> children(ObjectNode parent) {
      long id = parent.path("id").asLong();
      return id == 4 ? Optional.empty()
          : Optional.of(List.of(Json.object().put("parent", id).put("n", 1), Json.object().put("parent", id).put("n", 2)));
    }

    @Override
    public ObjectNode parentKey(ObjectNode parent) {
      return Json.object().put("parent", parent.path("id").asLong());
    }
  };

  private static List<ObjectNode> readAll(SnapshotFanOut fanOut, List<Function<Optional<String>, Page>> lists,
      List<ObjectNode> complete, List<Offset> offsets) {
    List<ObjectNode> records = new ArrayList<>();
    Offset offset = Offset.START;
    for (int call = 0; call < 100; call++) {
      ReadResult result = fanOut.read(offset, lists, CHILDREN);
      records.addAll(result.records());
      complete.addAll(result.completeParents());
      if (result.caughtUp(offset)) {
        return records;
      }
      offset = Offset.fromJson(result.endOffset().toJson());
      offsets.add(offset);
    }
    throw new AssertionError("no fixed point");
  }

  @Test
  void readsTheChildrenOfEveryParentOfEveryListOnceAndReportsAllButTheGoneAsComplete() {
    AtomicInteger fetches = new AtomicInteger();
    List<ObjectNode> complete = new ArrayList<>();
    List<Offset> offsets = new ArrayList<>();
    SnapshotFanOut fanOut = new SnapshotFanOut("items", 3, new PageCache(100));

    List<ObjectNode> records = readAll(fanOut, List.of(parents(1, 5, 2, fetches), parents(101, 3, 2, fetches)), complete, offsets);

    assertThat(records).extracting(r -> r.path("parent").asLong() * 10 + r.path("n").asLong())
        .containsExactlyInAnyOrder(11L, 12L, 21L, 22L, 31L, 32L, 51L, 52L, 1011L, 1012L, 1021L, 1022L, 1031L, 1032L);
    assertThat(complete).extracting(k -> k.path("parent").asLong()).containsExactly(1L, 2L, 3L, 5L, 101L, 102L, 103L);
    assertThat(offsets).as("calls end between two parents of one page").anySatisfy(o -> assertThat(o.get("parent")).hasValue("1"));
    assertThat(fetches.get()).as("each parent page is listed once per pass: 3 + 2").isEqualTo(5);
  }

  @Test
  void aCallResumedInAnotherProcessReadsOnFromTheSameParent() {
    AtomicInteger fetches = new AtomicInteger();
    List<Function<Optional<String>, Page>> lists = List.of(parents(1, 5, 2, fetches));
    ReadResult first = new SnapshotFanOut("items", 2, new PageCache(100)).read(Offset.START, lists, CHILDREN);
    Offset resumeAt = Offset.fromJson(first.endOffset().toJson());

    List<ObjectNode> rest = new ArrayList<>();
    Offset offset = resumeAt;
    SnapshotFanOut fresh = new SnapshotFanOut("items", 2, new PageCache(100));
    while (true) {
      ReadResult r = fresh.read(offset, lists, CHILDREN);
      rest.addAll(r.records());
      if (r.caughtUp(offset)) {
        break;
      }
      offset = r.endOffset();
    }
    List<Long> parentsRead = new ArrayList<>();
    first.records().forEach(r -> parentsRead.add(r.path("parent").asLong()));
    rest.forEach(r -> parentsRead.add(r.path("parent").asLong()));
    assertThat(parentsRead).as("no parent lost, none read twice").containsExactly(1L, 1L, 2L, 2L, 3L, 3L, 5L, 5L);
  }

  @Test
  void anOffsetInAParentListTheTableDoesNotHaveIsRefusedNamingTheTable() {
    Offset beyond = Offset.START.with("list", "3");
    assertThatThrownBy(() -> new SnapshotFanOut("items", 2, new PageCache(10))
        .read(beyond, List.of(parents(1, 2, 2, new AtomicInteger())), CHILDREN))
        .isInstanceOf(UserException.class)
        .hasMessageContaining("Cannot resume table 'items' from offset")
        .hasMessageContaining("parent list 3 of a table whose parents come from 1");
  }

  @Test
  void aSnapshotNotDeclaredAChildReportsNoParents() {
    ChildReader unreported = new ChildReader() {
      @Override
      public Optional<List<ObjectNode>> children(ObjectNode parent) {
        return CHILDREN.children(parent);
      }

      @Override
      public ObjectNode parentKey(ObjectNode parent) {
        return CHILDREN.parentKey(parent);
      }

      @Override
      public boolean reportsParents() {
        return false;
      }
    };
    ReadResult result = new SnapshotFanOut("contacts", 50, new PageCache(10))
        .read(Offset.START, List.of(parents(1, 3, 5, new AtomicInteger())), unreported);
    assertThat(result.records()).hasSize(6);
    assertThat(result.completeParents()).isEmpty();
  }
}
