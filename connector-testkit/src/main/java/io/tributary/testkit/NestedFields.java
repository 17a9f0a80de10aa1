package io.tributary.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The nested-field check's rule. Every field below a top-level column must be populated in at
 * least one record read:
 *
 * <ul>
 *   <li>Nested fields are the members of a struct ({@code requester.email}) and of the structs an
 *       array holds ({@code attachments[].url}), at any depth ({@code a[].b.c[].d}). Map values are
 *       not walked: their keys are data, not schema.
 *   <li>A field is populated when some occurrence of it holds a value that is not JSON null, not
 *       missing, and not an empty object (the row converter makes {@code {}} null). An array of
 *       structs is populated only when some occurrence holds an element, so its members can be
 *       seen; it is then reported as {@code attachments[]}.
 *   <li>A field is judged only where its container occurs: the members of a struct that is null in
 *       every record, or of an array that is always empty, are not reported one by one; the
 *       container is (by the top-level non-null check for a column, by this check below it).
 *   <li>A field is declared nullable, and not judged, when the source's {@link
 *       ConnectorConformanceTest#allowedNullColumns} names its path or the path of any container
 *       above it ({@code requester} allows {@code requester.email}; {@code attachments[]} or {@code
 *       attachments} allows {@code attachments[].url}). Spark's {@code nullable} flag is no
 *       declaration: every column of every source is nullable.
 * </ul>
 */
final class NestedFields {
  private NestedFields() {}

  /** Paths of the nested fields of {@code schema} populated in none of {@code records}, not allowed. */
  static List<String> unpopulated(StructType schema, List<ObjectNode> records, Set<String> allowed) {
    Map<String, Boolean> seen = new LinkedHashMap<>();
    for (StructField column : schema.fields()) {
      List<JsonNode> values = new ArrayList<>();
      for (ObjectNode record : records) {
        values.add(record.get(column.name()));
      }
      walk(column.name(), column.dataType(), values, seen, true);
    }
    List<String> unpopulated = new ArrayList<>();
    seen.forEach((path, populated) -> {
      if (!populated && !allowed(path, allowed)) {
        unpopulated.add(path);
      }
    });
    return unpopulated;
  }

  /**
   * Records in {@code seen} whether each nested path below {@code path} is populated among {@code
   * values}, the occurrences of {@code path}; {@code top} for a column, which the non-null check
   * judges itself.
   */
  private static void walk(String path, DataType type, List<JsonNode> values, Map<String, Boolean> seen, boolean top) {
    if (type instanceof StructType struct) {
      List<ObjectNode> present = new ArrayList<>();
      for (JsonNode value : values) {
        if (value != null && value.isObject() && !value.isEmpty()) {
          present.add((ObjectNode) value);
        }
      }
      if (present.isEmpty()) {
        return; // the container is reported, not each member
      }
      for (StructField member : struct.fields()) {
        String memberPath = path + "." + member.name();
        List<JsonNode> memberValues = new ArrayList<>();
        for (ObjectNode value : present) {
          memberValues.add(value.get(member.name()));
        }
        seen.merge(memberPath, memberValues.stream().anyMatch(NestedFields::populated), Boolean::logicalOr);
        walk(memberPath, member.dataType(), memberValues, seen, false);
      }
    } else if (type instanceof ArrayType array && holdsStructs(array)) {
      List<JsonNode> elements = new ArrayList<>();
      for (JsonNode value : values) {
        if (value != null && value.isArray()) {
          value.forEach(elements::add);
        }
      }
      String elementPath = path + "[]";
      if (!top || values.stream().anyMatch(v -> v != null && v.isArray())) {
        // A column always null is the non-null check's; an array always empty hides its members.
        seen.merge(elementPath, !elements.isEmpty(), Boolean::logicalOr);
      }
      walk(elementPath, array.elementType(), elements, seen, false);
    }
  }

  private static boolean holdsStructs(ArrayType array) {
    DataType element = array.elementType();
    while (element instanceof ArrayType inner) {
      element = inner.elementType();
    }
    return element instanceof StructType;
  }

  private static boolean populated(JsonNode value) {
    return value != null && !value.isNull() && !(value.isObject() && value.isEmpty());
  }

  /** Whether {@code path} or a container above it is in {@code allowed}. */
  static boolean allowed(String path, Set<String> allowed) {
    for (int i = 0; i <= path.length(); i++) {
      boolean boundary = i == path.length() || path.charAt(i) == '.' || path.startsWith("[]", i);
      if (boundary && allowed.contains(path.substring(0, i))) {
        return true;
      }
      if (i < path.length() && path.startsWith("[]", i) && allowed.contains(path.substring(0, i + 2))) {
        return true;
      }
    }
    return false;
  }
}
