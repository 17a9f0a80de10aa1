package io.tributary.spark.cli;

import io.tributary.api.Connector;
import io.tributary.api.ConnectorFactory;
import io.tributary.api.OptionValues;
import io.tributary.api.ResolvedOptions;
import io.tributary.api.TableMetadata;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code tributary tables --source NAME [--option k=v ...]}: the connector's tables with their
 * ingestion type, keys, cursor and parent. Tables and schemas are static, so no credentials are
 * needed: required options may be missing, but unknown or malformed ones are refused.
 */
@Command(name = "tables", sortOptions = false,
    description = {"List a connector's tables (no credentials needed).",
        "Shows each table's ingestion type, primary keys, cursor field and parent table."})
final class TablesCommand implements Callable<Integer> {
  @Mixin CliOptions.Source source;
  @Mixin CliOptions.Help help;

  private final CliStreams io;

  TablesCommand(CliStreams io) {
    this.io = io;
  }

  @Override
  public Integer call() {
    ConnectorFactory factory = Sources.find(source, "tables");
    ResolvedOptions options = ResolvedOptions.resolve(factory, null, source.options, List.of()).requireDescribable();
    OptionValues tableOptions = options.table();
    List<List<String>> rows = new ArrayList<>();
    rows.add(List.of("TABLE", "INGESTION", "PRIMARY KEYS", "CURSOR", "PARENT"));
    try (Connector connector = factory.create(options.connection())) {
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
    io.out().println(factory.name() + ": " + factory.description());
    io.out().print(TextTable.render(rows));
    return TributaryCli.OK;
  }
}
