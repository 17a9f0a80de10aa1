package io.tributary.source.salesforce;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.api.OptionValues;
import io.tributary.api.TableMetadata;
import io.tributary.api.Tables;
import io.tributary.api.UserException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The tables of one connection: the static catalog plus the objects named in {@code objects},
 * and each table's columns after its options. Describe answers are cached for the connection's
 * life, so a schema is fixed for the run even if an admin adds a field meanwhile; the next run
 * sees the new field and the Delta table gains a column.
 *
 * <p>Schemas are static, but queries are not: a read names only the columns the org's describe
 * reports to the integration user ({@link #readable}), and the rest are null.
 */
final class SalesforceCatalog {
  private final Supplier<SalesforceClient> client;
  private final List<String> names;
  private final Set<String> extra;
  private final Map<String, JsonNode> describes = new ConcurrentHashMap<>();

  SalesforceCatalog(Supplier<SalesforceClient> client, List<String> extraObjects) {
    this.client = client;
    LinkedHashSet<String> all = new LinkedHashSet<>(SalesforceObjects.names());
    this.extra = new LinkedHashSet<>();
    for (String object : extraObjects) {
      if (all.add(object)) {
        extra.add(object);
      }
    }
    this.names = List.copyOf(all);
  }

  List<String> names() {
    return names;
  }

  SalesforceTable table(String name) {
    Tables.require(name, names);
    return SalesforceObjects.find(name).orElseGet(() -> described(name));
  }

  /** The fields a read selects, in schema order, after custom_fields, formula_fields and pii. */
  List<SalesforceField> selected(SalesforceTable table, OptionValues options) {
    List<SalesforceField> fields = new ArrayList<>(table.fields());
    if (!extra.contains(table.name()) && options.string(SalesforceOptions.CUSTOM_FIELDS).equals("include")) {
      for (SalesforceField field : fieldsOf(describe(table.name()))) {
        if (field.custom() && table.field(field.name()).isEmpty()) {
          fields.add(field);
        }
      }
    }
    boolean dropFormulas = options.string(SalesforceOptions.FORMULA_FIELDS).equals("exclude");
    boolean dropPii = options.string(SalesforceOptions.PII).equals("drop");
    fields.removeIf(f -> (dropFormulas && f.formula()) || (dropPii && f.pii()));
    return List.copyOf(fields);
  }

  /**
   * The columns a read of {@code table} selects: {@link #selected} split by whether describe
   * reports them. Describe is asked once per object for the connection's life.
   *
   * @throws UserException when describe lacks a field the read cannot do without (the key, the
   *     cursor, IsDeleted where the object has it), naming the object and the field
   */
  SalesforceSelection readable(SalesforceTable table, OptionValues options) {
    Set<String> reported = reported(table.name());
    List<String> missing = required(table).stream().filter(f -> !reported.contains(f)).toList();
    if (!missing.isEmpty()) {
      String quoted = String.join(", ", missing.stream().map(f -> "'" + f + "'").toList());
      throw new UserException("Cannot read Salesforce object '" + table.name() + "': the integration "
          + "user cannot see field" + (missing.size() == 1 ? " " : "s ") + quoted + "; grant "
          + (missing.size() == 1 ? "it" : "them") + " read access in the user's profile or permission "
          + "set (field-level security)");
    }
    return selection(table, options, reported);
  }

  /**
   * {@link #readable} without the check of the fields a read cannot do without: for the notice,
   * which names the optional columns a read leaves null (a missing required field fails the read
   * with its own message).
   */
  SalesforceSelection selection(SalesforceTable table, OptionValues options) {
    return selection(table, options, reported(table.name()));
  }

  private SalesforceSelection selection(SalesforceTable table, OptionValues options, Set<String> reported) {
    List<String> required = required(table);
    List<SalesforceField> visible = new ArrayList<>();
    List<SalesforceField> hidden = new ArrayList<>();
    for (SalesforceField field : selected(table, options)) {
      if (reported.contains(field.name())) {
        visible.add(field);
      } else if (!required.contains(field.name())) {
        hidden.add(field);
      }
    }
    return new SalesforceSelection(table.name(), visible, hidden);
  }

  /** The fields every read of the object names or filters on. */
  private static List<String> required(SalesforceTable table) {
    List<String> required = new ArrayList<>();
    required.add(SalesforceObjects.ID);
    table.cursor().ifPresent(required::add);
    // queryAll returns recycled rows too; without IsDeleted they would be upserted as live.
    if (table.field(SalesforceObjects.IS_DELETED).isPresent()) {
      required.add(SalesforceObjects.IS_DELETED);
    }
    return required;
  }

  /** Every field name describe reports for {@code object}, compound components included. */
  private Set<String> reported(String object) {
    Set<String> names = new HashSet<>();
    for (JsonNode f : describe(object).path("fields")) {
      names.add(f.path("name").asText());
    }
    return names;
  }

  StructType schema(SalesforceTable table, OptionValues options) {
    return new StructType(selected(table, options).stream().map(SalesforceTypes::column).toArray(StructField[]::new));
  }

  static TableMetadata metadata(SalesforceTable table) {
    return switch (table.kind()) {
      case CDC -> TableMetadata.cdcWithDeletes(table.cursor().orElseThrow(), SalesforceObjects.ID);
      case APPEND -> TableMetadata.append(table.cursor().orElseThrow(), SalesforceObjects.ID);
      case FULL -> TableMetadata.snapshot(SalesforceObjects.ID);
    };
  }

  private SalesforceTable described(String name) {
    JsonNode describe = describe(name);
    List<SalesforceField> fields = fieldsOf(describe);
    Optional<JsonNode> modstamp = fieldNode(describe, SalesforceObjects.SYSTEM_MODSTAMP);
    // An object that cannot filter or order on SystemModstamp cannot be read incrementally.
    boolean incremental = modstamp.isPresent()
        && modstamp.get().path("filterable").asBoolean(true) && modstamp.get().path("sortable").asBoolean(true);
    boolean softDeletes = fieldNode(describe, SalesforceObjects.IS_DELETED).isPresent();
    boolean deletable = describe.path("deletable").asBoolean(true);
    return incremental
        ? new SalesforceTable(name, fields, Optional.of(SalesforceObjects.SYSTEM_MODSTAMP), SalesforceTable.Kind.CDC,
            softDeletes, deletable)
        : new SalesforceTable(name, fields, Optional.empty(), SalesforceTable.Kind.FULL, false, false);
  }

  private JsonNode describe(String object) {
    return describes.computeIfAbsent(object, o -> client.get().describe(o));
  }

  private static Optional<JsonNode> fieldNode(JsonNode describe, String name) {
    for (JsonNode f : describe.path("fields")) {
      if (f.path("name").asText().equals(name)) {
        return Optional.of(f);
      }
    }
    return Optional.empty();
  }

  /** Describe's fields without the components of compound fields, which the compound holds. */
  private static List<SalesforceField> fieldsOf(JsonNode describe) {
    List<SalesforceField> fields = new ArrayList<>();
    for (JsonNode f : describe.path("fields")) {
      if (f.hasNonNull("compoundFieldName")) {
        continue;
      }
      String name = f.path("name").asText();
      String type = f.path("type").asText("string");
      fields.add(new SalesforceField(name, type, SalesforceTypes.looksPersonal(name, type),
          f.path("custom").asBoolean(false), f.path("calculated").asBoolean(false)));
    }
    return fields;
  }
}
