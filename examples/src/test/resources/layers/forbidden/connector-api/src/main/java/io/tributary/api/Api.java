package io.tributary.api;

public interface Api {}
