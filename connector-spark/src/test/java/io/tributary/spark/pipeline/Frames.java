package io.tributary.spark.pipeline;

import io.tributary.api.Columns;
import io.tributary.api.OptionValues;
import io.tributary.api.TableMetadata;
import io.tributary.spark.SharedSpark;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** Builds change batches from JSON lines and reads destinations back as sorted strings. */
final class Frames {
  private Frames() {}

  static SparkSession spark() {
    return SharedSpark.spark();
  }

  static Path tempDir(String prefix) {
    try {
      return Files.createTempDirectory(SharedSpark.warehouse(), prefix);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A batch in the source's {@code read=changes} shape: schema, _rescued_data, _change_type. */
  static Dataset<Row> changes(StructType schema, String... jsonLines) {
    StructType full = schema.add(Columns.RESCUED_DATA, DataTypes.StringType)
        .add(DeltaWriter.CHANGE_TYPE, DataTypes.StringType);
    Dataset<String> lines = spark().createDataset(Arrays.asList(jsonLines), Encoders.STRING());
    return spark().read().schema(full).json(lines);
  }

  static TableSpec spec(String table, ScdType scd) {
    return new TableSpec(0, table, Optional.empty(), "default", table, Map.of(), scd, List.of(),
        Optional.empty(), List.of(), List.of());
  }

  static PlannedTable planned(TableSpec spec, TableMetadata metadata, StructType schema) {
    return new PlannedTable(spec, metadata, schema, metadata.primaryKeys(),
        spec.sequenceBy().or(metadata::cursorField), OptionValues.empty());
  }

  /** Rows of {@code frame} as "a|b|c" strings of the given columns, sorted. */
  static List<String> rows(Dataset<Row> frame, String... columns) {
    List<String> out = new ArrayList<>();
    String[] asText = Arrays.stream(columns).map(c -> "cast((" + c + ") as string)").toArray(String[]::new);
    for (Row row : frame.selectExpr(asText).collectAsList()) {
      StringBuilder text = new StringBuilder();
      for (int i = 0; i < row.length(); i++) {
        if (i > 0) {
          text.append('|');
        }
        text.append(row.isNullAt(i) ? "null" : row.get(i).toString());
      }
      out.add(text.toString());
    }
    out.sort(null);
    return out;
  }
}
