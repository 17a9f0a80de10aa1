package io.tributary.spark;

import java.util.Collection;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.spark.sql.SparkSession;
import scala.Option;

/**
 * Makes Spark redact the connector's secret options. Spark hides an option in plans, {@code
 * DESCRIBE} and the UI when its key matches {@code spark.sql.redaction.options.regex} or {@code
 * spark.redaction.regex}; the defaults ({@code url}, {@code secret|password|token|access.?key}) do
 * not match names such as {@code api_key}, so the source adds the secret names its factories
 * declare to the session's option regex before any plan holding them exists.
 */
final class Redaction {
  static final String OPTIONS_REGEX = "spark.sql.redaction.options.regex";
  private static final String DEFAULT_OPTIONS_REGEX = "(?i)url";

  private Redaction() {}

  /** Extends the active session's option regex to cover {@code secretNames}, if it does not yet. */
  static void coverSecretOptions(Collection<String> secretNames) {
    Option<SparkSession> active = SparkSession.getActiveSession();
    if (active.isEmpty() || secretNames.isEmpty()) {
      return;
    }
    SparkSession spark = active.get();
    synchronized (Redaction.class) {
      String current = spark.conf().get(OPTIONS_REGEX, DEFAULT_OPTIONS_REGEX);
      Pattern pattern = Pattern.compile(current);
      boolean covered = secretNames.stream().allMatch(name -> pattern.matcher(name).find());
      if (!covered) {
        String names = secretNames.stream().sorted().map(Pattern::quote).collect(Collectors.joining("|"));
        spark.conf().set(OPTIONS_REGEX, "(?:" + current + ")|(?i:" + names + ")");
      }
    }
  }
}
