package io.tributary.api;

/** A bug: a broken invariant inside Tributary or a connector, not something a user can fix. */
public final class InternalException extends TributaryException {
  public InternalException(String message) {
    super(message, null);
  }

  public InternalException(String message, Throwable cause) {
    super(message, cause);
  }
}
