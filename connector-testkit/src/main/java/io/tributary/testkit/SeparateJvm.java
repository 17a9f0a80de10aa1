package io.tributary.testkit;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamClass;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A stand-in for a Spark executor's JVM: a class loader of its own over the whole test class path,
 * whose parent is the platform loader. Every class, Tributary's, Spark's and the HTTP client's, is
 * loaded afresh, so its statics (the token registry that shares OAuth state, HTTP clients, rate
 * limiters) are its own, as in a separate process; only JDK types cross. What the driver ships
 * reaches it only as Java-serialized bytes ({@link #serialize}).
 */
public final class SeparateJvm implements AutoCloseable {
  private final URLClassLoader loader;

  private SeparateJvm(URLClassLoader loader) {
    this.loader = loader;
  }

  public static SeparateJvm start() {
    // Surefire runs tests from a manifest-only jar and puts the real class path here.
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
    return new SeparateJvm(new URLClassLoader("executor", urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader()));
  }

  /**
   * Runs a new instance of {@code task}, loaded in this JVM, on {@code shipped} bytes, with this
   * JVM's loader as the context class loader (which ServiceLoader finds factories with), as on an
   * executor. The task has a public no-argument constructor; what it returns must be JDK types.
   */
  @SuppressWarnings("unchecked")
  public Map<String, Object> run(Class<? extends Function<byte[], Map<String, Object>>> task, byte[] shipped) {
    try {
      Class<?> loaded = Class.forName(task.getName(), true, loader);
      if (loaded == task) {
        throw new IllegalStateException("the executor's class loader shares the driver's classes");
      }
      Thread thread = Thread.currentThread();
      ClassLoader before = thread.getContextClassLoader();
      thread.setContextClassLoader(loader);
      try {
        return ((Function<byte[], Map<String, Object>>) loaded.getConstructor().newInstance()).apply(shipped);
      } finally {
        thread.setContextClassLoader(before);
      }
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e);
    }
  }

  /** {@code objects} as the bytes Java serialization ships, read back as an {@code Object[]}. */
  public static byte[] serialize(Object... objects) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(objects);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /**
   * What {@link #serialize} wrote, read with {@code loader}'s classes: a task calls this with its
   * own class loader, so the objects are this JVM's, not the driver's.
   */
  public static Object[] deserialize(byte[] bytes, ClassLoader loader) {
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes)) {
      @Override
      protected Class<?> resolveClass(ObjectStreamClass desc) throws ClassNotFoundException {
        return Class.forName(desc.getName(), false, loader);
      }
    }) {
      return (Object[]) in.readObject();
    } catch (IOException | ClassNotFoundException e) {
      throw new IllegalStateException("Cannot deserialize the shipped work: " + e, e);
    }
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
