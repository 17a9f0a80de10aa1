package io.tributary.source.chargebee;

import io.tributary.api.Connector;
import io.tributary.api.DeclaredConnectorFactory;
import io.tributary.api.OptionValues;
import java.time.Clock;

/**
 * The {@code chargebee} source: Chargebee API v2 (customers, subscriptions, invoices, credit
 * notes, transactions, the product catalog of either version, events) with child tables for
 * nested lists. Found through {@link java.util.ServiceLoader}.
 */
public final class ChargebeeConnectorFactory extends DeclaredConnectorFactory {
  public ChargebeeConnectorFactory() {
    super("chargebee",
        "Chargebee subscription billing (API v2): customers, subscriptions, invoices, credit "
            + "notes, transactions, product catalog 1.0 or 2.0, events, with nested lists as child "
            + "tables",
        ChargebeeOptions.connection(), ChargebeeOptions.table());
  }

  @Override
  public Connector create(OptionValues connectionOptions) {
    return new ChargebeeConnector(connectionOptions, Clock.systemUTC());
  }
}
