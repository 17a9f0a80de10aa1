package io.tributary.benchmarks;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A JVM of its own on this one's class path, with the flags Spark needs (this JVM's {@code
 * --add-opens} and friends), this JVM's {@code -Dspark.*} settings and the flags given; its output
 * goes to a file.
 */
final class ChildJvm {
  private ChildJvm() {}

  /** Runs {@code mainClass} to its end within {@code timeoutSeconds}; returns its output. */
  static String run(List<String> flags, String mainClass, List<String> args, Path output, long timeoutSeconds) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    for (String flag : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      // Spark settings given to the harness (BENCH_JAVA_OPTS="-Dspark.x=y") reach the child's
      // local session too, so a setting can be tried on a child's figure.
      if (flag.startsWith("--add-") || flag.startsWith("-Djdk.reflect") || flag.startsWith("-Dio.netty")
          || flag.startsWith("-Dspark.") || flag.startsWith("-XX:+IgnoreUnrecognizedVMOptions")) {
        command.add(flag);
      }
    }
    command.addAll(flags);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(mainClass);
    command.addAll(args);
    try {
      Files.createDirectories(output.getParent());
      Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
      if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException("Cannot measure: " + mainClass + " ran longer than " + timeoutSeconds
            + " s; its output is in " + output);
      }
      String text = Files.readString(output);
      if (process.exitValue() != 0) {
        throw new IllegalStateException("Cannot measure: " + mainClass + " exited with " + process.exitValue()
            + "; its output is in " + output);
      }
      return text;
    } catch (IOException e) {
      throw new IllegalStateException("Cannot run " + mainClass + " in a JVM of its own", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted waiting for " + mainClass, e);
    }
  }
}
