package io.tributary.examples.layers.forbidden.source.alpha;

import io.tributary.examples.layers.forbidden.api.Api;
import io.tributary.examples.layers.forbidden.http.Client;
import io.tributary.examples.layers.forbidden.source.beta.Beta;
import io.tributary.examples.layers.forbidden.spark.Thing;

/** Forbidden: a source depends neither on another source nor on connector-spark. */
public class Alpha implements Api {
  Client client;
  Thing thing;

  String name() {
    return Beta.name();
  }
}
