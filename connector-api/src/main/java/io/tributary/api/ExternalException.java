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
  private final boolean quotaPause;

  public ExternalException(String message, int status, String providerMessage, boolean retryable) {
    this(message, status, providerMessage, retryable, null);
  }

  public ExternalException(
      String message, int status, String providerMessage, boolean retryable, Throwable cause) {
    this(message, status, providerMessage, retryable, cause, false);
  }

  private ExternalException(
      String message, int status, String providerMessage, boolean retryable, Throwable cause,
      boolean quotaPause) {
    super(message, cause);
    this.status = status;
    this.providerMessage = providerMessage;
    this.retryable = retryable;
    this.quotaPause = quotaPause;
  }

  /**
   * A connector stopped on purpose because the provider's API quota reached the share the user
   * allows it (for example Salesforce's rolling 24-hour request quota). Nothing failed: the table
   * stays at its last committed offset, and a later run resumes from there once the quota has
   * recovered. The pipeline records such a table as {@code paused} ("paused: API quota") rather
   * than {@code failed}. Retryable, with status 0 since no request was refused.
   *
   * @param message says which quota, how much of it is used and which option sets the limit
   */
  public static ExternalException quotaPaused(String message) {
    return new ExternalException(message, 0, null, true, null, true);
  }

  /** True when this is a {@link #quotaPaused} stop rather than a failure. */
  public boolean quotaPause() {
    return quotaPause;
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
