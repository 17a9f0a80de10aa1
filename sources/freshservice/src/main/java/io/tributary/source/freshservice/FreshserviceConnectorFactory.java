package io.tributary.source.freshservice;

import io.tributary.http.rest.RestConnectorFactory;

/**
 * The {@code freshservice} source: Freshservice API v2 (tickets with trashed and spam ones,
 * problems, changes, releases, assets, requested items and the service desk's configuration), with
 * typed custom fields ({@code custom_fields}). Found through {@link java.util.ServiceLoader}.
 */
public final class FreshserviceConnectorFactory extends RestConnectorFactory {
  public FreshserviceConnectorFactory() {
    super(FreshserviceSource.SOURCE);
  }
}
