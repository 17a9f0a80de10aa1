package io.tributary.spark.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Option;

/** The options several commands share, each declared once and mixed into the commands that take it. */
final class CliOptions {
  private CliOptions() {}

  /** {@code -h}/{@code --help} on every command. */
  static final class Help {
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;
  }

  /** {@code --warehouse DIR}. */
  static final class Warehouse {
    @Option(names = "--warehouse", paramLabel = "DIR", defaultValue = LocalSpark.DEFAULT_WAREHOUSE,
        description = "The lakehouse directory: tables at DIR/<schema>/<table>, Tributary's state under"
            + " DIR/_tributary (default: ./${DEFAULT-VALUE}).")
    Path dir;

    @Option(names = "--master", paramLabel = "URL",
        description = "The Spark master, such as spark://host:7077 or local[4]. Without it, spark.master"
            + " as spark-submit sets it is used, and with neither, a local session on this machine.")
    String master;

    Path path() {
      return dir.toAbsolutePath().normalize();
    }

    /** The session this command runs on: see {@link LocalSpark}. */
    SparkSession session() {
      return LocalSpark.session(path(), Optional.ofNullable(master));
    }
  }

  /** {@code --spec FILE [--connections FILE]}: a pipeline_spec and where its connection is defined. */
  static final class Spec {
    @Option(names = "--spec", paramLabel = "FILE", required = true,
        description = "The Lakeflow pipeline_spec JSON file.")
    Path file;

    @Option(names = "--connections", paramLabel = "FILE",
        description = "The connections file defining the spec's connection_name. Spark settings"
            + " spark.tributary.connection.<name>.<option> (as -D system properties) apply as well.")
    Path connections;

    Optional<Path> connectionsFile() {
      return Optional.ofNullable(connections);
    }
  }

  /** {@code --source NAME [--option key=value ...]}: a connector and its options. */
  static final class Source {
    @Option(names = "--source", paramLabel = "NAME", completionCandidates = Sources.Names.class,
        description = "The connector: ${COMPLETION-CANDIDATES}.")
    String name;

    @Option(names = "--option", paramLabel = "KEY=VALUE",
        description = "A connection option (credentials, host) or table option of the connector;"
            + " repeat for each.")
    Map<String, String> options = new LinkedHashMap<>();
  }
}
