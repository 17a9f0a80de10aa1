package io.tributary.api;

import java.util.Objects;

/**
 * A {@link ConnectorFactory} whose name, description and options are values given once. A source
 * registers a subclass with a public no-argument constructor in {@code
 * META-INF/services/io.tributary.api.ConnectorFactory} and writes only {@link #create}:
 *
 * <pre>
 * public final class ZendeskConnectorFactory extends DeclaredConnectorFactory {
 *   public ZendeskConnectorFactory() {
 *     super("zendesk", "Zendesk Support: ...", ZendeskOptions.connection(), ZendeskOptions.table());
 *   }
 *
 *   public Connector create(OptionValues connectionOptions) {
 *     return new ZendeskConnector(connectionOptions, Clock.systemUTC());
 *   }
 * }
 * </pre>
 */
public abstract class DeclaredConnectorFactory implements ConnectorFactory {
  private final String name;
  private final String description;
  private final OptionSet connectionOptions;
  private final OptionSet tableOptions;

  protected DeclaredConnectorFactory(String name, String description, OptionSet connectionOptions,
      OptionSet tableOptions) {
    this.name = Objects.requireNonNull(name, "name");
    this.description = Objects.requireNonNull(description, "description");
    this.connectionOptions = Objects.requireNonNull(connectionOptions, "connectionOptions");
    this.tableOptions = Objects.requireNonNull(tableOptions, "tableOptions");
  }

  @Override
  public final String name() {
    return name;
  }

  @Override
  public final String description() {
    return description;
  }

  @Override
  public final OptionSet connectionOptions() {
    return connectionOptions;
  }

  @Override
  public final OptionSet tableOptions() {
    return tableOptions;
  }
}
