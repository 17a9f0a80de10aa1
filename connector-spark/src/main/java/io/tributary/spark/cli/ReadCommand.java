package io.tributary.spark.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.api.Connector;
import io.tributary.api.ConnectorFactory;
import io.tributary.api.InternalException;
import io.tributary.api.Json;
import io.tributary.api.Offset;
import io.tributary.api.OptionValues;
import io.tributary.api.ReadResult;
import io.tributary.api.ResolvedOptions;
import io.tributary.api.Tables;
import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code tributary read --source NAME --table T [--option k=v ...] [--limit N]}: previews a
 * table's records as JSON lines, exactly as the connector returns them (before conversion to
 * rows). It calls the connector directly, without Spark, and stops reading once it has {@code N}
 * records, so a preview of a large table costs a page or two.
 */
@Command(name = "read", sortOptions = false,
    description = {"Preview a table's records as JSON lines on stdout, read from the start.",
        "Calls the connector directly, without Spark, and stops after --limit records."})
final class ReadCommand implements Callable<Integer> {
  @Mixin CliOptions.Source source;

  @Option(names = "--table", paramLabel = "TABLE", description = "The table to read; list them with 'tributary tables'.")
  String table;

  @Option(names = "--limit", paramLabel = "N", defaultValue = "20",
      description = "How many records to print (default: ${DEFAULT-VALUE}).")
  int limit;

  @Mixin CliOptions.Help help;

  private final CliStreams io;

  ReadCommand(CliStreams io) {
    this.io = io;
  }

  @Override
  public Integer call() {
    ConnectorFactory factory = Sources.find(source, "read");
    if (table == null) {
      throw new UsageException("read", "Missing option '--table': name a table; list them with: tributary tables --source "
          + factory.name());
    }
    if (limit <= 0) {
      throw new UsageException("read", "Invalid value '" + limit + "' for '--limit': must be a positive whole number");
    }
    ResolvedOptions options = ResolvedOptions.resolve(factory, table, source.options, List.of()).requireComplete();
    OptionValues tableOptions = options.table();
    PrintStream out = io.out();
    try (Connector connector = factory.create(options.connection())) {
      Tables.require(table, connector.listTables());
      int printed = 0;
      Offset offset = Offset.START;
      java.time.Instant began = java.time.Instant.now();
      while (printed < limit) {
        ReadResult result = connector.read(table, offset, tableOptions);
        for (ObjectNode record : result.records()) {
          if (printed == limit) {
            break;
          }
          out.println(json(record));
          printed++;
        }
        if (result.caughtUp(offset) || result.listedSince(began)) {
          break;
        }
        offset = result.endOffset();
      }
      out.flush();
    }
    return TributaryCli.OK;
  }

  private static String json(ObjectNode record) {
    try {
      return Json.MAPPER.writeValueAsString(record);
    } catch (JsonProcessingException e) {
      throw new InternalException("Cannot print a record as JSON: " + e.getOriginalMessage(), e);
    }
  }
}
