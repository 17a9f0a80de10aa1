package io.tributary.benchmarks;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.api.Json;
import io.tributary.api.rows.RowConverter;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * P4: the row converter's records/s against Spark's JSON reader's, on the same ticket-shaped
 * records (timestamps with offsets, a decimal, an array, a struct, a map) and the same schema,
 * both from the same JSON-lines file and both on one thread. The converter's side parses the
 * file's bytes with one Jackson parser, as a page's body is parsed, and converts each record;
 * Spark reads the file (one split, so one task) with {@code spark.read().schema(s).json(file)}
 * into the {@code noop} sink, which makes it parse every column.
 * The figure is the median of the rounds' ratios, after warm-up rounds of each (the JIT compiles
 * both sides' code over the first rounds: without them both rates were still rising).
 */
final class ConverterThroughput {
  static final StructType SCHEMA = new StructType()
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

  private ConverterThroughput() {}

  static Figure measure(SparkSession spark, Path dir, Sizes sizes, PrintStream out) {
    int records = sizes.converterRecords();
    Path file = writeRecords(dir, records);
    RowConverter converter = RowConverter.forSchema(SCHEMA, "tickets", List.of("id"));
    List<Double> ratios = new ArrayList<>();
    double converterRate = 0;
    double sparkRate = 0;
    for (int round = 1 - sizes.warmups(); round <= sizes.rounds(); round++) {
      long t0 = System.nanoTime();
      long converted = convertAll(file, converter);
      long t1 = System.nanoTime();
      SparkDefaults.run(spark, () -> spark.read().schema(SCHEMA).json(file.toString()).write().format("noop")
          .mode("overwrite").save());
      long t2 = System.nanoTime();
      if (converted != records) {
        throw new IllegalStateException("Cannot measure P4: converted " + converted + " of " + records + " records");
      }
      converterRate = records / ((t1 - t0) / 1e9);
      sparkRate = records / ((t2 - t1) / 1e9);
      if (round > 0) {
        ratios.add(converterRate / sparkRate);
        out.printf(Locale.ROOT, "  round %d: converter %,.0f records/s, Spark JSON reader %,.0f records/s, ratio %.2f%n",
            round, converterRate, sparkRate, converterRate / sparkRate);
      }
    }
    if (converter.rescuedValues() != 0) {
      throw new IllegalStateException("Cannot measure P4: the converter rescued " + converter.rescuedValues()
          + " values of records that fit the schema");
    }
    double median = median(ratios);
    return Figure.ratio("P4", "converter records/s ÷ Spark JSON reader records/s", median, ">= 2.0",
        v -> v >= 2.0, String.format(Locale.ROOT,
            "%,d records, median of %d rounds (after %d warm-up rounds) %s; last round %,.0f vs %,.0f/s",
            records, ratios.size(), sizes.warmups(), format(ratios), converterRate, sparkRate));
  }

  /**
   * Parses the file's records with one parser, as a page's body is parsed (one parse of many
   * records, {@code Json.MAPPER.readTree} of its bytes), and converts each as it comes.
   */
  private static long convertAll(Path file, RowConverter converter) {
    long count = 0;
    try (MappingIterator<ObjectNode> records = Json.MAPPER.readerFor(ObjectNode.class).readValues(file.toFile())) {
      while (records.hasNext()) {
        if (converter.convert(records.next()).numFields() > 0) {
          count++;
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + file, e);
    }
    return count;
  }

  /** The records, one JSON object a line, as RowConverterBenchmark had them. */
  static Path writeRecords(Path dir, int records) {
    try {
      Files.createDirectories(dir);
      Path file = dir.resolve("tickets.json");
      try (var writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
        for (int i = 0; i < records; i++) {
          writer.write("{\"id\":" + i + ",\"subject\":\"Printer " + i + " is on fire\",\"status\":" + (i % 5)
              + ",\"spam\":false,\"created_at\":\"2024-03-10T10:15:30Z\",\"updated_at\":\"2024-03-1"
              + (i % 10) + "T10:15:30+05:30\",\"cost\":\"" + (i % 1000) + ".50\",\"tags\":[\"a\",\"b\"],"
              + "\"requester\":{\"id\":" + (i % 97) + ",\"email\":\"r" + i + "@example.com\"},"
              + "\"custom_fields\":{\"tier\":\"gold\",\"seats\":\"12\"}}\n");
        }
      }
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write the P4 records into " + dir, e);
    }
  }

  static double median(List<Double> values) {
    List<Double> sorted = values.stream().sorted().toList();
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  static String format(List<Double> values) {
    return values.stream().map(v -> String.format(Locale.ROOT, "%.2f", v)).toList().toString();
  }
}
