package io.tributary.examples.docs;

import io.tributary.api.Columns;
import io.tributary.api.Connector;
import io.tributary.api.ConnectorFactory;
import io.tributary.api.OptionDef;
import io.tributary.api.OptionSet;
import io.tributary.api.OptionValues;
import io.tributary.api.TableMetadata;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Renders a connector's option and table definitions as Markdown. Everything comes from the
 * code's own declarations (OptionDefs, listTables, schema, metadata), read without credentials,
 * so the docs cannot drift from what the connector accepts.
 */
final class DocsMarkdown {
  private DocsMarkdown() {}

  static String options(ConnectorFactory factory) {
    StringBuilder md = new StringBuilder();
    md.append("### Connection options\n\n");
    md.append(optionTable(factory.connectionOptions()));
    md.append("\n### Table options\n\n");
    md.append("Set per table in a pipeline spec's `table_configuration`, or as `--option` on the command line.\n\n");
    md.append(optionTable(factory.tableOptions()));
    return md.toString();
  }

  static String tables(ConnectorFactory factory) {
    OptionValues tableOptions = factory.tableOptions().validateForDescription(Map.of());
    StringBuilder md = new StringBuilder();
    try (Connector connector = factory.create(factory.connectionOptions().validateForDescription(Map.of()))) {
      List<String> tables = connector.listTables();
      List<List<String>> summary = new ArrayList<>();
      summary.add(List.of("Table", "Ingestion", "Primary keys", "Cursor", "Parent"));
      for (String table : tables) {
        TableMetadata metadata = connector.metadata(table, tableOptions);
        summary.add(List.of(
            "[`" + table + "`](#" + anchor(table) + ")",
            "`" + metadata.ingestionType().wireName() + "`",
            code(String.join("`, `", metadata.primaryKeys())),
            metadata.cursorField().map(DocsMarkdown::code).orElse(""),
            metadata.childOf().map(c -> code(c.parentTable())).orElse("")));
      }
      md.append(table(summary));
      for (String table : tables) {
        md.append("\n#### ").append(table).append("\n\n");
        List<List<String>> columns = new ArrayList<>();
        columns.add(List.of("Column", "Type", "PII", "Description"));
        StructType schema = connector.schema(table, tableOptions);
        for (StructField field : schema.fields()) {
          columns.add(List.of(
              code(field.name()),
              code(field.dataType().simpleString()),
              Columns.isPii(field) ? "yes" : "",
              field.metadata().contains(Columns.COMMENT) ? field.metadata().getString(Columns.COMMENT) : ""));
        }
        md.append(table(columns));
      }
    }
    return md.toString();
  }

  private static String optionTable(OptionSet options) {
    if (options.definitions().isEmpty()) {
      return "None.\n";
    }
    List<List<String>> rows = new ArrayList<>();
    rows.add(List.of("Name", "Type", "Default", "Range", "Required", "Secret", "Description"));
    for (OptionDef def : options.definitions()) {
      rows.add(List.of(
          code(def.name()),
          def.type().label(),
          def.defaultValue() == null ? "" : code(def.defaultValue()),
          def.rangeText(),
          def.isRequired() ? "yes" : "",
          def.isSecret() ? "yes" : "",
          def.doc()));
    }
    return table(rows);
  }

  /** A Markdown table; the first row is the header. Pipes and line breaks in cells are escaped. */
  static String table(List<List<String>> rows) {
    StringBuilder md = new StringBuilder();
    for (int r = 0; r < rows.size(); r++) {
      md.append('|');
      for (String cell : rows.get(r)) {
        md.append(' ').append(cell.replace("|", "\\|").replace("\n", " ").strip()).append(" |");
      }
      md.append('\n');
      if (r == 0) {
        md.append("|---".repeat(rows.get(0).size())).append("|\n");
      }
    }
    return md.toString();
  }

  private static String code(String text) {
    return text.isEmpty() ? "" : "`" + text + "`";
  }

  /** GitHub's heading anchor for a table name: lower case, spaces to dashes, other punctuation dropped. */
  static String anchor(String heading) {
    return heading.toLowerCase().replaceAll("[^a-z0-9 _-]", "").replace(' ', '-');
  }
}
