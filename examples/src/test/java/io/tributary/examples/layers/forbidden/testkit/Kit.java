package io.tributary.examples.layers.forbidden.testkit;

import io.tributary.examples.layers.forbidden.http.Client;
import io.tributary.examples.layers.forbidden.simulator.Sim;

/** Allowed: the conformance kit drives connectors against the simulator framework. */
public class Kit {
  Client client;
  Sim sim;
}
