package io.tributary.spark;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.spark.testing.MemoryConnectorFactory;
import io.tributary.spark.testing.MemoryDataset;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.catalyst.InternalRow;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Options are resolved once, on the driver; an executor reads with what it was sent. */
class ResolvedOnceTest {
  private static final String DATASET = "resolved-once";
  private final MemoryDataset data = MemoryDataset.create(DATASET);

  @AfterEach
  void drop() {
    MemoryDataset.drop(DATASET);
  }

  @Test
  void aTaskSerializedToAnExecutorCarriesTheResolvedValuesAndChecksNothingAgain() throws Exception {
    for (int id = 1; id <= 5; id++) {
      data.put("items", "{\"id\":" + id + ",\"name\":\"item " + id + "\",\"price\":1.5}");
    }
    ReadContext driver = ReadContext.resolve(TributaryOptions.parse(
        MemoryFixtures.options(DATASET, "items", "per_page", "2", "max_pages_per_batch", "1")));
    assertThat(MemoryConnectorFactory.checks(DATASET)).as("checks on the driver").isEqualTo(1);

    ReadContext executor = roundTrip(driver);
    TributaryInputPartition task = roundTrip(TributaryInputPartition.readAll(Feed.RECORDS));
    List<Long> ids = new ArrayList<>();
    try (TributaryPartitionReader reader = new TributaryPartitionReader(executor, task)) {
      while (reader.next()) {
        InternalRow row = reader.get();
        ids.add(row.getLong(0));
      }
    }

    assertThat(ids).containsExactly(1L, 2L, 3L, 4L, 5L);
    assertThat(executor.tableValues().asMap()).isEqualTo(driver.tableValues().asMap())
        .containsEntry("per_page", "2").containsEntry("max_pages_per_batch", "1");
    assertThat(data.readCalls("items")).as("one call per page of 2").isGreaterThanOrEqualTo(3);
    assertThat(MemoryConnectorFactory.checks(DATASET)).as("checks after the executor's read").isEqualTo(1);
  }

  @SuppressWarnings("unchecked")
  private static <T> T roundTrip(T value) throws IOException, ClassNotFoundException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(value);
    }
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      return (T) in.readObject();
    }
  }
}
