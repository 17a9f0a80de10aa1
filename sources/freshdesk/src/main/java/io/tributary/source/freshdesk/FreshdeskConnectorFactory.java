package io.tributary.source.freshdesk;

import io.tributary.http.rest.RestConnectorFactory;

/**
 * The {@code freshdesk} source: Freshdesk API v2 (tickets with deleted and spam ones, contacts,
 * companies, conversations, satisfaction ratings, time entries and the admin tables), with
 * optional removal of personal data ({@code pii=drop}). Found through {@link java.util.ServiceLoader}.
 */
public final class FreshdeskConnectorFactory extends RestConnectorFactory {
  public FreshdeskConnectorFactory() {
    super(FreshdeskSource.SOURCE);
  }
}
