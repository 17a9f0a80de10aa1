package io.tributary.examples.layers.forbidden.testkit.sim;

import io.tributary.examples.layers.forbidden.http.Client;

public class Sim {
  Client client;
}
