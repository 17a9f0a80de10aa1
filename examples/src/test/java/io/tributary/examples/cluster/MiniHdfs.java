package io.tributary.examples.cluster;

import io.tributary.examples.cluster.ListeningSockets.Listener;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.hadoop.hdfs.MiniDFSCluster;

/**
 * A real HDFS for a test class: one NameNode and one DataNode ({@link MiniDFSCluster}), every
 * server bound to 127.0.0.1, its blocks and metadata under a fresh directory in the build
 * directory, which {@link #close()} removes.
 *
 * <p>It runs in the test JVM, beside Spark: {@code hadoop-client-minicluster} is the server half of
 * the shaded Hadoop client that Spark already runs on ({@code hadoop-client-api} and {@code
 * -runtime}, same release), with every third-party class relocated, so it adds the NameNode and
 * DataNode without a second, unshaded Hadoop on the class path. A child JVM would cost a second
 * JVM start and a separate class path for the same cluster.
 *
 * <p>Spark needs no setting to reach it: an {@code hdfs://127.0.0.1:port} path carries its
 * NameNode, and the NameNode reports the DataNode by its IP address, 127.0.0.1. Spark's client
 * still asks for three replicas of a block ({@code dfs.replication}); with one DataNode a write
 * completes on one, and the NameNode merely counts the block as under-replicated.
 */
public final class MiniHdfs implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(MiniHdfs.class.getName());

  private final MiniDFSCluster cluster;
  private final URI uri;
  private final FileSystem fs;
  private final Duration startup;
  private final Set<Listener> listeners;

  private MiniHdfs(MiniDFSCluster cluster, URI uri, FileSystem fs, Duration startup, Set<Listener> listeners) {
    this.cluster = cluster;
    this.uri = uri;
    this.fs = fs;
    this.startup = startup;
    this.listeners = listeners;
  }

  /** Formats and starts a NameNode and a DataNode, and returns once the DataNode has registered. */
  public static MiniHdfs start() throws IOException {
    long started = System.nanoTime();
    Set<Listener> before = ListeningSockets.ofThisJvm();
    Path base = Files.createTempDirectory(buildDirectory(), "mini-hdfs-");
    Configuration conf = new Configuration();
    MiniDFSCluster cluster = new MiniDFSCluster.Builder(conf, base.toFile())
        .numDataNodes(1)
        .storagesPerDatanode(1)
        .build();
    try {
      URI uri = URI.create("hdfs://127.0.0.1:" + cluster.getNameNodePort());
      FileSystem fs = FileSystem.newInstance(uri, conf);
      Duration startup = Duration.ofNanos(System.nanoTime() - started);
      Set<Listener> opened = new HashSet<>(ListeningSockets.ofThisJvm());
      opened.removeAll(before);
      LOG.log(System.Logger.Level.INFO, "HDFS at {0} started in {1} ms, data in {2}", uri, startup.toMillis(), base);
      return new MiniHdfs(cluster, uri, fs, startup, Set.copyOf(opened));
    } catch (IOException | RuntimeException e) {
      cluster.shutdown(true);
      throw e;
    }
  }

  /** {@code hdfs://127.0.0.1:port}, the NameNode's RPC address. */
  public URI uri() {
    return uri;
  }

  /** The URI of {@code absolutePath} on this HDFS, as Spark and Delta are given it. */
  public String location(String absolutePath) {
    if (!absolutePath.startsWith("/")) {
      throw new IllegalArgumentException("Cannot locate " + absolutePath + ": the path must be absolute");
    }
    return uri + absolutePath;
  }

  /** How long {@link #start()} took, format and DataNode registration included. */
  public Duration startup() {
    return startup;
  }

  /**
   * The TCP sockets this JVM started listening on while the cluster started (NameNode RPC and
   * HTTP, DataNode transfer, IPC and HTTP), as the kernel reports them; empty off Linux.
   */
  public Set<Listener> listeners() {
    return listeners;
  }

  /** Every file under {@code absolutePath}, recursively, as absolute paths ({@code /lake/t/...}), sorted. */
  public List<String> files(String absolutePath) {
    List<String> files = new ArrayList<>();
    try {
      org.apache.hadoop.fs.Path root = new org.apache.hadoop.fs.Path(absolutePath);
      if (!fs.exists(root)) {
        return List.of();
      }
      RemoteIterator<LocatedFileStatus> listing = fs.listFiles(root, true);
      while (listing.hasNext()) {
        files.add(listing.next().getPath().toUri().getPath());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list " + location(absolutePath) + ": " + e.getMessage(), e);
    }
    files.sort(null);
    return files;
  }

  /** The bytes of the file at {@code absolutePath}, read through the HDFS client (NameNode and DataNode). */
  public byte[] bytes(String absolutePath) {
    try (InputStream in = fs.open(new org.apache.hadoop.fs.Path(absolutePath))) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + location(absolutePath) + ": " + e.getMessage(), e);
    }
  }

  /**
   * The files anywhere in this HDFS whose bytes contain {@code text} in UTF-8. A byte scan: it
   * finds what Delta's JSON log and checkpoints or plain Parquet pages hold as written, not a value
   * inside a compressed Parquet page, so a secret scan should also read the tables back.
   */
  public List<String> filesContaining(String text) {
    byte[] needle = text.getBytes(StandardCharsets.UTF_8);
    return files("/").stream().filter(file -> contains(bytes(file), needle)).toList();
  }

  /** Closes the clients of this HDFS, Spark's included, and stops and deletes the cluster. */
  @Override
  public void close() throws IOException {
    try {
      fs.close();
      // FileSystem.get caches one client per scheme, authority and user, whatever the
      // Configuration: this closes the one Spark's reads and writes went through, with its lease
      // renewer thread, instead of leaving it retrying a NameNode that is gone.
      FileSystem.get(uri, new Configuration()).close();
    } finally {
      cluster.shutdown(true);
    }
  }

  private static boolean contains(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }

  /** examples' build directory (surefire passes it), so {@code mvn clean} removes a cluster a killed run left. */
  private static Path buildDirectory() throws IOException {
    String configured = System.getProperty("tributary.buildDirectory");
    Path dir = configured == null ? Path.of(System.getProperty("java.io.tmpdir")) : Path.of(configured);
    return Files.createDirectories(dir);
  }
}
