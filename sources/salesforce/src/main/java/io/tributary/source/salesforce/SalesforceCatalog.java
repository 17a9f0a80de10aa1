package io.tributary.source.salesforce;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.api.OptionValues;
import io.tributary.api.TableMetadata;
import io.tributary.api.Tables;
import java.util.ArrayList;
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
