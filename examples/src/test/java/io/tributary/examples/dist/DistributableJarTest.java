package io.tributary.examples.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarOutputStream;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The rule {@link DistributableJarCheck} applies to the built jar, shown catching what it must. */
class DistributableJarTest {
  @TempDir
  Path dir;

  @Test
  void findsTestClassesAndTestLibrariesInAJar() throws IOException {
    Path jar = jar("leaky.jar",
        "io/tributary/examples/Main.class",
        "io/tributary/source/zendesk/ZendeskConformanceTest.class",
        "io/tributary/http/HttpSettings$TestTuning.class",
        "io/tributary/testkit/TestSupport$1.class",
        "org/junit/jupiter/api/Assertions.class",
        "org/assertj/core/api/Assertions.class",
        "org/opentest4j/AssertionFailedError.class",
        "io/tributary/simulator/freshdesk/FreshdeskSimulator.class",
        "fixtures/TestData.json");

    assertThat(DistributableJar.testEntries(jar)).containsExactly(
        "io/tributary/source/zendesk/ZendeskConformanceTest.class",
        "io/tributary/http/HttpSettings$TestTuning.class",
        "io/tributary/testkit/TestSupport$1.class",
        "org/junit/jupiter/api/Assertions.class",
        "org/assertj/core/api/Assertions.class",
        "org/opentest4j/AssertionFailedError.class");
  }

  @Test
  void passesOurMainCodeAndTheRelocatedLibrariesOwnTestNamedClasses() throws IOException {
    Path jar = jar("clean.jar",
        "io/tributary/examples/Main.class",
        "io/tributary/api/Latest.class",
        "io/tributary/testkit/sim/Sim.class",
        "io/tributary/http/HttpSettings$TuningScope.class",
        "io/tributary/shaded/kotlin/time/TestTimeSource.class",
        "io/tributary/shaded/org/jetbrains/annotations/TestOnly.class");

    assertThat(DistributableJar.testEntries(jar)).isEmpty();
  }

  private Path jar(String name, String... entries) throws IOException {
    Path jar = dir.resolve(name);
    try (OutputStream out = Files.newOutputStream(jar); JarOutputStream zip = new JarOutputStream(out)) {
      for (String entry : List.of(entries)) {
        zip.putNextEntry(new ZipEntry(entry));
        zip.closeEntry();
      }
    }
    return jar;
  }
}
