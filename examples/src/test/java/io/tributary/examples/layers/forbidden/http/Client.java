package io.tributary.examples.layers.forbidden.http;

import io.tributary.examples.layers.forbidden.api.Api;
import io.tributary.examples.layers.forbidden.spark.Thing;

/** Forbidden: connector-http may depend only on connector-api. */
public class Client implements Api {
  Thing thing;
}
