package io.tributary.examples.layers.forbidden.examples;

import io.tributary.examples.layers.forbidden.simulator.Sim;
import io.tributary.examples.layers.forbidden.source.alpha.Alpha;
import io.tributary.examples.layers.forbidden.spark.Thing;

/** Allowed: examples may depend on everything. */
public class Runner {
  Alpha alpha;
  Thing thing;
  Sim sim;
}
