package io.tributary.spark.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.api.UserException;
import java.io.FileNotFoundException;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;

class LocationTest {
  private final Configuration conf = new Configuration();

  @Test
  void aPlainRelativePathIsQualifiedAgainstTheDefaultFileSystemsWorkingDirectory() {
    Location location = Location.of("lake/house", conf, "--warehouse");

    assertThat(location.uri()).isEqualTo("file:" + Path.of("lake/house").toAbsolutePath());
    assertThat(location.isLocal()).isTrue();
    assertThat(location.resolve("_tributary").resolve("ingestion_log").uri())
        .isEqualTo("file:" + Path.of("lake/house/_tributary/ingestion_log").toAbsolutePath());
  }

  @Test
  void aUriKeepsItsSchemeAndAuthority() {
    // Nothing listens there: qualifying a location does not connect.
    Location location = Location.of("hdfs://127.0.0.1:9/lake", conf, "--warehouse");

    assertThat(location.uri()).isEqualTo("hdfs://127.0.0.1:9/lake");
    assertThat(location.isLocal()).isFalse();
    assertThat(location.resolve("crm").resolve("Account").uri()).isEqualTo("hdfs://127.0.0.1:9/lake/crm/Account");
  }

  @Test
  void aSchemeWithoutAFileSystemNamesTheOptionTheSchemeAndWhatToAdd() {
    assertThatThrownBy(() -> Location.of("nosuchfs://bucket/lake", conf, "--warehouse"))
        .isInstanceOf(UserException.class)
        .hasMessageContaining("--warehouse 'nosuchfs://bucket/lake'")
        .hasMessageContaining("no Hadoop file system for 'nosuchfs:'")
        .hasMessageContaining("add its connector");
    assertThatThrownBy(() -> Location.of("hdfs://no-such-namenode.invalid:8020/lake", conf, "--state-location"))
        .isInstanceOf(UserException.class)
        .hasMessageContaining("--state-location 'hdfs://no-such-namenode.invalid:8020/lake'")
        .hasMessageContaining("UnknownHostException")
        .hasMessageContaining("check the URI");
    assertThatThrownBy(() -> Location.of(" ", conf, "state location"))
        .isInstanceOf(UserException.class).hasMessageContaining("empty state location");
  }

  @Test
  void createsAFileOnceListsChildrenByNameAndTellsAMissingFile() throws Exception {
    Location dir = Location.of(Frames.tempDir("location").toString(), conf, "dir");
    Location file = dir.resolve("b").resolve("id");

    assertThat(file.createIfAbsent("first")).isTrue();
    assertThat(file.createIfAbsent("second")).isFalse();
    assertThat(file.readString()).isEqualTo("first");
    dir.resolve("a").resolve("x").createIfAbsent("");

    assertThat(dir.children()).extracting(Location::name).containsExactly("a", "b");
    assertThat(dir.resolve("b").isDirectory()).isTrue();
    assertThat(file.isDirectory()).isFalse();
    assertThat(dir.resolve("missing").children()).isEmpty();
    assertThatThrownBy(() -> dir.resolve("missing").readString()).isInstanceOf(FileNotFoundException.class);
  }
}
