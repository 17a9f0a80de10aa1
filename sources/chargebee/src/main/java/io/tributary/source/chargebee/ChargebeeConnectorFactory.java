package io.tributary.source.chargebee;

import io.tributary.api.Connector;
import io.tributary.api.ConnectorFactory;
import io.tributary.api.OptionSet;
import io.tributary.api.OptionValues;
import java.time.Clock;

/**
 * The {@code chargebee} source: Chargebee API v2 (customers, subscriptions, invoices, credit
 * notes, transactions, the product catalog of either version, events) with child tables for
 * nested lists. Found through {@link java.util.ServiceLoader}.
 */
public final class ChargebeeConnectorFactory implements ConnectorFactory {

  @Override
  public String name() {
    return "chargebee";
  }

  @Override
  public String description() {
    return "Chargebee subscription billing (API v2): customers, subscriptions, invoices, credit "
        + "notes, transactions, product catalog 1.0 or 2.0, events, with nested lists as child "
        + "tables";
  }

  @Override
  public OptionSet connectionOptions() {
    return ChargebeeOptions.connection();
  }

  @Override
  public OptionSet tableOptions() {
    return ChargebeeOptions.table();
  }

  @Override
  public Connector create(OptionValues connectionOptions) {
    return new ChargebeeConnector(connectionOptions, Clock.systemUTC());
  }
}
