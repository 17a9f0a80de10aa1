package io.tributary.examples.cluster;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;

/**
 * A Spark cluster of separate JVMs on this machine, for the cluster tests ({@code *IT}, which
 * examples' pom runs in the integration-test phase, after {@code package} built the distributable
 * jar, one test class per JVM).
 *
 * <p>Master {@code local-cluster[2,1,1024]}: a Master and two Workers in the driver's JVM, and one
 * executor JVM per Worker, launched by the Worker from {@code $SPARK_HOME/jars}. That directory is
 * prepared here with links to the Spark, Delta and Scala jars Maven resolved (the launcher's {@code
 * spark-classpath.txt}). The pom gives the test JVM {@code SPARK_HOME}, {@code SPARK_SCALA_VERSION}
 * (without it the Worker looks for a Spark source build) and {@code SPARK_LOCAL_IP=127.0.0.1}.
 * Executors get Tributary the way a user's cluster does: the distributable jar through {@code
 * spark.jars}; the test connector comes in a second jar built here ({@link #probeJar}). Spark adds
 * the JVM's {@code --add-opens} flags to executors itself (the same list as the root pom's {@code
 * spark.jvm.opens}).
 */
public final class LocalCluster {
  public static final String MASTER = "local-cluster[2,1,1024]";
  /**
   * Executors live for a minute or two on a shared two-core machine: the client compiler alone
   * and one GC thread leave the cores to the work. Spark adds its --add-opens flags to these.
   */
  public static final String EXECUTOR_JAVA_OPTIONS = "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC";
  private static final String PROBE_PACKAGE = "io/tributary/examples/cluster/probe";

  private LocalCluster() {}

  /** Where the cluster tests keep their files: examples' build directory, {@code cluster/}. */
  public static Path dir() {
    return Path.of(property("tributary.clusterDir"));
  }

  /** The shaded jar {@code package} built. */
  public static Path distributableJar() {
    Path jar = Path.of(property("tributary.distributableJar"));
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException("Cannot start the cluster: " + jar + " is not built; run mvn verify");
    }
    return jar;
  }

  /** The Spark, Delta and Scala jars of the launcher's class path, as bin/tributary uses them. */
  public static List<Path> sparkJars() {
    try {
      String text = Files.readString(launcherDir().resolve("spark-classpath.txt")).trim();
      return Arrays.stream(text.split(java.io.File.pathSeparator)).map(Path::of).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The JVM flags Spark needs, as bin/tributary passes them (the root pom's spark.jvm.opens). */
  public static List<String> jvmOptions() {
    try {
      return Arrays.asList(Files.readString(launcherDir().resolve("jvm-options.txt")).trim().split("\\s+"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Path launcherDir() {
    return Path.of(property("tributary.launcherDir"));
  }

  /**
   * Makes {@code home} a Spark home whose {@code jars/} links to {@link #sparkJars()}, with an empty
   * {@code work/}, where Workers keep each executor's stdout and stderr.
   */
  public static Path prepareSparkHome(Path home) {
    try {
      Path jars = home.resolve("jars");
      Files.createDirectories(jars);
      for (Path jar : sparkJars()) {
        Path link = jars.resolve(jar.getFileName());
        if (!Files.exists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
          Files.createSymbolicLink(link, jar);
        }
      }
      deleteRecursively(home.resolve("work"));
      return home;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A jar holding the test connector {@code pid_probe} and its ServiceLoader registration, built
   * from the test classes: the distributable jar holds no test code, and executors find
   * connectors only in jars they were sent.
   */
  public static Path probeJar() {
    Path testClasses = Path.of(property("tributary.testClasses"));
    Path registration = Path.of(property("tributary.probeRegistration"));
    Path jar = dir().resolve("pid-probe.jar");
    try {
      Files.createDirectories(dir());
      try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
          Stream<Path> classes = Files.walk(testClasses.resolve(PROBE_PACKAGE))) {
        for (Path file : classes.filter(Files::isRegularFile).sorted().toList()) {
          add(out, testClasses.relativize(file).toString(), file);
        }
        try (Stream<Path> services = Files.walk(registration)) {
          for (Path file : services.filter(Files::isRegularFile).sorted().toList()) {
            add(out, registration.relativize(file).toString(), file);
          }
        }
      }
      return jar;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A session on {@link #MASTER} whose driver is this JVM, with Delta, loopback networking, no UI
   * and an uncompressed event log in {@code eventLog}. Returns once both executors have registered,
   * so that a job's tasks spread over both.
   */
  public static SparkSession start(Path warehouse, Path eventLog) {
    String home = System.getenv("SPARK_HOME");
    if (home == null) {
      throw new IllegalStateException("Cannot start the cluster: SPARK_HOME is not set (examples' pom sets it)");
    }
    prepareSparkHome(Path.of(home));
    try {
      Files.createDirectories(eventLog);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    SparkSession spark = SparkSession.builder()
        .master(MASTER)
        .appName("tributary-cluster-test")
        .config("spark.jars", distributableJar() + "," + probeJar())
        .config("spark.executor.extraJavaOptions", EXECUTOR_JAVA_OPTIONS)
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.scheduler.minRegisteredResourcesRatio", "1.0")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.databricks.delta.snapshotPartitions", "2")
        .config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
        .config("spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.sql.warehouse.dir", warehouse.resolve("_spark_warehouse").toString())
        .config("spark.eventLog.enabled", "true")
        .config("spark.eventLog.dir", eventLog.toUri().toString())
        // Spark 4 compresses event logs with zstd by default; the secret scan reads them as text.
        .config("spark.eventLog.compress", "false")
        .getOrCreate();
    awaitExecutors(spark, 2);
    return spark;
  }

  /** The executors' work directories: each one's stdout and stderr, under {@code $SPARK_HOME/work}. */
  public static Path workDir() {
    return Path.of(System.getenv("SPARK_HOME")).resolve("work");
  }

  private static void awaitExecutors(SparkSession spark, int executors) {
    long deadline = System.nanoTime() + 120_000_000_000L;
    // The driver counts itself among the executors.
    while (spark.sparkContext().statusTracker().getExecutorInfos().length < executors + 1) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("Cannot start the cluster: fewer than " + executors
            + " executors registered within 120 s; see " + workDir());
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }

  private static void add(JarOutputStream out, String name, Path file) throws IOException {
    out.putNextEntry(new JarEntry(name.replace('\\', '/')));
    Files.copy(file, (OutputStream) out);
    out.closeEntry();
  }

  static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      List<Path> all = new ArrayList<>(files.toList());
      java.util.Collections.reverse(all);
      for (Path file : all) {
        Files.delete(file);
      }
    }
  }

  private static String property(String name) {
    String value = System.getProperty(name);
    if (value == null || value.isBlank()) {
      throw new IllegalStateException("Cannot start the cluster: system property " + name
          + " is not set (examples' pom sets it for the *IT tests)");
    }
    return value;
  }
}
