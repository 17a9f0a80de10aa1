package io.tributary.examples;

import io.tributary.spark.cli.LocalSpark;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import org.apache.spark.sql.SparkSession;

/**
 * The one SparkSession of this module's test JVM: the CLI's own local session (loopback, no UI,
 * few shuffle partitions, Delta, UTC), so the tests run exactly what users run. The CLI and the
 * demo pick it up as the active session; tests never stop it.
 */
public final class ExamplesSpark {
  private static SparkSession session;

  private ExamplesSpark() {}

  public static synchronized SparkSession spark() {
    if (session == null) {
      try {
        session = LocalSpark.session(Files.createTempDirectory("tributary-examples"));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return session;
  }
}
