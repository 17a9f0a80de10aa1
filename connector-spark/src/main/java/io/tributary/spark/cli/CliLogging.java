package io.tributary.spark.cli;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.Filter;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.OutputStreamAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.logging.log4j.core.config.builder.api.ConfigurationBuilder;
import org.apache.logging.log4j.core.config.builder.api.ConfigurationBuilderFactory;
import org.apache.logging.log4j.core.config.builder.impl.BuiltConfiguration;
import org.apache.logging.log4j.core.layout.PatternLayout;

/**
 * Keeps Spark's logging off stdout and out of the way: WARN and above, to the CLI's stderr. Spark
 * would otherwise load its own default profile, which logs every stage at INFO. A user who
 * configures log4j2 themselves (with {@code -Dlog4j2.configurationFile}) keeps their
 * configuration.
 *
 * <p>Without {@code --verbose}, each log line is cut to its first line and Spark's and Delta's
 * ERROR lines are dropped: a failed table makes Spark log the failure, with its stack trace, from
 * the executor, the scheduler and the stream, while the CLI already reports it as one line.
 */
final class CliLogging {
  private static final String APPENDER = "tributary-cli";
  private static final String VERBOSE_PATTERN = "%d{HH:mm:ss} %p %c{1}: %m%n%ex";
  /** The message's first line only; Spark puts stack traces in the message text too ("Lost task"). */
  private static final String QUIET_PATTERN = "%d{HH:mm:ss} %p %c{1}: %replace{%m}{(?s)[\\r\\n].*}{}%n";
  /** Loggers whose own ERROR lines repeat a failure the CLI reports: Spark's, and Delta's. */
  private static final String[] ENGINES = {"org.apache.spark", "io.delta"};

  private CliLogging() {}

  /** Before anything logs: WARN and above to stderr, one line each. */
  static void quietUnlessConfigured() {
    if (!userConfigured()) {
      configure(System.err, false);
    }
  }

  /**
   * Sends the logs to {@code err} while one command line runs, with stack traces only when {@code
   * verbose}; closing goes back to {@link #quietUnlessConfigured}. Does nothing when the user
   * configured log4j2.
   */
  static AutoCloseable during(PrintStream err, boolean verbose) {
    if (userConfigured()) {
      return () -> { };
    }
    configure(err, verbose);
    return () -> configure(System.err, false);
  }

  static boolean userConfigured() {
    return System.getProperty("log4j2.configurationFile") != null
        || System.getProperty("log4j.configurationFile") != null;
  }

  private static void configure(PrintStream err, boolean verbose) {
    ConfigurationBuilder<BuiltConfiguration> builder = ConfigurationBuilderFactory.newConfigurationBuilder();
    builder.setConfigurationName("tributary-cli");
    builder.add(builder.newRootLogger(Level.WARN));
    // Hadoop warns on every start that it has no native library; Delta and Spark warn about
    // settings a local run does not need. None of it is actionable for a CLI user.
    Level silenced = verbose ? Level.ERROR : Level.OFF;
    builder.add(builder.newLogger("org.apache.hadoop", silenced));
    builder.add(builder.newLogger("org.apache.spark.util.Utils", silenced));
    // Delta MERGE checkpoints its source locally; Spark warns once per batch that this is so.
    builder.add(builder.newLogger("org.apache.spark.rdd.MapPartitionsRDD", silenced));
    builder.add(builder.newLogger("org.apache.spark.sql.internal.SharedState", silenced));
    if (!verbose) {
      // "Lost task ...: <the exception>" repeats the table's failure, which the CLI reports.
      builder.add(builder.newLogger("org.apache.spark.scheduler.TaskSetManager", Level.OFF));
      for (String engine : ENGINES) {
        builder.add(builder.newLogger(engine, Level.WARN)
            .add(builder.newFilter("LevelRangeFilter", Filter.Result.NEUTRAL, Filter.Result.DENY)
                .addAttribute("minLevel", Level.WARN).addAttribute("maxLevel", Level.WARN)));
      }
    }
    Configurator.reconfigure(builder.build());
    LoggerContext context = LoggerContext.getContext(false);
    Configuration configuration = context.getConfiguration();
    PatternLayout layout = PatternLayout.newBuilder()
        .withConfiguration(configuration)
        .withPattern(verbose ? VERBOSE_PATTERN : QUIET_PATTERN)
        .withAlwaysWriteExceptions(verbose)
        .build();
    OutputStreamAppender appender = OutputStreamAppender.newBuilder()
        .setName(APPENDER)
        .setTarget(new Unclosable(err))
        .setLayout(layout)
        .setConfiguration(configuration)
        .build();
    appender.start();
    configuration.addAppender(appender);
    configuration.getRootLogger().addAppender(appender, null, null);
    context.updateLoggers();
  }

  /** The appender closes its stream when logging is reconfigured; the CLI's stderr must stay open. */
  private static final class Unclosable extends FilterOutputStream {
    Unclosable(OutputStream out) {
      super(out);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
      out.write(bytes, offset, length);
    }

    @Override
    public void close() throws IOException {
      flush();
    }
  }
}
