package io.tributary.examples;

import io.tributary.testkit.ChildJvm;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code tributary} in a child JVM as {@code bin/tributary} runs it: the jar's main class on this
 * test's class path, with the module flags Spark needs taken from this JVM's own, so that a test
 * can kill it.
 */
public final class ChildTributary {
  private ChildTributary() {}

  /** The command line that runs {@code tributary <args>}. */
  public static List<String> command(String... args) {
    // As bin/tributary sets it: the JVM is Tributary's own and exits with the command's code.
    return ChildJvm.command(List.of("-Dtributary.home=" + Path.of("..").toAbsolutePath().normalize()),
        Main.class.getName(), args);
  }

  /**
   * Waits until the child's stderr shows a committed batch of {@code table}; false when the child
   * ended first.
   */
  public static boolean awaitBatch(Process child, Path stderr, String table, Duration timeout) throws Exception {
    Instant deadline = Instant.now().plus(timeout);
    while (Instant.now().isBefore(deadline)) {
      if (Files.exists(stderr) && Files.readString(stderr).contains("[" + table + "] batch ")) {
        return true;
      }
      if (child.waitFor(100, TimeUnit.MILLISECONDS)) {
        return false;
      }
    }
    throw new AssertionError("The child reported no batch of " + table + " within " + timeout + "; stderr:\n"
        + tail(stderr));
  }

  /** The last lines of a child's output file, for an assertion message. */
  public static String tail(Path file) {
    try {
      List<String> lines = Files.readAllLines(file);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    } catch (IOException e) {
      return "(unreadable: " + e.getMessage() + ")";
    }
  }
}
