package io.tributary.http.rest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.api.IngestionType;
import io.tributary.api.OptionValues;
import io.tributary.api.TableMetadata;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import org.apache.spark.sql.types.StructType;

/**
 * One REST table, declared: where its list lives, how it pages and filters, which lists make it up,
 * and what its rows look like. The {@link RestConnector} reads every table from its declaration;
 * a source writes no read loop and names no offset key.
 *
 * <pre>
 * RestTable.incremental("tickets", "/api/v2/tickets", SCHEMA, TableMetadata.cdcWithDeletes("updated_at", "id"))
 *     .query("order_by", "updated_at", "order_type", "asc").sortedByCursor()
 *     .since("updated_since")
 *     .alsoList(Map.of("filter", "spam"))
 *     .deletesFrom(Map.of("filter", "deleted"))
 *     .pageWall(300)
 *     .build();
 * RestTable.snapshot("agents", "/api/v2/agents", AGENTS).recordsAt("/agents").build();
 * RestTable.incremental("conversations", "/api/v2/tickets/{id}/conversations", SCHEMA, metadata)
 *     .childOf("tickets", "ticket_id")
 *     .build();
 * </pre>
 */
public final class RestTable {
  private final String name;
  private final String path;
  private final TableMetadata metadata;
  private final Function<OptionValues, StructType> schema;
  private final StructType declaredSchema;
  private final String recordsAt;
  private final Optional<Pager> pager;
  private final Map<String, String> query;
  private final Optional<Since> since;
  private final Optional<Since> until;
  private final boolean windowsBySort;
  private final Map<String, String> newestFirst;
  private final boolean sortedByCursor;
  private final int pageWall;
  private final List<Map<String, String>> lists;
  private final List<Map<String, String>> deleteLists;
  private final Optional<Child> child;
  private final UnaryOperator<ObjectNode> reshape;
  private final Optional<String> planFeature;

  private RestTable(Builder b) {
    this.name = b.name;
    this.path = b.path;
    this.metadata = b.child == null || b.metadata.childOf().isPresent() ? b.metadata
        : b.metadata.asChildOf(new TableMetadata.ChildOf(b.child.parent(), List.of(b.child.parentKey())));
    this.declaredSchema = b.declaredSchema;
    this.schema = b.schema;
    this.recordsAt = b.recordsAt;
    this.pager = Optional.ofNullable(b.pager);
    this.query = Map.copyOf(b.query);
    this.since = Optional.ofNullable(b.since);
    this.until = Optional.ofNullable(b.until);
    this.windowsBySort = b.windowsBySort;
    this.newestFirst = Map.copyOf(b.newestFirst);
    this.sortedByCursor = b.sortedByCursor;
    this.pageWall = b.pageWall;
    this.lists = List.copyOf(b.lists);
    this.deleteLists = List.copyOf(b.deleteLists);
    this.child = Optional.ofNullable(b.child);
    this.reshape = b.reshape;
    this.planFeature = Optional.ofNullable(b.planFeature);
  }

  /** A table read whole every run: every page of its list. */
  public static Builder snapshot(String name, String path, StructType schema, String... primaryKeys) {
    return new Builder(name, path, schema, TableMetadata.snapshot(primaryKeys));
  }

  /**
   * A table read from its watermark: {@code metadata} names the cursor, and the list takes a
   * lower bound on it ({@link Builder#since}), or the table is the child of an incremental parent.
   */
  public static Builder incremental(String name, String path, StructType schema, TableMetadata metadata) {
    return new Builder(name, path, schema, metadata);
  }

  public String name() {
    return name;
  }

  /** The list's path; a child's holds {@code {id}} for its parent's id. */
  public String path() {
    return path;
  }

  public TableMetadata metadata() {
    return metadata;
  }

  /** The schema as declared, before any option retypes a column. */
  public StructType declaredSchema() {
    return declaredSchema;
  }

  /** The schema for these table options. */
  public StructType schema(OptionValues tableOptions) {
    return schema.apply(tableOptions);
  }

  String recordsAt() {
    return recordsAt;
  }

  Optional<Pager> pager() {
    return pager;
  }

  Map<String, String> query() {
    return query;
  }

