package io.tributary.api;

/**
 * An optional mixin for a {@link Connector} that authenticates with a grant (an OAuth refresh
 * token, a client secret, a signing key) which must be redeemed in one JVM only. With refresh-token
 * rotation each redemption invalidates the refresh token every other JVM holds, so Spark
 * executors that redeemed it themselves would break each other and the driver.
 *
 * <p>The framework calls {@link #delegate()} on the driver before it ships a read to executors
 * and ships the returned options instead of the connection's own. A connector the factory creates
 * from them authenticates with the delegated access token alone: it never sees the grant's
 * secrets, so it cannot redeem or rotate anything. When the provider rejects that token (it
 * expired or was revoked), the read fails with a retryable {@link ExternalException} (status
 * 401) and no record is lost: the task's offsets are not committed, and the driver ships a fresh
 * token when it plans the read again.
 */
public interface DelegatesAuth {

  /**
   * Connection options for this connection on another JVM: these options with every secret
   * option removed, carrying an access token obtained here ({@link OptionValues#delegating}).
   * Called on the driver, once per planned read; may request a token from the grant, and obtains
   * a new one when the current one is old enough that it may have timed out.
   */
  OptionValues delegate();
}
