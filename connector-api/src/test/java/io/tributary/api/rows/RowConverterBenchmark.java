package io.tributary.api.rows;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.api.Json;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Measures the row converter's throughput against a baseline taken in the same run: Jackson
 * parsing the same records from bytes, the step every record goes through just before conversion.
 * Not a test (the machine is shared and noisy); run it by hand, as docs/benchmarks.md shows, and
 * compare ratios, not absolute numbers.
 */
public final class RowConverterBenchmark {
  private static final int RECORDS = 100_000;
  private static final int ROUNDS = 5;

  public static void main(String[] args) throws Exception {
    StructType schema = new StructType()
        .add("id", DataTypes.LongType)
        .add("subject", DataTypes.StringType)
        .add("status", DataTypes.IntegerType)
        .add("spam", DataTypes.BooleanType)
        .add("created_at", DataTypes.TimestampType)
        .add("updated_at", DataTypes.TimestampType)
        .add("cost", DataTypes.createDecimalType(10, 2))
        .add("tags", DataTypes.createArrayType(DataTypes.StringType))
        .add("requester", new StructType().add("id", DataTypes.LongType).add("email", DataTypes.StringType))
        .add("custom_fields", DataTypes.createMapType(DataTypes.StringType, DataTypes.StringType));
    List<byte[]> raw = new ArrayList<>(RECORDS);
    for (int i = 0; i < RECORDS; i++) {
      raw.add(("{\"id\":" + i + ",\"subject\":\"Printer " + i + " is on fire\",\"status\":" + (i % 5)
          + ",\"spam\":false,\"created_at\":\"2024-03-10T10:15:30Z\",\"updated_at\":\"2024-03-1"
          + (i % 10) + "T10:15:30+05:30\",\"cost\":\"" + (i % 1000) + ".50\",\"tags\":[\"a\",\"b\"],"
          + "\"requester\":{\"id\":" + (i % 97) + ",\"email\":\"r" + i + "@example.com\"},"
          + "\"custom_fields\":{\"tier\":\"gold\",\"seats\":\"12\"}}").getBytes(StandardCharsets.UTF_8));
    }
    List<ObjectNode> parsed = new ArrayList<>(RECORDS);
    RowConverter converter = RowConverter.forSchema(schema, "tickets", List.of("id"));
    for (int round = 0; round <= ROUNDS; round++) {
      parsed.clear();
      long t0 = System.nanoTime();
      for (byte[] bytes : raw) {
        parsed.add((ObjectNode) Json.MAPPER.readTree(bytes));
      }
      long t1 = System.nanoTime();
      long sink = 0;
      for (ObjectNode record : parsed) {
        sink += converter.convert(record).numFields();
      }
      long t2 = System.nanoTime();
      if (round == 0 || sink == 0) {
        continue; // warm-up
      }
      double parse = RECORDS / ((t1 - t0) / 1e9);
      double convert = RECORDS / ((t2 - t1) / 1e9);
      System.out.printf(Locale.ROOT, "round %d: parse %,.0f records/s, convert %,.0f records/s, convert/parse %.2f%n",
          round, parse, convert, convert / parse);
    }
    System.out.println("rescued values: " + converter.rescuedValues() + " (expected 0)");
  }
}
