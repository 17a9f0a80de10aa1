package io.tributary.source.beta;

public class Beta {
  public static final String NAME = "beta";
}
