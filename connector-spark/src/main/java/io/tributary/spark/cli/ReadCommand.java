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
import io.tributary.api.Tables;
import java.io.PrintStream;
import java.util.List;
import java.util.Set;

/**
 * {@code tributary read --source NAME --table T [--option k=v ...] [--limit N]}: previews a
 * table's records as JSON lines, exactly as the connector returns them (before conversion to
 * rows). It calls the connector directly, without Spark, and stops reading once it has {@code N}
 * records, so a preview of a large table costs a page or two.
 */
final class ReadCommand {
  static final int DEFAULT_LIMIT = 20;
  static final String USAGE = """
      Usage: tributary read --source NAME --table TABLE [--option key=value ...] [--limit N]

      Prints up to N records (default %d) of a table as JSON lines on stdout, read from the
      start. Options are the connector's connection options (credentials, host) and table
      options.
      """.formatted(DEFAULT_LIMIT);

  private ReadCommand() {}

  static int run(List<String> args, PrintStream out) {
    CommandLine line = CommandLine.parse("read", args, Set.of("source", "table", "limit"), Set.of("option"));
    TablesCommand.rejectPositionals(line);
    ConnectorFactory factory = Sources.find(line);
    String table = line.required("table", "name a table; list them with: tributary tables --source " + factory.name());
    int limit = line.positiveInt("limit", DEFAULT_LIMIT);
    SourceOptions options = SourceOptions.split(factory, line.keyValues("option"));
    OptionValues connection = factory.connectionOptions().validate(options.connection());
    OptionValues tableOptions = factory.tableOptions().validate(options.table());
    try (Connector connector = factory.create(connection)) {
      Tables.require(table, connector.listTables());
      int printed = 0;
      Offset offset = Offset.START;
      while (printed < limit) {
        ReadResult result = connector.read(table, offset, tableOptions);
        for (ObjectNode record : result.records()) {
          if (printed == limit) {
            break;
          }
          out.println(json(record));
          printed++;
        }
        if (result.caughtUp(offset)) {
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
