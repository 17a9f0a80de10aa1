package io.tributary.examples.docs;

import io.tributary.api.Columns;
import io.tributary.api.Connector;
import io.tributary.api.ConnectorFactory;
import io.tributary.api.Offset;
import io.tributary.api.OptionDef;
import io.tributary.api.OptionSet;
import io.tributary.api.OptionValues;
import io.tributary.api.ReadResult;
import io.tributary.api.TableMetadata;
import io.tributary.api.Tables;
import java.util.List;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/** A connector with a little of everything the docs render: secrets, ranges, PII, comments, a child table. */
final class FakeDocsFactory implements ConnectorFactory {
  private final String perPageDoc;

  FakeDocsFactory(String perPageDoc) {
    this.perPageDoc = perPageDoc;
  }

  @Override
  public String name() {
    return "fake";
  }

  @Override
  public String description() {
    return "A fake help desk";
  }

  @Override
  public OptionSet connectionOptions() {
    return OptionSet.of(
        OptionDef.string("api_key").secret().required().doc("The API key."),
        OptionDef.string("domain").required().doc("Your subdomain, as in https://DOMAIN.example.com."),
        OptionDef.integer("requests_per_minute", 1, 1000).withDefault("100").doc("Request budget | per minute."));
  }

  @Override
  public OptionSet tableOptions() {
    return OptionSet.of(
        OptionDef.integer("per_page", 1, 100).withDefault("30").doc(perPageDoc),
        OptionDef.oneOf("mode", "keep", "drop").withDefault("keep").doc("What to do with PII."));
  }

  @Override
  public Connector create(OptionValues options) {
    List<String> tables = List.of("tickets", "ticket_notes");
    return new Connector() {
      @Override
      public List<String> listTables() {
        return tables;
      }

      @Override
      public StructType schema(String table, OptionValues tableOptions) {
        return Tables.require(table, tables).equals("tickets")
            ? new StructType(new StructField[] {
                Columns.id("id"),
                Columns.doc(Columns.pii(Columns.string("subject")), "The ticket's subject line."),
                Columns.timestamp("updated_at"),
                Columns.array("tags", DataTypes.StringType)})
            : new StructType(new StructField[] {
                Columns.id("ticket_id"), Columns.id("id"), Columns.pii(Columns.string("body")),
                Columns.timestamp("updated_at")});
      }

      @Override
      public TableMetadata metadata(String table, OptionValues tableOptions) {
        return Tables.require(table, tables).equals("tickets")
            ? TableMetadata.cdcWithDeletes("updated_at", "id")
            : TableMetadata.cdc("updated_at", "ticket_id", "id")
                .asChildOf(new TableMetadata.ChildOf("tickets", List.of("ticket_id")));
      }

      @Override
      public ReadResult read(String table, Offset start, OptionValues tableOptions) {
        throw new UnsupportedOperationException("docs never read");
      }
    };
  }
}
