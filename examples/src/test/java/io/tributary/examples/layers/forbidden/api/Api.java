package io.tributary.examples.layers.forbidden.api;

public interface Api {}
