package io.tributary.spark.cli;

import io.tributary.spark.pipeline.Location;
import java.nio.file.Path;

/**
 * How the command line reads a file it is given ({@code --spec}, {@code --connections}): a URI as
 * it is, a plain path as a file of this machine, whatever the cluster's default file system.
 */
final class LocalPaths {
  private LocalPaths() {}

  /**
   * {@code location} unchanged when it is a URI ({@code hdfs://nn/spec.json}, {@code
   * dbfs:/spec.json}, {@code file:/tmp/spec.json}); otherwise the local file, relative to the
   * directory where the command was started.
   */
  static String absoluteIfPlain(String location) {
    if (location.matches("^[A-Za-z][A-Za-z0-9+.-]*:.*")) {
      return location;
    }
    return Location.uriOf(Path.of(location));
  }
}
