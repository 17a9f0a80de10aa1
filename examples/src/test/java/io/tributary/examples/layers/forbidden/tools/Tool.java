package io.tributary.examples.layers.forbidden.tools;

/** Forbidden: a module DESIGN.md's table does not know. */
public class Tool {}
