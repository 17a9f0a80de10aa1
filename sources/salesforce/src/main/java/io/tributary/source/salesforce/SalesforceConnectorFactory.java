package io.tributary.source.salesforce;

import io.tributary.api.Connector;
import io.tributary.api.DeclaredConnectorFactory;
import io.tributary.api.OptionValues;
import java.time.Clock;

/**
 * The {@code salesforce} source: standard CRM objects with static schemas, custom fields and
 * objects from describe, incremental SOQL with soft and hard deletes, Bulk API 2.0 backfills and a
 * stop before the org's daily API quota. Found through {@link java.util.ServiceLoader}.
 */
public final class SalesforceConnectorFactory extends DeclaredConnectorFactory {
  public SalesforceConnectorFactory() {
    super("salesforce",
        "Salesforce CRM (REST and Bulk API 2.0): accounts, contacts, leads, opportunities, "
            + "cases, activities, products, orders, history and your custom objects",
        SalesforceOptions.connection(), SalesforceOptions.table());
  }

  @Override
  public Connector create(OptionValues connectionOptions) {
    return new SalesforceConnector(connectionOptions, Clock.systemUTC());
  }
}
