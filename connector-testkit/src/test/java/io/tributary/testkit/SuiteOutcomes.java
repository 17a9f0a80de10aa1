package io.tributary.testkit;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/** Launches a conformance suite class and collects the outcome of each of its checks. */
final class SuiteOutcomes {
  private SuiteOutcomes() {}

  /**
   * Outcome per check, keyed "container/check" below {@code conformance()} (the check without the
   * table its display name starts with): "ok", "aborted: " and the reason, or the failure message;
   * a failed container is keyed "name(container)".
   */
  static Map<String, String> of(Class<?> suite) {
    Map<String, String> outcomes = new LinkedHashMap<>();
    LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request().selectors(selectClass(suite)).build();
    Launcher launcher = LauncherFactory.create();
    launcher.execute(request, new TestExecutionListener() {
      private TestPlan plan;

      @Override
      public void testPlanExecutionStarted(TestPlan testPlan) {
        plan = testPlan;
      }

      @Override
      public void executionSkipped(TestIdentifier id, String reason) {
        outcomes.put(name(id), "skipped: " + reason);
      }

      @Override
      public void executionFinished(TestIdentifier id, TestExecutionResult result) {
        if (!id.isTest()) {
          result.getThrowable().ifPresent(t -> outcomes.put(name(id) + "(container)", String.valueOf(t)));
          return;
        }
        String message = result.getThrowable().map(Throwable::getMessage).orElse(result.getStatus().toString());
        outcomes.put(name(id), switch (result.getStatus()) {
          case SUCCESSFUL -> "ok";
          case ABORTED -> "aborted: " + message;
          case FAILED -> message;
        });
      }

      /** The check's name without the "table › " its display name starts with. */
      private String name(TestIdentifier id) {
        String name = id.getDisplayName();
        if (id.isTest() && name.contains(" \u203a ")) {
          name = name.substring(name.lastIndexOf(" \u203a ") + 3);
        }
        for (TestIdentifier parent = plan.getParent(id).orElse(null);
            parent != null && !parent.getDisplayName().equals("conformance()");
            parent = plan.getParent(parent).orElse(null)) {
          name = parent.getDisplayName() + "/" + name;
        }
        return name;
      }
    });
    return outcomes;
  }
}