  Optional<Since> since() {
    return since;
  }

  /** The list's inclusive upper bound on the cursor, when its filter is two-sided. */
  Optional<Since> until() {
    return until;
  }

  /**
   * True when a backfill of this table may be read as windows of its cursor in parallel: the
   * lists that can bound a window ({@link #windowed(Map)}) are read window by window.
   */
  boolean partitioned() {
    return until.isPresent() || windowsBySort;
  }

  /**
   * True when {@code list} can bound a window of the cursor: every list of a table with a
   * two-sided filter, and the default list of one declared {@link Builder#windowsBySort()}.
   */
  boolean windowed(Map<String, String> list) {
    return until.isPresent() || (windowsBySort && sortedByCursor(list));
  }

  int pageWall() {
    return pageWall;
  }

  /** The parameters that list the default list's newest records first; empty when not declared. */
  Map<String, String> newestFirst() {
    return newestFirst;
  }

  /** The lists whose union is the table, the default ({@code {}}) first. */
  public List<Map<String, String>> lists() {
    return lists;
  }

  /** The lists whose records are deletes; empty unless the table reports deletes. */
  public List<Map<String, String>> deleteLists() {
    return deleteLists;
  }

  /** True for the default list of a table declared sorted ascending by its cursor. */
  boolean sortedByCursor(Map<String, String> list) {
    return sortedByCursor && list.isEmpty();
  }

  Optional<Child> child() {
    return child;
  }

  /** The module of the provider's plans this table needs, which a 403 most likely means is missing. */
  Optional<String> planFeature() {
    return planFeature;
  }

  ObjectNode reshape(ObjectNode record) {
    return reshape.apply(record);
  }

  boolean incremental() {
    return metadata.ingestionType() != IngestionType.SNAPSHOT;
  }

  @Override
  public String toString() {
    return "RestTable[" + name + " " + path + "]";
  }

  /**
   * The lower bound an incremental list filters on.
   *
   * @param param the query parameter ({@code updated_since}, {@code start_time})
   * @param format how an instant is written there
   * @param exclusive true when the provider filters with {@code >}, not {@code >=}: the bound is
   *     then sent one {@code unit} lower, so records at the bound itself are not passed over
   * @param unit the cursor's resolution
   */
  record Since(String param, Function<Instant, String> format, boolean exclusive, Duration unit) {
    String value(Instant bound) {
      return format.apply(exclusive ? bound.minus(unit) : bound);
    }
  }

  /**
   * A table read per parent record: the list at the table's path with the parent's id in it.
   *
   * @param parent the parent table
   * @param parentKey the child's column holding the parent's id
   * @param parentId the parent's id field, written into the path's {@code {id}}
   * @param eligible which parent records have children; others are not asked
   * @param skipped statuses that mean this parent has no list to read (404: gone since it was
   *     listed), counted and skipped instead of failing the table
   * @param parentQuery parameters added to the parent's list when this table lists the parents
   *     itself (a snapshot child), such as {@code type=Service Request}
   */
  record Child(String parent, String parentKey, String parentId, Predicate<ObjectNode> eligible, Set<Integer> skipped,
      Map<String, String> parentQuery) {}

  /** Declares the optional parts of a {@link RestTable}. */
  public static final class Builder {
    private final String name;
    private final String path;
    private final TableMetadata metadata;
    private final StructType declaredSchema;
    private Function<OptionValues, StructType> schema;
    private String recordsAt = "";
    private Pager pager;
    private final Map<String, String> query = new LinkedHashMap<>();
    private Since since;
    private Since until;
    private boolean windowsBySort;
    private final Map<String, String> newestFirst = new LinkedHashMap<>();
    private boolean sortedByCursor;
    private int pageWall;
    private final List<Map<String, String>> lists = new ArrayList<>(List.of(Map.of()));
    private final List<Map<String, String>> deleteLists = new ArrayList<>();
    private Child child;
    private UnaryOperator<ObjectNode> reshape = UnaryOperator.identity();
    private String customColumn;
    private String planFeature;

