package io.tributary.benchmarks;

import io.tributary.spark.cli.LocalSpark;
import java.util.HashMap;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/**
 * Runs a baseline with Spark's own query settings. A local session runs queries interpreted
 * ({@link LocalSpark#INTERPRETED}), which suits Tributary's many small queries; a baseline built
 * the plain way would run with code generation, so it is timed that way.
 */
final class SparkDefaults {
  private static final Map<String, String> DEFAULTS = Map.of(
      "spark.sql.codegen.wholeStage", "true",
      "spark.sql.codegen.factoryMode", "FALLBACK");

  private SparkDefaults() {}

  static void run(SparkSession spark, Runnable baseline) {
    Map<String, String> before = new HashMap<>();
    for (String key : LocalSpark.INTERPRETED.keySet()) {
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
