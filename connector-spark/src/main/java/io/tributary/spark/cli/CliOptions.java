package io.tributary.spark.cli;

import io.tributary.spark.pipeline.IngestionOptions;
import io.tributary.spark.pipeline.Lakehouse;
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

  /** {@code --warehouse DIR|URI [--state-location DIR|URI] [--master URL]}. */
  static final class Warehouse {
    @Option(names = "--warehouse", paramLabel = "DIR|URI", defaultValue = LocalSpark.DEFAULT_WAREHOUSE,
        description = "The lakehouse: a directory or a Hadoop URI such as hdfs://nn/lake, s3a://bucket/lake,"
            + " abfss://c@account.dfs.core.windows.net/lake or /Volumes/main/raw/lake. Tables at"
            + " <warehouse>/<schema>/<table> unless written by catalog name (default: ./${DEFAULT-VALUE}).")
    String dir;

    @Option(names = "--state-location", paramLabel = "DIR|URI",
        description = "Where Tributary keeps its checkpoints and ingestion log (default: <warehouse>/_tributary).")
    String state;

    @Option(names = "--master", paramLabel = "URL",
        description = "The Spark master, such as spark://host:7077 or local[4]. Without it, spark.master"
            + " as spark-submit sets it is used, and with neither, a local session on this machine.")
    String master;

    /**
     * The warehouse as given: a plain path is qualified as Spark qualifies one, against the default
     * file system (the working directory on a laptop, HDFS on a cluster whose default it is).
     */
    String location() {
      return dir;
    }

    IngestionOptions options() {
      IngestionOptions options = IngestionOptions.at(dir);
      return state == null ? options : options.withStateLocation(state);
    }

    Lakehouse lakehouse(SparkSession spark) {
      return Lakehouse.of(spark, options());
    }

    /** The session this command runs on: see {@link LocalSpark}. */
    SparkSession session() {
      return LocalSpark.session(location(), Optional.ofNullable(master));
    }
  }

  /** {@code --spec FILE|URI [--connections FILE|URI]}: a pipeline_spec and where its connection is defined. */
  static final class Spec {
    @Option(names = "--spec", paramLabel = "FILE|URI", required = true,
        description = "The Lakeflow pipeline_spec JSON file: a local path or a Hadoop URI.")
    String file;

    @Option(names = "--connections", paramLabel = "FILE|URI",
        description = "The connections file defining the spec's connection_name, a local path or a Hadoop URI."
            + " Spark settings spark.tributary.connection.<name>.<option> (as -D system properties or"
            + " spark-submit --conf) apply as well.")
    String connections;

    String specFile() {
      return LocalPaths.absoluteIfPlain(file);
    }

    Optional<String> connectionsFile() {
      return Optional.ofNullable(connections).map(LocalPaths::absoluteIfPlain);
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
