package io.tributary.examples.dist;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;

/**
 * What the distributable jar must not hold: test code. One of our classes whose simple name
 * contains {@code Test} (a test, a test base class, a test-only hook) or any class of JUnit,
 * AssertJ or opentest4j means a test jar or the conformance kit leaked into what users run and
 * attach to clusters. The libraries relocated under {@code io.tributary.shaded} are exempt from
 * the name rule: OkHttp and Kotlin ship runtime classes such as {@code TestTimeSource}.
 */
final class DistributableJar {
  private static final List<String> TEST_LIBRARIES = List.of("org/junit/", "org/assertj/", "org/opentest4j/");
  private static final String OURS = "io/tributary/";
  private static final String RELOCATED = "io/tributary/shaded/";

  private DistributableJar() {}

  /** The jar's entries that are test code, in jar order; empty when the jar is clean. */
  static List<String> testEntries(Path jar) throws IOException {
    try (JarFile file = new JarFile(jar.toFile())) {
      return file.stream().map(ZipEntry::getName).filter(DistributableJar::isTestCode).toList();
    }
  }

  static boolean isTestCode(String entry) {
    if (!entry.endsWith(".class")) {
      return false;
    }
    if (TEST_LIBRARIES.stream().anyMatch(entry::startsWith)) {
      return true;
    }
    if (!entry.startsWith(OURS) || entry.startsWith(RELOCATED)) {
      return false;
    }
    String fileName = entry.substring(entry.lastIndexOf('/') + 1, entry.length() - ".class".length());
    // Outer$Inner: the simple names of a nested class and of the classes around it.
    return Arrays.stream(fileName.split("\\$")).anyMatch(name -> name.contains("Test"));
  }
}
