package io.tributary.examples.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Runs in the verify phase, after {@code package} built the shaded jar (examples' pom binds it
 * there, and the test phase leaves it out): the jar users run holds no test code.
 */
class DistributableJarCheck {
  @Test
  void theShadedJarHoldsNoTestClassAndNoTestLibrary() throws IOException {
    String property = System.getProperty("tributary.distributableJar");
    assertThat(property).as("system property tributary.distributableJar (set by examples' pom)").isNotBlank();
    Path jar = Path.of(property);
    assertThat(Files.isRegularFile(jar)).as("the shaded jar %s exists", jar).isTrue();

    assertThat(DistributableJar.testEntries(jar))
        .as("test classes or test libraries in %s", jar.getFileName())
        .isEmpty();
  }
}
