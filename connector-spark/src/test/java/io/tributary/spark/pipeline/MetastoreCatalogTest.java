package io.tributary.spark.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Destinations written by name through a Hive metastore (Spark's embedded Derby), as on a cluster
 * with a metastore: created and merged by their qualified, mixed-case names, and still there, by
 * name, for a session in a new JVM, which continues from the state location.
 */
class MetastoreCatalogTest {

  @Test
  void destinationsAreWrittenByNameAndSurviveIntoANewSession() throws Exception {
    Path base = Files.createTempDirectory("tributary-metastore");

    List<String> first = run("first", base);

    assertThat(first).contains("TABLE crm.Tickets ok ", "TABLE crm.Items_History ok ");
    assertThat(lines(first, "AFTER crm.Tickets")).containsExactly(
        "AFTER crm.Tickets 1|open", "AFTER crm.Tickets 2|open", "AFTER crm.Tickets 3|open",
        "AFTER crm.Tickets 4|pending", "AFTER crm.Tickets 5|open");
    assertThat(lines(first, "AFTER LOCATION")).singleElement().asString()
        .as("a managed table of the metastore, not a path under the warehouse")
        .contains(base.resolve("managed").toString()).doesNotContain(base.resolve("lake").toString());
    assertThat(base.resolve("lake/crm")).doesNotExist();
    assertThat(base.resolve("state/checkpoints/crm/Tickets")).isDirectory();
    assertThat(base.resolve("state/ingestion_log/_delta_log")).isDirectory();

    List<String> second = run("second", base);

    assertThat(second).contains("EXISTS true");
    assertThat(lines(second, "BEFORE crm.Tickets")).hasSize(5);
    assertThat(second).contains("TABLE crm.Tickets ok ", "TABLE crm.Items_History ok ");
    assertThat(lines(second, "AFTER crm.Tickets")).containsExactly(
        "AFTER crm.Tickets 1|solved", "AFTER crm.Tickets 3|open", "AFTER crm.Tickets 4|pending",
        "AFTER crm.Tickets 5|open", "AFTER crm.Tickets 6|open");
    assertThat(lines(second, "AFTER crm.Items_History")).contains(
        "AFTER crm.Items_History 2|b|false", "AFTER crm.Items_History 2|b2|true", "AFTER crm.Items_History 4|d|true");
  }

  private static List<String> lines(List<String> output, String prefix) {
    return output.stream().filter(l -> l.startsWith(prefix)).toList();
  }

  /** {@link MetastoreIngest} in its own JVM: Hive support needs a session of its own. */
  private static List<String> run(String mode, Path base) throws IOException, InterruptedException {
    // This test JVM's own flags (Spark's --add-opens, heap, compiler and collector) and class path.
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
    command.addAll(List.of("-Dderby.stream.error.file=" + base.resolve("derby.log"),
        "-cp", System.getProperty("java.class.path"), MetastoreIngest.class.getName(), mode, base.toString()));
    Path out = base.resolve(mode + ".out");
    Path err = base.resolve(mode + ".err");
    Process process = new ProcessBuilder(command).directory(base.toFile())
        .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    if (!process.waitFor(5, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new AssertionError(mode + " did not finish in 5 minutes; stderr:\n" + tail(err));
    }
    assertThat(process.exitValue()).as(mode + " exit code; stderr:\n" + tail(err)).isZero();
    return Files.readAllLines(out, StandardCharsets.UTF_8);
  }

  private static String tail(Path file) throws IOException {
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
  }
}
