package io.tributary.source.zendesk;

import io.tributary.api.Connector;
import io.tributary.api.DeclaredConnectorFactory;
import io.tributary.api.OptionValues;
import io.tributary.http.RateLimiter;
import java.time.Clock;

/** Zendesk Support: tickets, users and organizations with deletes, comments, metrics, bulk models. */
public final class ZendeskConnectorFactory extends DeclaredConnectorFactory {
  public ZendeskConnectorFactory() {
    super("zendesk",
        "Zendesk Support: incremental exports of tickets, users, organizations, comments and "
            + "metric events, with deletes and replay from a cursor; bulk models as snapshots",
        ZendeskOptions.connection(), ZendeskOptions.table());
  }

  @Override
  public Connector create(OptionValues connectionOptions) {
    return new ZendeskConnector(connectionOptions, Clock.systemUTC(), RateLimiter::perMinute);
  }
}
