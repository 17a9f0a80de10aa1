package io.tributary.spark.cli;

import io.tributary.api.Connector;
import io.tributary.api.ConnectorFactory;
import io.tributary.api.OptionValues;
import io.tributary.api.ResolvedOptions;
import io.tributary.api.TributaryException;
import io.tributary.api.UserException;
import io.tributary.spark.pipeline.Connection;
import io.tributary.spark.pipeline.Connections;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code tributary check --connections FILE [--connection NAME]}: builds each connection's
 * connector and calls {@link Connector#check()}, the cheapest authenticated call its provider
 * offers, so wrong credentials or a wrong domain show before an ingest is scheduled. One line per
 * connection on stdout, every connection checked even after one fails. A secret of the
 * connections file never appears in the output, even if a connector's message held one.
 */
@Command(name = "check", sortOptions = false,
    description = {"Check that connections work, with the cheapest authenticated call of each provider.",
        "Prints one line per connection on stdout: 'ok   NAME  what it verified' or 'FAIL NAME  the problem'."
            + " Exits 0 when every connection is ok, 2 otherwise."})
final class CheckCommand implements Callable<Integer> {
  private static final String OK = "ok";
  private static final String FAIL = "FAIL";

  @Option(names = "--connections", paramLabel = "FILE", required = true,
      description = "The connections file whose connections to check.")
  Path file;

  @Option(names = "--connection", paramLabel = "NAME",
      description = "Check only this connection of the file (default: every one).")
  String only;

  @Mixin CliOptions.Help help;

  private final CliStreams io;

  CheckCommand(CliStreams io) {
    this.io = io;
  }

  /** What checking one connection found: ok, or the problem, already free of secrets. */
  private record Outcome(boolean ok, String text) {}

  @Override
  public Integer call() {
    Connections connections = Connections.load(file);
    List<String> names = new ArrayList<>(connections.names());
    if (only != null) {
      if (!names.contains(only)) {
        throw new UsageException("check", "Unknown connection '" + only + "' for --connection: " + file
            + (names.isEmpty() ? " defines none" : " defines " + String.join(", ", names)));
      }
      names = List.of(only);
    }
    if (names.isEmpty()) {
      throw new UserException("Cannot check connections file " + file + ": it defines no connection");
    }
    int width = names.stream().mapToInt(String::length).max().orElse(0);
    boolean allOk = true;
    for (String name : names) {
      Outcome outcome = check(connections, name);
      allOk &= outcome.ok();
      io.out().println(String.format("%-4s %-" + width + "s  %s", outcome.ok() ? OK : FAIL, name, outcome.text()).strip());
      io.out().flush();
    }
    return allOk ? TributaryCli.OK : TributaryCli.BAD_INPUT;
  }

  private static Outcome check(Connections connections, String name) {
    List<String> secrets = List.of();
    try {
      Connection connection = connections.connection(name);
      ConnectorFactory factory = ConnectorFactory.find(connection.source());
      ResolvedOptions options = ResolvedOptions.connection(factory, connection.options());
      secrets = options.connection().secretValues();
      try (Connector connector = factory.create(options.requireComplete().connection())) {
        return new Outcome(true, OptionValues.redact(oneLine(connector.check()), secrets));
      }
    } catch (UnsupportedOperationException e) {
      return new Outcome(false, "cannot check: " + OptionValues.redact(oneLine(e.getMessage()), secrets));
    } catch (UserException e) {
      return new Outcome(false, OptionValues.redact(String.join("; ", e.problems()), secrets));
    } catch (TributaryException e) {
      return new Outcome(false, OptionValues.redact(oneLine(e.getMessage()), secrets));
    } catch (RuntimeException e) {
      return new Outcome(false, OptionValues.redact(TributaryCli.message(e), secrets));
    }
  }

  private static String oneLine(String text) {
    return text == null || text.isBlank() ? "(no detail)" : text.strip().replaceAll("\\s*\\R\\s*", "; ");
  }
}
