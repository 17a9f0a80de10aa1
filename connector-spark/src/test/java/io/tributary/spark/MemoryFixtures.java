package io.tributary.spark;

import io.tributary.spark.testing.MemoryDataset;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.DataStreamReader;

/** Loads JSON-lines fixtures into memory datasets and builds tributary readers over them. */
final class MemoryFixtures {
  static final String SECRET = "sk-live-7f3a9c1e5b";

  private MemoryFixtures() {}

  /** Puts every line of {@code /memory/<table>.jsonl} into {@code data}'s {@code table}. */
  static void load(MemoryDataset data, String table) {
    try (BufferedReader in = new BufferedReader(new InputStreamReader(
        MemoryFixtures.class.getResourceAsStream("/memory/" + table + ".jsonl"), StandardCharsets.UTF_8))) {
      in.lines().filter(l -> !l.isBlank()).forEach(line -> data.put(table, line));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Map<String, String> options(String dataset, String table, String... more) {
    Map<String, String> options = new HashMap<>();
    options.put("source", "memory");
    options.put("tableName", table);
    options.put("dataset", dataset);
    options.put("api_key", SECRET);
    for (int i = 0; i < more.length; i += 2) {
      options.put(more[i], more[i + 1]);
    }
    return options;
  }

  static DataFrameReader read(SparkSession spark, String dataset, String table, String... more) {
    return spark.read().format("tributary").options(options(dataset, table, more));
  }

  static DataStreamReader readStream(SparkSession spark, String dataset, String table, String... more) {
    return spark.readStream().format("tributary").options(options(dataset, table, more));
  }
}
