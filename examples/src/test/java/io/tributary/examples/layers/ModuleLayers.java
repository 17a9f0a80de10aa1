package io.tributary.examples.layers;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.ArchConfiguration;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.lang.ArchRule;
import java.net.URISyntaxException;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The module arrows of DESIGN.md's module table, as ArchUnit rules over the compiled classes of a
 * package root: {@code io.tributary} for the real modules, and the root of a fixture for the test
 * that shows a forbidden arrow is caught. Each module owns one package, so a package arrow is a
 * module arrow.
 *
 * <pre>
 * api      -> nothing of ours
 * http     -> api
 * testkit  -> api, http
 * spark    -> api                (testkit in test scope)
 * source/* -> api, http          (testkit in test scope); never another source
 * examples -> everything
 * </pre>
 */
final class ModuleLayers {
  static final String ROOT = "io.tributary";

  private static final String API = "connector-api";
  private static final String HTTP = "connector-http";
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
        .layer(TESTKIT).definedBy(root + ".testkit..")
        .layer(SPARK).definedBy(root + ".spark..")
        .layer(SOURCES).definedBy(root + ".source..")
        .layer(EXAMPLES).definedBy(root + ".examples..")
        .whereLayer(API).mayNotAccessAnyLayer()
        .whereLayer(HTTP).mayOnlyAccessLayers(API)
        .whereLayer(TESTKIT).mayOnlyAccessLayers(API, HTTP)
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

  /**
   * A source's tests may add connector-testkit and nothing else: they do not reach into another
   * source, connector-spark or examples either.
   */
  static ArchRule sourceTestCode(String root) {
    return noClasses().that().resideInAPackage(root + ".source..")
        .should().dependOnClassesThat().resideInAnyPackage(root + ".spark..", root + ".examples..")
        .because("DESIGN.md: a source's tests may use connector-testkit besides connector-api and connector-http");
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

  /**
   * The test classes of the sources' test jars (which examples has on its class path for the demo
   * simulators), without examples' own tests.
   */
  static JavaClasses sourcesTestClasses() {
    String own = ownTestOutput();
    return importPackage(ROOT + ".source",
        location -> isTestOutput(location) && !location.asURI().toString().startsWith(own));
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

  private static String ownTestOutput() {
    try {
      return ModuleLayers.class.getProtectionDomain().getCodeSource().getLocation().toURI().toString();
    } catch (URISyntaxException e) {
      throw new IllegalStateException("Cannot locate examples' test classes", e);
    }
  }
}
