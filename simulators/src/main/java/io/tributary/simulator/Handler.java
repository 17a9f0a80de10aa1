package io.tributary.simulator;

/**
 * Answers an endpoint the declarative list and item endpoints do not fit: an OAuth token
 * endpoint, a query language, an export job. Runs on the simulator's threads; may read and
 * change the {@link Dataset}.
 */
@FunctionalInterface
public interface Handler {
  SimResponse handle(SimRequest request);
}
