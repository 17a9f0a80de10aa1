package io.tributary.benchmarks;

import io.tributary.spark.cli.LocalSpark;
import java.util.HashMap;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/**
 * Runs a baseline with Spark's and Delta's own settings. A local session runs queries interpreted
 * ({@link LocalSpark#INTERPRETED}) and commits without file lists in Delta's checksums ({@link
 * LocalSpark#DELTA_COMMITS}), which suit Tributary's many small queries and commits; a baseline
 * built the plain way would run with Spark's and Delta's defaults, so it is timed that way.
 */
final class SparkDefaults {
  private static final Map<String, String> DEFAULTS = Map.of(
      "spark.sql.codegen.wholeStage", "true",
      "spark.sql.codegen.factoryMode", "FALLBACK",
      "spark.databricks.delta.allFilesInCrc.enabled", "true");

  private SparkDefaults() {}

  static void run(SparkSession spark, Runnable baseline) {
    Map<String, String> before = new HashMap<>();
    for (String key : DEFAULTS.keySet()) {
      before.put(key, spark.conf().get(key, null));
      spark.conf().set(key, DEFAULTS.get(key));
    }
    try {
      baseline.run();
    } finally {
      before.forEach((key, value) -> {
        if (value == null) {
          spark.conf().unset(key);
        } else {
          spark.conf().set(key, value);
        }
      });
    }
  }
}
