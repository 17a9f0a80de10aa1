package io.tributary.spark.hadoop;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.ChecksumFs;
import org.apache.hadoop.fs.DelegateToFileSystem;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FsServerDefaults;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.permission.FsPermission;

/**
 * Hadoop's local file system ({@code file:}) without a process per call. Without Hadoop's native
 * library, which Spark does not ship, {@link RawLocalFileSystem} runs {@code chmod} for every file
 * and directory it creates and {@code readlink} for every rename: a Spark checkpoint entry or a
 * Delta commit costs several processes, about 90 per table of an ingest, measured, each some 15 ms
 * of CPU. Here a permission is set and a link is looked at through {@code java.nio}; a symbolic
 * link, and a permission {@code java.nio} cannot set (the sticky bit), still go to Hadoop's own
 * code. Nothing else differs: the files, their checksums and their permissions are the same.
 *
 * <p>{@link #SPARK_CONF} names both of Hadoop's local bindings ({@code FileSystem} and {@code
 * FileContext}, which Spark's checkpoints use); a local session sets them ({@code LocalSpark}).
 */
public final class LocalFiles {
  /** The Spark settings that bind {@code file:} to these classes. */
  public static final Map<String, String> SPARK_CONF = Map.of(
      "spark.hadoop.fs.file.impl", FileSystem.class.getName(),
      "spark.hadoop.fs.AbstractFileSystem.file.impl", FileContextFs.class.getName());

  private LocalFiles() {}

  /** {@link RawLocalFileSystem} with permissions and link status through {@code java.nio}. */
  public static class Raw extends RawLocalFileSystem {
    @Override
    public void setPermission(Path p, FsPermission permission) throws IOException {
      short mode = permission.toShort();
      if ((mode & ~0777) != 0) {
        super.setPermission(p, permission);
        return;
      }
      Files.setPosixFilePermissions(pathToFile(p).toPath(), posix(mode));
    }

    @Override
    public FileStatus getFileLinkStatus(Path f) throws IOException {
      if (Files.isSymbolicLink(pathToFile(f).toPath())) {
        return super.getFileLinkStatus(f);
      }
      return getFileStatus(f);
    }

    static Set<PosixFilePermission> posix(short mode) {
      Set<PosixFilePermission> set = EnumSet.noneOf(PosixFilePermission.class);
      PosixFilePermission[] bits = {
          PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ,
          PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
          PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ};
      for (int i = 0; i < bits.length; i++) {
        if ((mode & (1 << i)) != 0) {
          set.add(bits[i]);
        }
      }
      return set;
    }
  }

  /** {@code fs.file.impl}: Hadoop's checksummed local file system over {@link Raw}. */
  public static class FileSystem extends LocalFileSystem {
    public FileSystem() {
      super(new Raw());
    }
  }

  /** {@code fs.AbstractFileSystem.file.impl}, for {@code FileContext}: checksummed, over {@link Raw}. */
  public static class FileContextFs extends ChecksumFs {
    public FileContextFs(URI uri, Configuration conf) throws IOException, URISyntaxException {
      super(new RawFs(uri, conf));
    }
  }

  /** {@link Raw} as a {@code FileContext} file system, as Hadoop's {@code RawLocalFs} is. */
  public static class RawFs extends DelegateToFileSystem {
    public RawFs(URI uri, Configuration conf) throws IOException, URISyntaxException {
      super(uri, new Raw(), conf, "file", false);
    }

    @Override
    public int getUriDefaultPort() {
      return -1;
    }

    @Override
    @SuppressWarnings("deprecation")
    public FsServerDefaults getServerDefaults() throws IOException {
      return org.apache.hadoop.fs.local.LocalConfigKeys.getServerDefaults();
    }

    @Override
    public FsServerDefaults getServerDefaults(Path f) throws IOException {
      return org.apache.hadoop.fs.local.LocalConfigKeys.getServerDefaults();
    }

    @Override
    public boolean isValidName(String src) {
      return true;
    }
  }
}
