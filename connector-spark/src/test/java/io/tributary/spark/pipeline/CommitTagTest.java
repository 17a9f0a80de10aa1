package io.tributary.spark.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The tag a run writes into its Delta commits reads back as written, and only Tributary's tags are read. */
class CommitTagTest {
  @Test
  void aTagReadsBackFromTheUserMetadataItWrote() {
    CommitTag tag = new CommitTag("run-1", "tickets", 7, 100, 2);

    assertThat(CommitTag.parse(tag.toJson())).contains(tag);
  }

  @Test
  void userMetadataThatIsNotATributaryTagIsNoTag() {
    assertThat(CommitTag.parse(null)).isEmpty();
    assertThat(CommitTag.parse("nightly compaction")).isEmpty();
    assertThat(CommitTag.parse("{\"job\": \"backfill\"}")).isEmpty();
    assertThat(CommitTag.parse("{\"tributary_run_id\": 12}")).as("a run id that is not text").isEmpty();
    assertThat(CommitTag.parse("tributary_run_id, but not JSON")).isEqualTo(Optional.empty());
  }
}
