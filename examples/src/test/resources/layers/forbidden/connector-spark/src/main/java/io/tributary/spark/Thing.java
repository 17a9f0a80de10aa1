package io.tributary.spark;

/** Prose may mention io.tributary.testkit.sim.Sim without depending on it. */
public class Thing {
  // Nor does a line comment: io.tributary.source.beta.Beta
  io.tributary.api.Api api;
}
