package io.tributary.spark;

import io.tributary.testkit.SeparateJvm;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.connector.read.InputPartition;
import org.apache.spark.sql.connector.read.PartitionReader;
import org.apache.spark.sql.connector.read.PartitionReaderFactory;

/**
 * What a Spark task does, inside an {@link io.tributary.testkit.SeparateJvm}: deserializes the reader factory
 * and the partition the driver shipped, creates the reader (which builds its connector from the
 * shipped options) and reads every row. Answers the ids (from the column at the shipped index) or
 * the error, and the {@code toString()} of what it received.
 */
public final class ExecutorReads implements Function<byte[], Map<String, Object>> {

  @Override
  public Map<String, Object> apply(byte[] shipped) {
    Object[] work = SeparateJvm.deserialize(shipped, getClass().getClassLoader());
    PartitionReaderFactory factory = (PartitionReaderFactory) work[0];
    InputPartition partition = (InputPartition) work[1];
    int idColumn = (Integer) work[2];
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("shipped", List.of(factory.toString(), partition.toString(),
        ((TributaryReaderFactory) factory).context().toString()));
    List<String> ids = new ArrayList<>();
    try (PartitionReader<InternalRow> reader = factory.createReader(partition)) {
      while (reader.next()) {
        ids.add(reader.get().getUTF8String(idColumn).toString());
      }
      answer.put("ids", ids);
    } catch (IOException | RuntimeException e) {
      answer.put("error", e.getMessage());
      answer.put("errorType", e.getClass().getSimpleName());
    }
    return answer;
  }
}
