package io.tributary.spark.cli;

import io.tributary.api.ConnectorFactory;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** One run of the CLI in this JVM, with stdout and stderr captured. */
record CliRun(int exitCode, String out, String err) {

  static CliRun of(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = TributaryCli.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    return new CliRun(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  /**
   * Runs with {@code factory} registered as a connector besides those of the test class path, by
   * putting a services file for it on the thread's context class loader, which is where {@link
   * ConnectorFactory#find} looks.
   */
  static CliRun withConnector(Class<? extends ConnectorFactory> factory, Path tempDir, String... args) {
    Thread thread = Thread.currentThread();
    ClassLoader previous = thread.getContextClassLoader();
    try {
      Path services = tempDir.resolve("services/META-INF/services/" + ConnectorFactory.class.getName());
      Files.createDirectories(services.getParent());
      Files.writeString(services, factory.getName() + "\n");
      try (URLClassLoader loader = new URLClassLoader(
          new URL[] {tempDir.resolve("services").toUri().toURL()}, previous)) {
        thread.setContextClassLoader(loader);
        return of(args);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      thread.setContextClassLoader(previous);
    }
  }
}
