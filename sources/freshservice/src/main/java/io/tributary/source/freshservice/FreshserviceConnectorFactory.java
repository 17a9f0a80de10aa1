package io.tributary.source.freshservice;

import io.tributary.api.Connector;
import io.tributary.api.ConnectorFactory;
import io.tributary.api.OptionSet;
import io.tributary.api.OptionValues;
import java.time.Clock;

/**
 * The {@code freshservice} source: Freshservice API v2 (tickets, problems, changes, releases,
 * assets, the service catalog's requested items and the directory tables). Found through {@link
 * java.util.ServiceLoader}.
 */
public final class FreshserviceConnectorFactory implements ConnectorFactory {

  @Override
  public String name() {
    return "freshservice";
  }

  @Override
  public String description() {
    return "Freshservice IT service management (API v2): tickets, problems, changes, releases, "
        + "assets, service requests and the people directory";
  }

  @Override
  public OptionSet connectionOptions() {
    return FreshserviceOptions.connection();
  }

  @Override
  public OptionSet tableOptions() {
    return FreshserviceOptions.table();
  }

  @Override
  public Connector create(OptionValues connectionOptions) {
    return new FreshserviceConnector(
        () -> FreshserviceClient.create(connectionOptions), Clock.systemUTC());
  }
}
