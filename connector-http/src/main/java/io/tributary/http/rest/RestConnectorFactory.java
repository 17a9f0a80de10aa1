package io.tributary.http.rest;

import io.tributary.api.Connector;
import io.tributary.api.ConnectorFactory;
import io.tributary.api.OptionSet;
import io.tributary.api.OptionValues;
import java.time.Clock;
import java.util.Objects;

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
public class RestConnectorFactory implements ConnectorFactory {
  private final RestSource source;

  protected RestConnectorFactory(RestSource source) {
    this.source = Objects.requireNonNull(source, "source");
  }

  @Override
  public final String name() {
    return source.name();
  }

  @Override
  public final String description() {
    return source.description();
  }

  @Override
  public final OptionSet connectionOptions() {
    return source.connectionOptions();
  }

  @Override
  public final OptionSet tableOptions() {
    return source.tableOptions();
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
