package io.tributary.examples.layers;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.ArchConfiguration;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.lang.ArchRule;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The module arrows of DESIGN.md's module table, as ArchUnit rules over the compiled classes of a
 * package root: {@code io.tributary} for the real modules, and the root of a fixture for the test
 * that shows a forbidden arrow is caught. Each module owns one package, so a package arrow is a
 * module arrow.
 *
 * <pre>
 * api        -> nothing of ours
 * http       -> api
 * simulators -> api              (never a source: a simulator follows the vendor's docs)
 * testkit    -> api, http, simulators
 * spark      -> api              (testkit in test scope)
 * source/*   -> api, http        (simulators and testkit in test scope); never another source
 * examples   -> everything
 * </pre>
 *
 * <p>A source's test code is held to its arrows by Maven itself: its test class path has
 * connector-api, connector-http, the simulators and the testkit, and no other source, no
 * connector-spark and no examples (no module ships a test jar).
 */
final class ModuleLayers {
  static final String ROOT = "io.tributary";

  private static final String API = "connector-api";
  private static final String HTTP = "connector-http";
  private static final String SIMULATORS = "simulators";
  private static final String TESTKIT = "connector-testkit";
  private static final String SPARK = "connector-spark";
  private static final String SOURCES = "sources";
  private static final String EXAMPLES = "examples";

  /**
   * Maven puts test classes in {@code <build dir>/test-classes} and test jars end in
   * {@code -tests.jar}; ArchUnit's own DoNotIncludeTests knows only a build dir named target, and
   * builders here also use target-x.
   */
  private static final Pattern TEST_OUTPUT = Pattern.compile(".*(/test-classes/|-tests\\.jar!?/).*");

  private ModuleLayers() {}

  /** Main code's arrows: every class under {@code root} is in a module, and uses only the modules the table allows. */
  static List<ArchRule> mainCodeRules(String root) {
    return List.of(moduleArrows(root), sourcesIndependent(root));
  }

  static ArchRule moduleArrows(String root) {
    return layeredArchitecture().consideringOnlyDependenciesInLayers()
        .layer(API).definedBy(root + ".api..")
        .layer(HTTP).definedBy(root + ".http..")
        .layer(SIMULATORS).definedBy(root + ".simulator..")
        .layer(TESTKIT).definedBy(root + ".testkit..")
        .layer(SPARK).definedBy(root + ".spark..")
        .layer(SOURCES).definedBy(root + ".source..")
        .layer(EXAMPLES).definedBy(root + ".examples..")
        .whereLayer(API).mayNotAccessAnyLayer()
        .whereLayer(HTTP).mayOnlyAccessLayers(API)
        .whereLayer(SIMULATORS).mayOnlyAccessLayers(API)
        .whereLayer(TESTKIT).mayOnlyAccessLayers(API, HTTP, SIMULATORS)
        .whereLayer(SPARK).mayOnlyAccessLayers(API)
        .whereLayer(SOURCES).mayOnlyAccessLayers(API, HTTP)
        .ensureAllClassesAreContainedInArchitecture()
        .because("DESIGN.md's module table allows only these arrows (a new module goes into that table and here)");
  }

  static ArchRule sourcesIndependent(String root) {
    return slices().matching(root + ".source.(*)..").namingSlices("source $1")
        .should().notDependOnEachOther()
        .because("DESIGN.md: nothing depends on a source except examples");
  }

  /** The main classes of every module on the class path: no test class, no class of a test jar. */
  static JavaClasses mainClasses() {
    return MainClasses.ALL;
  }

  /** Imported once per JVM: a class path the size of Spark's takes seconds to read. */
  private static final class MainClasses {
    static final JavaClasses ALL = importPackage(ROOT,
        new ImportOption.DoNotIncludeTests(), location -> !isTestOutput(location));
  }

  /** The classes of a fixture tree compiled with these tests, and nothing else. */
  static JavaClasses fixtureClasses(String root) {
    return importPackage(root);
  }

  /**
   * The rules look only at arrows between our own packages, which are all imported, so the
   * classes they use from Spark and the JDK need not be read too (that would take minutes).
   */
  private static JavaClasses importPackage(String name, ImportOption... options) {
    return ArchConfiguration.withThreadLocalScope(config -> {
      config.setResolveMissingDependenciesFromClassPath(false);
      return new ClassFileImporter(List.of(options)).importPackages(name);
    });
  }

  static boolean isTestOutput(Location location) {
    return location.matches(TEST_OUTPUT);
  }
}
