package io.tributary.spark.cli;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.appender.ConsoleAppender;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.logging.log4j.core.config.builder.api.ConfigurationBuilder;
import org.apache.logging.log4j.core.config.builder.api.ConfigurationBuilderFactory;
import org.apache.logging.log4j.core.config.builder.impl.BuiltConfiguration;

/**
 * Keeps Spark's logging off stdout and out of the way: WARN and above, to stderr. Spark would
 * otherwise load its own default profile, which logs every stage at INFO. A user who configures
 * log4j2 themselves (with {@code -Dlog4j2.configurationFile}) keeps their configuration.
 */
final class CliLogging {
  private CliLogging() {}

  static void quietUnlessConfigured() {
    if (System.getProperty("log4j2.configurationFile") != null
        || System.getProperty("log4j.configurationFile") != null) {
      return;
    }
    ConfigurationBuilder<BuiltConfiguration> builder = ConfigurationBuilderFactory.newConfigurationBuilder();
    builder.setConfigurationName("tributary-cli");
    builder.add(builder.newAppender("stderr", "Console")
        .addAttribute("target", ConsoleAppender.Target.SYSTEM_ERR)
        .add(builder.newLayout("PatternLayout").addAttribute("pattern", "%d{HH:mm:ss} %p %c{1}: %m%n%ex")));
    builder.add(builder.newRootLogger(Level.WARN).add(builder.newAppenderRef("stderr")));
    // Hadoop warns on every start that it has no native library; Delta and Spark warn about
    // settings a local run does not need. None of it is actionable for a CLI user.
    builder.add(builder.newLogger("org.apache.hadoop", Level.ERROR));
    builder.add(builder.newLogger("org.apache.spark.util.Utils", Level.ERROR));
    // Delta MERGE checkpoints its source locally; Spark warns once per batch that this is so.
    builder.add(builder.newLogger("org.apache.spark.rdd.MapPartitionsRDD", Level.ERROR));
    builder.add(builder.newLogger("org.apache.spark.sql.internal.SharedState", Level.ERROR));
    Configurator.reconfigure(builder.build());
  }
}
