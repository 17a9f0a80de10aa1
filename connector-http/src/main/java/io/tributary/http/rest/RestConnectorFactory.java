package io.tributary.http.rest;

import io.tributary.api.Connector;
import io.tributary.api.DeclaredConnectorFactory;
import io.tributary.api.OptionValues;
import java.time.Clock;

/**
 * The factory of a declared {@link RestSource}. A source registers a subclass with a no-argument
 * constructor in {@code META-INF/services/io.tributary.api.ConnectorFactory}:
 *
 * <pre>
 * public final class FreshdeskConnectorFactory extends RestConnectorFactory {
 *   public FreshdeskConnectorFactory() {
 *     super(FreshdeskSource.SOURCE);
 *   }
 * }
 * </pre>
 */
public class RestConnectorFactory extends DeclaredConnectorFactory {
  private final RestSource source;

  protected RestConnectorFactory(RestSource source) {
    super(source.name(), source.description(), source.connectionOptions(), source.tableOptions());
    this.source = source;
  }

  @Override
  public Connector create(OptionValues connectionOptions) {
    return create(connectionOptions, Clock.systemUTC());
  }

  /** A connector whose listings read the time from {@code clock}: a simulator's, in tests. */
  public final Connector create(OptionValues connectionOptions, Clock clock) {
    return new RestConnector(source, connectionOptions, clock);
  }

  /** The declaration this factory reads, for docs and tests. */
  public final RestSource source() {
    return source;
  }
}
