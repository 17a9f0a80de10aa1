package io.tributary.examples.layers;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class ModuleLayersTest {
  /**
   * A module tree with forbidden arrows, laid out like the real one under its own root, which
   * only these tests import: connector-http uses connector-spark, source alpha uses source beta
   * and connector-spark, a simulator uses source alpha, and {@code tools} is a module the design
   * does not know. Every other arrow
   * in it is allowed.
   */
  private static final String FIXTURE = ModuleLayers.class.getPackageName() + ".forbidden";
  private static final Set<String> SOURCES = Set.of("freshservice", "freshdesk", "zendesk", "salesforce", "chargebee");

  @Test
  void mainCodeFollowsTheModuleArrowsOfTheDesign() {
    JavaClasses main = ModuleLayers.mainClasses();

    for (ArchRule rule : ModuleLayers.mainCodeRules(ModuleLayers.ROOT)) {
      rule.check(main);
    }
  }

  @Test
  void theRulesSeeEveryModulesMainCodeAndNoTestClass() {
    JavaClasses main = ModuleLayers.mainClasses();

    assertThat(main.stream().map(JavaClass::getPackageName).map(ModuleLayersTest::module).distinct())
        .containsExactlyInAnyOrder("api", "http", "simulator", "testkit", "spark", "source", "examples");
    assertThat(sourcesOf(main)).isEqualTo(SOURCES);
    assertThat(main.containPackage(FIXTURE)).as("the fixture is test code").isFalse();
    assertThat(main.contain(ModuleLayersTest.class)).isFalse();
    assertThat(main).noneMatch(c -> c.getSource().map(s -> s.getUri().toString()).orElse("")
        .matches(".*(/test-classes/|-tests\\.jar!?/).*"));
  }

  @Test
  void reportsAModuleArrowTheDesignForbidsAndAModuleItDoesNotKnow() {
    EvaluationResult result = ModuleLayers.moduleArrows(FIXTURE).evaluate(ModuleLayers.fixtureClasses(FIXTURE));

    assertThat(result.hasViolation()).isTrue();
    assertThat(result.getFailureReport().getDetails()).containsExactlyInAnyOrder(
        "Field <" + FIXTURE + ".http.Client.thing> has type <" + FIXTURE + ".spark.Thing> in (Client.java:0)",
        "Field <" + FIXTURE + ".source.alpha.Alpha.thing> has type <" + FIXTURE + ".spark.Thing> in (Alpha.java:0)",
        "Field <" + FIXTURE + ".simulator.Sim.alpha> has type <" + FIXTURE + ".source.alpha.Alpha> in (Sim.java:0)",
        "Class <" + FIXTURE + ".tools.Tool> is not contained in architecture");
    assertThat(result.getFailureReport().toString())
        .contains("layer 'connector-http' ('" + FIXTURE + ".http..')",
            "where layer 'connector-http' may only access layers ['connector-api']",
            "because DESIGN.md's module table allows only these arrows");
  }

  @Test
  void reportsASourceThatDependsOnAnotherSource() {
    EvaluationResult result = ModuleLayers.sourcesIndependent(FIXTURE).evaluate(ModuleLayers.fixtureClasses(FIXTURE));

    assertThat(result.getFailureReport().getDetails()).hasSize(1).first().asString()
        .startsWith("source alpha depends on source beta:")
        .contains("Method <" + FIXTURE + ".source.alpha.Alpha.name()> calls method <" + FIXTURE + ".source.beta.Beta.name()>");
  }

  private static Set<String> sourcesOf(JavaClasses classes) {
    Set<String> sources = new TreeSet<>();
    String prefix = ModuleLayers.ROOT + ".source.";
    for (JavaClass c : classes) {
      if (c.getPackageName().startsWith(prefix)) {
        sources.add(c.getPackageName().substring(prefix.length()).split("\\.")[0]);
      }
    }
    return sources;
  }

  /** The first package segment under the root: the module's package. */
  private static String module(String packageName) {
    return packageName.substring(ModuleLayers.ROOT.length() + 1).split("\\.")[0];
  }
}
