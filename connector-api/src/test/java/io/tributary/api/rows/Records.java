package io.tributary.api.rows;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.api.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructType;

/** Test helpers: parse records the way connectors do, and convert single values. */
final class Records {
  private Records() {}

  static ObjectNode json(String text) {
    try {
      return (ObjectNode) Json.MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(text, e);
    }
  }

  static ObjectNode fixture(String name) {
    try (InputStream in = Records.class.getResourceAsStream("/rows/" + name)) {
      if (in == null) {
        throw new IllegalArgumentException("no fixture " + name);
      }
      return (ObjectNode) Json.MAPPER.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A converter for a table with columns {@code id bigint} and {@code v} of {@code type}. */
  static RowConverter single(DataType type) {
    return RowConverter.forSchema(new StructType().add("id", "bigint").add("v", type), "t", List.of("id"));
  }

  /** Converts {@code {"id":1,"v":<valueJson>}}. */
  static InternalRow convertValue(DataType type, String valueJson) {
    return single(type).convert(json("{\"id\":1,\"v\":" + valueJson + "}"));
  }

  /** The _rescued_data text of a row of {@link #single}, or null. */
  static String rescued(InternalRow row) {
    return row.isNullAt(2) ? null : row.getUTF8String(2).toString();
  }
}
