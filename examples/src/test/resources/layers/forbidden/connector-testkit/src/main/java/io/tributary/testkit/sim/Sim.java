package io.tributary.testkit.sim;

public class Sim {}
