package io.tributary.http;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Remembers the most recent parent pages of a child-table fan-out, so that a call replayed from
 * the same offset (a retried batch, a resumed pass) neither lists the parents nor fans out to
 * their children again. One per connector; thread-safe; least recently used entries go first.
 *
 * <p>Keys must name the listing they belong to: {@link IncrementalListing} keys its entries by the
 * listing's start time, list, bound and page token, so a later listing never sees stale pages.
 */
public final class PageCache {
  private final int maxEntries;
  private final Map<String, Object> entries;

  public PageCache(int maxEntries) {
    if (maxEntries < 1) {
      throw new IllegalArgumentException("maxEntries must be at least 1: " + maxEntries);
    }
    this.maxEntries = maxEntries;
    this.entries = new LinkedHashMap<>(16, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, Object> eldest) {
        return size() > PageCache.this.maxEntries;
      }
    };
  }

  /** The value cached under {@code key}, or what {@code load} returns, then cached. */
  @SuppressWarnings("unchecked")
  public <T> T get(String key, Supplier<T> load) {
    Objects.requireNonNull(key, "key");
    synchronized (entries) {
      Object cached = entries.get(key);
      if (cached != null) {
        return (T) cached;
      }
    }
    // Loaded outside the lock: a load makes HTTP calls, and other tables share nothing with it.
    T value = Objects.requireNonNull(load.get(), "a page cache does not hold null");
    synchronized (entries) {
      entries.put(key, value);
    }
    return value;
  }

  /** Drops what is cached under {@code key}, so the next {@link #get} loads it again. */
  public void forget(String key) {
    synchronized (entries) {
      entries.remove(key);
    }
  }

  public void clear() {
    synchronized (entries) {
      entries.clear();
    }
  }

  public int size() {
    synchronized (entries) {
      return entries.size();
    }
  }

  @Override
  public String toString() {
    return "PageCache[" + size() + " of " + maxEntries + "]";
  }
}