    private Builder(String name, String path, StructType schema, TableMetadata metadata) {
      this.name = Objects.requireNonNull(name, "name");
      this.path = Objects.requireNonNull(path, "path");
      this.declaredSchema = Objects.requireNonNull(schema, "schema");
      this.schema = null;
      this.metadata = Objects.requireNonNull(metadata, "metadata");
    }

    /** The JSON pointer of the records' array, such as {@code /tickets}; {@code ""} (the default) for a bare array. */
    public Builder recordsAt(String pointer) {
      this.recordsAt = Objects.requireNonNull(pointer, "pointer");
      return this;
    }

    /** This table's pager, where it differs from the source's. */
    public Builder pager(Pager value) {
      this.pager = Objects.requireNonNull(value, "pager");
      return this;
    }

    /** Parameters every request of this table sends, as name, value pairs. */
    public Builder query(String... namesAndValues) {
      putPairs("query", query, namesAndValues);
      return this;
    }

    private void putPairs(String what, Map<String, String> into, String[] namesAndValues) {
      if (namesAndValues.length % 2 != 0) {
        throw new IllegalArgumentException(what + " of " + name + " needs name, value pairs");
      }
      for (int i = 0; i < namesAndValues.length; i += 2) {
        into.put(namesAndValues[i], namesAndValues[i + 1]);
      }
    }

    /** The list's inclusive lower bound on the cursor, written as an ISO-8601 instant. */
    public Builder since(String param) {
      return since(param, Instant::toString);
    }

    /** The list's inclusive lower bound on the cursor, written by {@code format}. */
    public Builder since(String param, Function<Instant, String> format) {
      this.since = new Since(param, format, false, Duration.ofSeconds(1));
      return this;
    }

    /** The list's exclusive ({@code >}) lower bound, on a cursor of {@code unit} resolution. */
    public Builder sinceExclusive(String param, Function<Instant, String> format, Duration unit) {
      this.since = new Since(param, format, true, unit);
      return this;
    }

    /**
     * The list also takes an inclusive upper bound on the cursor, such as Chargebee's {@code
     * updated_at[before]}: the filter is two-sided, so a backfill of this table is read as windows
     * of the cursor in parallel ({@link io.tributary.api.PartitionedReads}), every list of it
     * window by window. An incremental read sends the last closed second.
     */
    public Builder until(String param, Function<Instant, String> format) {
      this.until = new Since(param, format, false, Duration.ofSeconds(1));
      return this;
    }

    /**
     * The default list, sorted ascending by the cursor ({@link #sortedByCursor()}), can start at a
     * window's lower bound ({@link #since}) and stop once its records pass the upper bound: a
     * backfill of this table is read as windows of the cursor in parallel ({@link
     * io.tributary.api.PartitionedReads}). Other lists of the table, which the provider does not
     * sort, are each read whole in a partition of their own.
     */
    public Builder windowsBySort() {
      this.windowsBySort = true;
      return this;
    }

    /**
     * The parameters, as name, value pairs, that make the default list come newest first (for
     * example {@code order_type=desc}, replacing the table's {@code asc}). Before it plans a
     * backfill's windows, the read asks for the newest record once, so that the windows share the
     * records there are, rather than a range that runs on to now past the last record. Only the
     * plan's shape depends on it: a provider that ignores the order is noticed and the range kept.
     */
    public Builder newestFirst(String... namesAndValues) {
      putPairs("newestFirst", newestFirst, namesAndValues);
      return this;
    }

    /**
     * The provider documents the default list, with this table's query, as sorted ascending by the
     * cursor: each page is then a new query from the highest cursor read, so a record updated
     * between two page requests cannot slide past the listing. Filtered lists are not counted as
     * sorted unless the docs say so.
     */
    public Builder sortedByCursor() {
      this.sortedByCursor = true;
      return this;
    }

    /** The provider refuses pages past {@code pages} of one query; the listing re-slices before it. */
    public Builder pageWall(int pages) {
      this.pageWall = pages;
      return this;
    }

    /** Another list whose records belong to the table, such as {@code filter=spam}. */
    public Builder alsoList(Map<String, String> filter) {
      lists.add(Map.copyOf(filter));
      return this;
    }

    /** A list whose records are deletes, such as {@code filter=deleted}: only their keys are kept. */
    public Builder deletesFrom(Map<String, String> filter) {
      deleteLists.add(Map.copyOf(filter));
      return this;
    }

