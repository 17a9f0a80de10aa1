package io.tributary.examples.demo;

import io.tributary.spark.pipeline.IngestionReport;
import io.tributary.spark.pipeline.TableStatus;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What a demo did: per source, the connection options its simulator served on, the tables, and
 * the reports of the two runs around the mutation.
 */
public record DemoRun(Path warehouse, List<SourceRun> sources) {
  public DemoRun {
    sources = List.copyOf(sources);
  }

  public record SourceRun(
      String source,
      Map<String, String> connectionOptions,
      List<String> tables,
      IngestionReport first,
      String mutation,
      IngestionReport second) {
    public SourceRun {
      connectionOptions = Map.copyOf(connectionOptions);
      tables = List.copyOf(tables);
    }
  }

  /** True when a table of either run failed. */
  public boolean failed() {
    return sources.stream().anyMatch(
        s -> s.first().status() == TableStatus.FAILED || s.second().status() == TableStatus.FAILED);
  }
}
