package io.tributary.http;

import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A value built on first use, once, even when several threads ask at the same time: a connector's
 * client, which needs credentials that listing tables and schemas must not.
 */
public final class Lazy<T> implements Supplier<T> {
  private final Supplier<T> factory;
  private volatile T value;

  private Lazy(Supplier<T> factory) {
    this.factory = Objects.requireNonNull(factory, "factory");
  }

  public static <T> Lazy<T> of(Supplier<T> factory) {
    return new Lazy<>(factory);
  }

  @Override
  public T get() {
    T v = value;
    if (v == null) {
      synchronized (this) {
        if (value == null) {
          value = Objects.requireNonNull(factory.get(), "a lazy value's factory returned null");
        }
        v = value;
      }
    }
    return v;
  }

  /** The value, if it has been built; never builds it. */
  public Optional<T> ifBuilt() {
    return Optional.ofNullable(value);
  }

  @Override
  public String toString() {
    T v = value;
    return v == null ? "not connected" : v.toString();
  }
}
