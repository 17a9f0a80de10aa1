package io.tributary.spark.cli;

import io.tributary.api.Columns;
import io.tributary.api.CommonOptions;
import io.tributary.api.Connector;
import io.tributary.api.ConnectorFactory;
import io.tributary.api.ExternalException;
import io.tributary.api.Offset;
import io.tributary.api.OptionDef;
import io.tributary.api.OptionSet;
import io.tributary.api.OptionValues;
import io.tributary.api.ReadResult;
import io.tributary.api.TableMetadata;
import io.tributary.api.Tables;
import io.tributary.api.UserException;
import java.util.List;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * A connector named {@code keyed} whose connection requires a secret {@code api_key} and a {@code
 * domain}, like a real SaaS source; reads and {@link Connector#check()} accept only the key {@value
 * #GOOD_KEY}, and a check on the domain {@value #DOWN_DOMAIN} meets a provider outage. Its tables
 * are static, so they can be listed without credentials.
 */
public final class KeyedConnectorFactory implements ConnectorFactory {
  static final String GOOD_KEY = "good-key-123";
  static final String DOWN_DOMAIN = "down";

  private static final OptionSet CONNECTION = OptionSet.of(
      OptionDef.string("api_key").secret().required().doc("The API key."),
      OptionDef.string("domain").required().doc("The account's subdomain."));

  @Override
  public String name() {
    return "keyed";
  }

  @Override
  public String description() {
    return "A test connector that needs credentials";
  }

  @Override
  public OptionSet connectionOptions() {
    return CONNECTION;
  }

  @Override
  public OptionSet tableOptions() {
    return CommonOptions.tableOptions(100, 30);
  }

  @Override
  public Connector create(OptionValues options) {
    String key = options.optional("api_key").orElse("");
    String domain = options.optional("domain").orElse("");
    return new Connector() {
      private final List<String> tables = List.of("agents", "tickets", "ticket_notes");

      @Override
      public List<String> listTables() {
        return tables;
      }

      @Override
      public StructType schema(String table, OptionValues tableOptions) {
        Tables.require(table, tables);
        return new StructType(new StructField[] {Columns.id("id"), Columns.timestamp("updated_at")});
      }

      @Override
      public TableMetadata metadata(String table, OptionValues tableOptions) {
        return switch (Tables.require(table, tables)) {
          case "agents" -> TableMetadata.snapshot("id");
          case "tickets" -> TableMetadata.cdcWithDeletes("updated_at", "id");
          default -> TableMetadata.cdc("updated_at", "ticket_id", "id")
              .asChildOf(new TableMetadata.ChildOf("tickets", List.of("ticket_id")));
        };
      }

      @Override
      public String check() {
        if (domain.equals(DOWN_DOMAIN)) {
          throw new ExternalException("Cannot check connection: " + domain + ".keyed.example answered 503", 503,
              "Service Unavailable", true);
        }
        if (!key.equals(GOOD_KEY)) {
          throw new UserException("Cannot check connection: the provider rejected the credentials; check api_key");
        }
        return "authenticated on " + domain + ".keyed.example";
      }

      @Override
      public ReadResult read(String table, Offset start, OptionValues tableOptions) {
        Tables.require(table, tables);
        if (!key.equals(GOOD_KEY)) {
          throw new UserException("Cannot read table '" + table + "': the provider rejected the credentials; check api_key");
        }
        return new ReadResult(List.of(), start);
      }
    };
  }
}