    /**
     * Reads this table per record of {@code parent}, whose {@code id} fills the path's {@code
     * {id}} and this table's {@code parentKey} column. A parent gone since it was listed (404) is
     * skipped and counted.
     */
    public Builder childOf(String parent, String parentKey) {
      return childOf(parent, parentKey, record -> true, Set.of(404));
    }

    /**
     * As {@link #childOf(String, String)}, asking only {@code eligible} parents, and skipping a
     * parent whose list answers one of {@code skipped} (such as 400 for a parent of the wrong kind).
     */
    public Builder childOf(String parent, String parentKey, Predicate<ObjectNode> eligible, Set<Integer> skipped) {
      this.child = new Child(parent, parentKey, "id", eligible, Set.copyOf(skipped), Map.of());
      return this;
    }

    /**
     * Narrows the parents' list with {@code namesAndValues} when a snapshot child lists its parents;
     * the {@code eligible} test of {@link #childOf(String, String, Predicate, Set)} still applies.
     */
    public Builder parentQuery(String... namesAndValues) {
      if (child == null || namesAndValues.length % 2 != 0) {
        throw new IllegalArgumentException("parentQuery of " + name + " needs childOf(...) first and name, value pairs");
      }
      Map<String, String> q = new LinkedHashMap<>();
      for (int i = 0; i < namesAndValues.length; i += 2) {
        q.put(namesAndValues[i], namesAndValues[i + 1]);
      }
      child = new Child(child.parent(), child.parentKey(), child.parentId(), child.eligible(), child.skipped(), Map.copyOf(q));
      return this;
    }

    /**
     * The record's account-specific fields sit in {@code column}: a map of text by default, a
     * struct of the fields the {@value CustomFields#CUSTOM_FIELDS} option declares. Tables without
     * such a column refuse the option.
     */
    public Builder customFields(String column) {
      if (!java.util.Arrays.asList(declaredSchema.fieldNames()).contains(column)) {
        throw new IllegalArgumentException("table " + name + " has no column " + column);
      }
      this.customColumn = column;
      return this;
    }

    /** The schema depends on the table options (a column an option retypes). */
    public Builder schema(Function<OptionValues, StructType> value) {
      this.schema = Objects.requireNonNull(value, "schema");
      return this;
    }

    /**
     * The module of the provider's plans this table needs: a 403 on it fails the table naming the
     * module, so the user knows to drop the table or upgrade, while other tables carry on.
     */
    public Builder planFeature(String feature) {
      this.planFeature = Objects.requireNonNull(feature, "feature");
      return this;
    }

    /** Reshapes each record as read, before anything else sees it. */
    public Builder reshape(UnaryOperator<ObjectNode> value) {
      this.reshape = Objects.requireNonNull(value, "reshape");
      return this;
    }

    public RestTable build() {
      boolean incremental = metadata.ingestionType() != IngestionType.SNAPSHOT;
      if (incremental && since == null && child == null) {
        throw new IllegalArgumentException("incremental table " + name + " needs since(...) or childOf(...)");
      }
      if (incremental && since != null && child != null) {
        throw new IllegalArgumentException("incremental child " + name + " follows its parent's cursor and takes no since");
      }
      if (!incremental && (since != null || lists.size() > 1 || !deleteLists.isEmpty())) {
        throw new IllegalArgumentException("snapshot table " + name + " takes no since, lists or deletes");
      }
      if (!deleteLists.isEmpty() && metadata.ingestionType() != IngestionType.CDC_WITH_DELETES) {
        throw new IllegalArgumentException("table " + name + " reports deletes but is not cdc_with_deletes");
      }
      if (windowsBySort && (!sortedByCursor || since == null)) {
        throw new IllegalArgumentException("table " + name + " reads windows by its sort: declare sortedByCursor() and since(...)");
      }
      if (until != null && since == null) {
        throw new IllegalArgumentException("table " + name + " has an upper bound but no since(...)");
      }
      if (schema == null) {
        schema = CustomFields.schema(name, declaredSchema, customColumn);
      }
      return new RestTable(this);
    }
  }
}
