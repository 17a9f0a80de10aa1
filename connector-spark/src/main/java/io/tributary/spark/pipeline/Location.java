package io.tributary.spark.pipeline;

import io.tributary.api.UserException;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.UnsupportedFileSystemException;
import org.apache.spark.SparkConf;
import org.apache.spark.deploy.SparkHadoopUtil;
import org.apache.spark.sql.SparkSession;
import scala.Option;

/**
 * A file or directory of the pipeline, named by a Hadoop URI ({@code file:}, {@code hdfs://},
 * {@code s3a://}, {@code abfss://}, {@code gs://}, {@code dbfs:/}) or by a plain path, and read and
 * written through Hadoop's {@link FileSystem} with the session's Hadoop configuration, so it works
 * wherever the cluster has the file system.
 *
 * <p>A plain path is qualified as Spark qualifies one: against the default file system ({@code
 * fs.defaultFS}). On a laptop {@code lakehouse} is {@code ./lakehouse}; on Databricks {@code
 * /Volumes/main/raw/lake} is that volume.
 */
public final class Location {
  private final Path path;
  private final Configuration conf;

  private Location(Path path, Configuration conf) {
    this.path = path;
    this.conf = conf;
  }

  /**
   * {@code uriOrPath} qualified with {@code conf}'s file systems.
   *
   * @param what what the location is for, as the user named it (such as {@code --warehouse}), for
   *     the message when it cannot be used
   * @throws UserException when it is blank or its scheme has no file system on this cluster
   */
  public static Location of(String uriOrPath, Configuration conf, String what) {
    if (uriOrPath == null || uriOrPath.isBlank()) {
      throw new UserException("Cannot use an empty " + what + ": give a directory or a URI such as hdfs://namenode/lake");
    }
    Path raw;
    try {
      raw = new Path(uriOrPath.strip());
    } catch (IllegalArgumentException e) {
      throw new UserException("Cannot use " + what + " '" + uriOrPath + "': " + e.getMessage());
    }
    try {
      return new Location(raw.getFileSystem(conf).makeQualified(raw), conf);
    } catch (UnsupportedFileSystemException e) {
      throw new UserException("Cannot use " + what + " '" + uriOrPath + "': this cluster has no Hadoop file system for '"
          + raw.toUri().getScheme() + ":'; add its connector to the cluster, such as hadoop-aws for s3a: or the GCS"
          + " connector for gs:");
    } catch (IOException | RuntimeException e) {
      throw new UserException("Cannot use " + what + " '" + uriOrPath + "': " + e.getClass().getSimpleName()
          + (e.getMessage() == null ? "" : ": " + e.getMessage()) + "; check the URI, and that this machine can reach it");
    }
  }

  /** {@code uriOrPath} with the Hadoop configuration of {@link #hadoopConf()}. */
  public static Location of(String uriOrPath, String what) {
    return of(uriOrPath, hadoopConf(), what);
  }

  /**
   * The Hadoop configuration of this JVM's Spark session when it has one; otherwise the one Spark
   * would build from its settings ({@code spark.hadoop.*} included), without starting a session.
   */
  public static Configuration hadoopConf() {
    Option<SparkSession> session = SparkSession.getActiveSession();
    if (session.isEmpty()) {
      session = SparkSession.getDefaultSession();
    }
    return session.isDefined() ? session.get().sparkContext().hadoopConfiguration()
        : SparkHadoopUtil.get().newConfiguration(new SparkConf());
  }

  /**
   * A local file or directory as a {@code file:} URI: a {@link java.nio.file.Path} is of this
   * machine, whatever the cluster's default file system is.
   */
  public static String uriOf(java.nio.file.Path local) {
    return "file:" + local.toAbsolutePath().normalize();
  }

  /** The location {@code child} names under this one. */
  public Location resolve(String child) {
    return new Location(new Path(path, child), conf);
  }

  public Location parent() {
    Path parent = path.getParent();
    return parent == null ? this : new Location(parent, conf);
  }

  /** The last name of the path. */
  public String name() {
    return path.getName();
  }

  /** The qualified URI, such as {@code hdfs://nn:8020/lake} or {@code file:/home/me/lakehouse}. */
  public String uri() {
    return path.toString();
  }

  /** The Hadoop configuration this location is read and written with. */
  public Configuration conf() {
    return conf;
  }

  public boolean isLocal() {
    return "file".equals(path.toUri().getScheme());
  }

  public boolean exists() {
    try {
      return fs().exists(path);
    } catch (IOException e) {
      throw cannot("read", e);
    }
  }

  public boolean isDirectory() {
    try {
      return fs().getFileStatus(path).isDirectory();
    } catch (FileNotFoundException e) {
      return false;
    } catch (IOException e) {
      throw cannot("read", e);
    }
  }

  /** The entries of this directory, sorted by name; none when it does not exist. */
  public List<Location> children() {
    FileStatus[] statuses;
    try {
      statuses = fs().listStatus(path);
    } catch (FileNotFoundException e) {
      return List.of();
    } catch (IOException e) {
      throw cannot("list", e);
    }
    List<Location> children = new ArrayList<>();
    for (FileStatus status : statuses) {
      children.add(new Location(status.getPath(), conf));
    }
    children.sort(Comparator.comparing(Location::name));
    return children;
  }

  /** The file's text, UTF-8. */
  public String readString() throws FileNotFoundException {
    try (InputStream in = fs().open(path)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (FileNotFoundException e) {
      throw e;
    } catch (IOException e) {
      throw cannot("read", e);
    }
  }

  /**
   * Creates the file with {@code text} unless it exists: true when this call created it. Parent
   * directories are created as needed.
   */
  public boolean createIfAbsent(String text) {
    try (OutputStream out = fs().create(path, false)) {
      out.write(text.getBytes(StandardCharsets.UTF_8));
      return true;
    } catch (FileAlreadyExistsException e) {
      return false;
    } catch (IOException e) {
      if (exists()) {
        return false;
      }
      throw cannot("write", e);
    }
  }

  private FileSystem fs() throws IOException {
    return path.getFileSystem(conf);
  }

  private UserException cannot(String verb, IOException e) {
    return new UserException("Cannot " + verb + " " + uri() + ": " + e.getMessage());
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Location that && path.equals(that.path);
  }

  @Override
  public int hashCode() {
    return Objects.hash(path);
  }

  @Override
  public String toString() {
    return uri();
  }
}
