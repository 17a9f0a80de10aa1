package io.tributary.examples.layers.forbidden.simulator;

import io.tributary.examples.layers.forbidden.api.Api;
import io.tributary.examples.layers.forbidden.source.alpha.Alpha;

/** Forbidden: a simulator follows the vendor's docs, so it never uses the connector it serves. */
public class Sim {
  Api api;
  Alpha alpha;
}
