package io.tributary.api.rows;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.api.Columns;
import io.tributary.api.InternalException;
import io.tributary.api.Json;
import io.tributary.api.UserException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Collectors;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * Converts JSON records to Spark {@link InternalRow}s of a table's schema, plus a final {@value
 * Columns#RESCUED_DATA} string column.
 *
 * <p>Nothing is lost silently. A field not in the schema, or a value that does not fit its column,
 * is kept in {@code _rescued_data} as a JSON object from the field's path ({@code requester.phone},
 * {@code tags[2]}, {@code custom_fields.tier}) to its original JSON value, the column is left null,
 * and {@link #rescuedValues()} counts it. {@code _rescued_data} is null when nothing was rescued.
 * In {@linkplain #strict() strict} mode the first such value fails the record instead, naming the
 * table, the field's path and the record's primary key.
 *
 * <p>What fits each type:
 *
 * <ul>
 *   <li>whole numbers (ids are {@code bigint}): JSON integers in range, decimals with no fraction,
 *       and strings of digits;
 *   <li>{@code timestamp}: ISO-8601 with or without an offset (no offset means UTC), date-only
 *       (midnight UTC), and epoch seconds as a JSON number; always UTC, whatever the JVM's zone;
 *   <li>{@code date}: ISO dates, and timestamps at exactly midnight;
 *   <li>{@code decimal(p,s)}: numbers and numeric strings that fit without rounding away a digit;
 *   <li>{@code boolean}: JSON booleans and the strings "true" and "false" only;
 *   <li>{@code string}: any value; non-strings as their JSON text, as Spark's JSON reader does;
 *   <li>structs from objects ({@code {}} is null), arrays from arrays, maps from objects;
 *   <li>null, absent fields and, for non-string columns, "" are null.
 * </ul>
 *
 * <p>The converter tree is built once per schema; converting a record walks only the record. A
 * converter is thread-safe.
 */
public final class RowConverter {
  private static final StructField RESCUED =
      new StructField(Columns.RESCUED_DATA, DataTypes.StringType, true, org.apache.spark.sql.types.Metadata.empty());
  private static final int MAX_VALUE_IN_MESSAGE = 200;
  /** Writes decimals as plain digits (100, not 1E+2) in rescued values and JSON text. */
  static final PlainWriter PLAIN = new PlainWriter();

  private final StructType schema;
  private final String table;
  private final List<String> primaryKeys;
  private final boolean strict;
  private final StructConverter root;
  private final LongAdder rescued;

  private RowConverter(StructType schema, String table, List<String> primaryKeys, boolean strict,
      StructConverter root, LongAdder rescued) {
    this.schema = schema;
    this.table = table;
    this.primaryKeys = primaryKeys;
    this.strict = strict;
    this.root = root;
    this.rescued = rescued;
  }

  /**
   * A converter that rescues what does not fit.
   *
   * @param table named in strict-mode errors
   * @param primaryKeys the record fields named in strict-mode errors
   * @throws InternalException when the schema holds a type records cannot be converted to, or
   *     already has a {@code _rescued_data} column
   */
  public static RowConverter forSchema(StructType schema, String table, List<String> primaryKeys) {
    Objects.requireNonNull(schema, "schema");
    Objects.requireNonNull(table, "table");
    if (Arrays.asList(schema.fieldNames()).contains(Columns.RESCUED_DATA)) {
      throw new InternalException("Cannot convert records of table '" + table + "': its schema "
          + "already has a " + Columns.RESCUED_DATA + " column, which the framework adds itself");
    }
    return new RowConverter(schema, table, List.copyOf(primaryKeys), false,
        new StructConverter(schema, 1), new LongAdder());
  }

  /** A converter with the same plan that fails on the first value that does not fit. */
  public RowConverter strict() {
    return new RowConverter(schema, table, primaryKeys, true, root, new LongAdder());
  }

  /** The table's schema followed by the {@value Columns#RESCUED_DATA} column. */
  public StructType outputSchema() {
    return withRescuedColumn(schema);
  }

  /** {@code schema} followed by the {@value Columns#RESCUED_DATA} column. */
  public static StructType withRescuedColumn(StructType schema) {
    return schema.add(RESCUED);
  }

  /**
   * Converts one record. The row has the schema's columns and then {@code _rescued_data}.
   *
   * @throws UserException in strict mode, for the first value that does not fit
   */
  public InternalRow convert(ObjectNode record) {
    Rescue rescue = new Rescue(strict ? (path, value, type) -> fail(record, path, value, type) : IGNORE);
    GenericInternalRow row = root.convertObject(record, rescue);
    Map<String, JsonNode> misfits = rescue.rescued();
    if (misfits != null) {
      rescued.add(misfits.size());
      row.update(schema.size(), UTF8String.fromString(toJson(misfits)));
    }
    return row;
  }

  /**
   * The paths and original values that {@link #convert} would put in {@code _rescued_data}; empty
   * when the record fits the schema. Does not count them. For checks such as the conformance kit's
   * "records fit the schema".
   */
  public Map<String, JsonNode> misfits(ObjectNode record) {
    Rescue rescue = new Rescue(IGNORE);
    root.convertObject(record, rescue);
    return rescue.rescued() == null ? Map.of() : new LinkedHashMap<>(rescue.rescued());
  }

  /** Values rescued by this converter so far, across threads. */
  public long rescuedValues() {
    return rescued.sum();
  }

  private static final Rescue.Policy IGNORE = (path, value, type) -> {};

  private void fail(ObjectNode record, String path, JsonNode value, DataType expected) {
    String problem = expected == null
        ? "it is not in the table's schema"
        : "value " + shorten(value.toString()) + " does not fit type " + expected.simpleString();
    throw new UserException("Cannot convert record " + key(record) + " of table '" + table
        + "': field '" + path + "': " + problem
        + ". Without strict mode it would be kept in " + Columns.RESCUED_DATA + ".");
  }

  private String key(ObjectNode record) {
    if (primaryKeys.isEmpty()) {
      return "(no primary key)";
    }
    return primaryKeys.stream()
        .map(k -> k + "=" + (record.has(k) ? shorten(record.get(k).toString()) : "<absent>"))
        .collect(Collectors.joining(", ", "with key ", ""));
  }

  private static String shorten(String text) {
    return text.length() <= MAX_VALUE_IN_MESSAGE ? text : text.substring(0, MAX_VALUE_IN_MESSAGE) + "...";
  }

  private static String toJson(Map<String, JsonNode> misfits) {
    ObjectNode node = Json.object();
    misfits.forEach(node::set);
    return PLAIN.writeValueAsStringUnchecked(node);
  }

  static final class PlainWriter {
    private final ObjectWriter writer =
        Json.MAPPER.writer().with(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN);

    String writeValueAsStringUnchecked(JsonNode node) {
      try {
        return writer.writeValueAsString(node);
      } catch (JsonProcessingException e) {
        throw new InternalException("Cannot write JSON for " + Columns.RESCUED_DATA, e);
      }
    }
  }
}
