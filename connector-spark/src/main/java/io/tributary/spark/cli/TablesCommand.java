package io.tributary.spark.cli;

import io.tributary.api.Connector;
import io.tributary.api.ConnectorFactory;
import io.tributary.api.OptionValues;
import io.tributary.api.TableMetadata;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * {@code tributary tables --source NAME [--option k=v ...]}: the connector's tables with their
 * ingestion type, keys, cursor and parent. Tables and schemas are static, so no credentials are
 * needed: options are validated with {@code validateForDescription}, which lets required ones be
 * missing but still rejects unknown or malformed ones.
 */
final class TablesCommand {
  static final String USAGE = """
      Usage: tributary tables --source NAME [--option key=value ...]

      Lists the tables of a connector: ingestion type, primary keys, cursor field and parent
      table. Needs no credentials. Options are the connector's connection or table options.
      """;

  private TablesCommand() {}

  static int run(List<String> args, PrintStream out) {
    CommandLine line = CommandLine.parse("tables", args, Set.of("source"), Set.of("option"));
    rejectPositionals(line);
    ConnectorFactory factory = Sources.find(line);
    SourceOptions options = SourceOptions.split(factory, line.keyValues("option"));
    OptionValues connection = factory.connectionOptions().validateForDescription(options.connection());
    OptionValues tableOptions = factory.tableOptions().validateForDescription(options.table());
    List<List<String>> rows = new ArrayList<>();
    rows.add(List.of("TABLE", "INGESTION", "PRIMARY KEYS", "CURSOR", "PARENT"));
    try (Connector connector = factory.create(connection)) {
      for (String table : connector.listTables()) {
        TableMetadata metadata = connector.metadata(table, tableOptions);
        rows.add(List.of(
            table,
            metadata.ingestionType().wireName(),
            String.join(", ", metadata.primaryKeys()),
            metadata.cursorField().orElse("-"),
            metadata.childOf().map(TableMetadata.ChildOf::parentTable).orElse("-")));
      }
    }
    out.println(factory.name() + ": " + factory.description());
    out.print(TextTable.render(rows));
    return TributaryCli.OK;
  }

  static void rejectPositionals(CommandLine line) {
    if (!line.positionals().isEmpty()) {
      throw new UsageException(line.command(), "Unexpected argument '" + line.positionals().get(0) + "'");
    }
  }
}
