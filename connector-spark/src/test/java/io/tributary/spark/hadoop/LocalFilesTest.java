package io.tributary.spark.hadoop;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileContext;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Options;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.permission.FsPermission;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What Spark's checkpoints and Delta's commits do to local files (directories and files created
 * with a permission, a rename that must not overwrite, a link's status), through Hadoop's own
 * local file system and through {@link LocalFiles}: the same files and permissions, and processes
 * started only by Hadoop's.
 */
class LocalFilesTest {
  @TempDir
  java.nio.file.Path dir;

  @Test
  void doesWhatHadoopsLocalFileSystemDoesWithoutStartingAProcess() throws Exception {
    Configuration conf = new Configuration();
    List<String> hadoops = new ArrayList<>();
    List<String> ours = new ArrayList<>();

    List<String> hadoopStarted = processesStartedBy(() -> hadoops.addAll(exercise(new LocalFileSystem(),
        FileContext.getLocalFSFileContext(conf), dir.resolve("hadoop"))));
    List<String> oursStarted = processesStartedBy(() -> ours.addAll(exercise(new LocalFiles.FileSystem(),
        FileContext.getFileContext(new LocalFiles.FileContextFs(URI.create("file:///"), conf), conf),
        dir.resolve("ours"))));

    assertThat(hadoopStarted).as("Hadoop's own, without its native library: the control")
        .anyMatch(c -> c.startsWith("chmod")).anyMatch(c -> c.startsWith("readlink"));
    assertThat(oursStarted).isEmpty();
    assertThat(ours).isEqualTo(hadoops).contains("dir rwxr-x---", "file rw-r-----", "renamed rw-------",
        "plain symlink false", "content {}");
  }

  /** Creates, chmods, renames and looks at links under {@code root}; returns what it saw. */
  private static List<String> exercise(FileSystem fs, FileContext context, java.nio.file.Path root) throws Exception {
    fs.initialize(URI.create("file:///"), new Configuration());
    List<String> seen = new ArrayList<>();
    Path base = new Path(root.toUri());
    Path sub = new Path(base, "sub");
    assertThat(fs.mkdirs(sub, new FsPermission((short) 0750))).isTrue();
    seen.add("dir " + perms(root.resolve("sub")));
    Path file = new Path(sub, "a.json");
    try (FSDataOutputStream out = fs.create(file, new FsPermission((short) 0640), false, 4096, (short) 1, 1 << 20, null)) {
      out.write("{}".getBytes(StandardCharsets.UTF_8));
    }
    seen.add("file " + perms(root.resolve("sub/a.json")));
    fs.setPermission(file, new FsPermission((short) 0600));
    Path renamed = new Path(sub, "b.json");
    context.rename(file, renamed, Options.Rename.NONE);
    seen.add("renamed " + perms(root.resolve("sub/b.json")));
    seen.add("plain symlink " + context.getFileLinkStatus(renamed).isSymlink());
    seen.add("content " + Files.readString(root.resolve("sub/b.json")));
    return seen;
  }

  @Test
  void aSymbolicLinkIsSeenAsHadoopsOwnCodeSeesIt() throws Exception {
    Configuration conf = new Configuration();
    Files.createDirectories(dir.resolve("sub"));
    Files.writeString(dir.resolve("sub/b.json"), "{}");
    Files.createSymbolicLink(dir.resolve("link"), dir.resolve("sub/b.json"));
    Path link = new Path(dir.resolve("link").toUri());

    FileStatus ours = FileContext.getFileContext(new LocalFiles.FileContextFs(URI.create("file:///"), conf), conf)
        .getFileLinkStatus(link);
    FileStatus hadoops = FileContext.getLocalFSFileContext(conf).getFileLinkStatus(link);

    assertThat(ours.isSymlink()).isEqualTo(hadoops.isSymlink());
    assertThat(ours.getLen()).isEqualTo(hadoops.getLen()).isEqualTo(2);
    assertThat(ours.getPath()).isEqualTo(hadoops.getPath());
  }

  private static String perms(java.nio.file.Path path) throws Exception {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
  }

  private interface Work {
    void run() throws Exception;
  }

  /** The command lines of the processes this JVM started while {@code work} ran, from a JFR recording. */
  private List<String> processesStartedBy(Work work) throws Exception {
    java.nio.file.Path file = Files.createTempFile(dir, "processes", ".jfr");
    try (Recording recording = new Recording()) {
      recording.enable("jdk.ProcessStart");
      recording.start();
      work.run();
      recording.stop();
      recording.dump(file);
    }
    List<String> commands = new ArrayList<>();
    for (RecordedEvent event : RecordingFile.readAllEvents(file)) {
      commands.add(event.getString("command"));
    }
    return commands;
  }
}
