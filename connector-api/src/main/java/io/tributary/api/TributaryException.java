package io.tributary.api;

/**
 * The root of Tributary's small error taxonomy. Every exception a connector or the framework
 * throws on purpose is one of three kinds:
 *
 * <ul>
 *   <li>{@link UserException}: the user can fix it (a bad option, a bad spec, bad credentials);
 *   <li>{@link ExternalException}: the provider failed or refused, with its status and message;
 *   <li>{@link InternalException}: a bug in Tributary or a connector.
 * </ul>
 *
 * Messages follow one grammar, "Cannot &lt;do X&gt;: &lt;reason&gt;", show the offending value,
 * and never contain a secret.
 */
public abstract sealed class TributaryException extends RuntimeException
    permits UserException, ExternalException, InternalException {

  protected TributaryException(String message, Throwable cause) {
    super(message, cause);
  }
}
