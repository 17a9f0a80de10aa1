package io.tributary.examples.layers.forbidden.spark;

import io.tributary.examples.layers.forbidden.api.Api;

public class Thing {
  Api api;
}
