package io.tributary.source.freshdesk;

import io.tributary.api.Connector;
import io.tributary.api.ConnectorFactory;
import io.tributary.api.OptionSet;
import io.tributary.api.OptionValues;
import java.time.Clock;

/**
 * The {@code freshdesk} source: Freshdesk API v2 (tickets with deleted and spam ones, contacts,
 * companies, conversations, satisfaction ratings, time entries and the admin tables), with
 * optional removal of personal data ({@code pii=drop}). Found through {@link java.util.ServiceLoader}.
 */
public final class FreshdeskConnectorFactory implements ConnectorFactory {

  @Override
  public String name() {
    return "freshdesk";
  }

  @Override
  public String description() {
    return "Freshdesk customer support (API v2): tickets, conversations, contacts, companies, "
        + "satisfaction ratings, time entries and the helpdesk's configuration, with pii=drop";
  }

  @Override
  public OptionSet connectionOptions() {
    return FreshdeskOptions.connection();
  }

  @Override
  public OptionSet tableOptions() {
    return FreshdeskOptions.table();
  }

  @Override
  public Connector create(OptionValues connectionOptions) {
    return new FreshdeskConnector(() -> FreshdeskClient.create(connectionOptions), Clock.systemUTC());
  }
}
