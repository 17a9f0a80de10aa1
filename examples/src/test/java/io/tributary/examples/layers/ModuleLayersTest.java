package io.tributary.examples.layers;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class ModuleLayersTest {
  /** Surefire runs in the module directory; the reactor root is its parent. */
  private static final Path ROOT = Path.of("").toAbsolutePath().getParent();
  private static final Path FIXTURE = Path.of("src/test/resources/layers/forbidden");

  @Test
  void theTreeFollowsTheModuleArrowsOfTheDesign() {
    assertThat(ROOT.resolve("connector-api/pom.xml")).exists();
    List<String> violations = ModuleLayers.check(ROOT);
    assertThat(violations)
        .as("module dependencies DESIGN.md forbids (see its module table)")
        .isEmpty();
  }

  @Test
  void reportsForbiddenPomDependenciesInAnyScope() {
    assertThat(ModuleLayers.check(FIXTURE))
        .contains(
            "connector-spark/pom.xml depends on connector-testkit (compile scope): connector-spark may"
                + " depend only on connector-api (connector-testkit in test scope)",
            "connector-spark/pom.xml depends on source-beta (test scope): connector-spark may depend"
                + " only on connector-api (connector-testkit in test scope)");
  }

  @Test
  void reportsForbiddenReferencesInMainCodeButNotInComments() {
    assertThat(ModuleLayers.check(FIXTURE))
        .filteredOn(v -> v.contains("/src/main/java/"))
        .containsExactly(
            "connector-http/src/main/java/io/tributary/http/Client.java refers to io.tributary.spark"
                + " of connector-spark: connector-http may depend only on connector-api",
            "sources/alpha/src/main/java/io/tributary/source/alpha/Alpha.java refers to"
                + " io.tributary.source.beta of sources/beta: a source may depend only on connector-api"
                + " and connector-http (connector-testkit in test scope)");
  }

  @Test
  void reportsAModuleTheDesignDoesNotKnow() {
    assertThat(ModuleLayers.check(FIXTURE))
        .contains("tools: not a module DESIGN.md's module table knows; add it there and to ModuleLayers");
  }

  @Test
  void allowsTheArrowsTheDesignDrawsIncludingTestkitInTestScope() {
    assertThat(Files.exists(FIXTURE.resolve("sources/alpha/pom.xml"))).isTrue();
    assertThat(ModuleLayers.check(FIXTURE))
        .noneMatch(v -> v.startsWith("sources/alpha/pom.xml"))
        .noneMatch(v -> v.startsWith("connector-testkit"))
        .hasSize(5);
  }
}
