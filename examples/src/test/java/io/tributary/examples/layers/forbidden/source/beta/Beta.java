package io.tributary.examples.layers.forbidden.source.beta;

public class Beta {
  public static String name() {
    return "beta";
  }
}
