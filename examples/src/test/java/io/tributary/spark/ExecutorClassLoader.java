package io.tributary.spark;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A stand-in for a Spark executor's JVM: a class loader of its own over the whole test class path
 * with the platform loader as parent, so that every Tributary, Spark and HTTP class is loaded
 * afresh and no static (the OAuth token registry above all) is shared with the driver. What the
 * driver ships reaches it only as Java-serialized bytes; only JDK types come back.
 */
final class ExecutorClassLoader implements AutoCloseable {
  private final URLClassLoader loader;

  ExecutorClassLoader() {
    String path = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    List<URL> urls = new ArrayList<>();
    for (String entry : path.split(File.pathSeparator)) {
      if (!entry.isBlank()) {
        try {
          urls.add(new File(entry).toURI().toURL());
        } catch (MalformedURLException e) {
          throw new IllegalStateException(e);
        }
      }
    }
    loader = new URLClassLoader("executor", urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader());
  }

  /** Runs a new {@link ExecutorReads} in this loader on the shipped bytes. */
  @SuppressWarnings("unchecked")
  Map<String, Object> run(byte[] shipped) {
    try {
      Class<?> task = Class.forName(ExecutorReads.class.getName(), true, loader);
      if (task == ExecutorReads.class) {
        throw new IllegalStateException("the executor's class loader shares the driver's classes");
      }
      // As on an executor, the context class loader (which ServiceLoader finds factories with) is its own.
      Thread thread = Thread.currentThread();
      ClassLoader before = thread.getContextClassLoader();
      thread.setContextClassLoader(loader);
      try {
        return ((Function<byte[], Map<String, Object>>) task.getConstructor().newInstance()).apply(shipped);
      } finally {
        thread.setContextClassLoader(before);
      }
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e);
    }
  }

  static byte[] serialize(Object... objects) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(objects);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  @Override
  public void close() {
    try {
      loader.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
