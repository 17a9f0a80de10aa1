package io.tributary.api;

import java.util.Optional;

/**
 * The provider failed or refused a request. Carries the HTTP status (0 when no response arrived,
 * for example on a connection reset), the provider's own message, and whether repeating the
 * request later may succeed.
 */
public final class ExternalException extends TributaryException {
  private final int status;
  private final String providerMessage;
  private final boolean retryable;

  public ExternalException(String message, int status, String providerMessage, boolean retryable) {
    this(message, status, providerMessage, retryable, null);
  }

  public ExternalException(
      String message, int status, String providerMessage, boolean retryable, Throwable cause) {
    super(message, cause);
    this.status = status;
    this.providerMessage = providerMessage;
    this.retryable = retryable;
  }

  /** The HTTP status, or 0 when no response was received. */
  public int status() {
    return status;
  }

  /** The provider's error text, as returned, when it gave one. */
  public Optional<String> providerMessage() {
    return Optional.ofNullable(providerMessage);
  }

  public boolean retryable() {
    return retryable;
  }
}
