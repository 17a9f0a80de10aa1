package io.tributary.spark.cli;

import io.tributary.spark.pipeline.Lakehouse;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import io.tributary.api.UserException;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * {@code tributary sql --warehouse DIR "SELECT ..."}: registers every table of the lakehouse as
 * {@code <schema>.<table>} and prints the query's rows as JSON lines, one object per row, on
 * stdout. Rows stream to stdout as Spark produces them, so a large result does not have to fit in
 * the driver.
 */
final class SqlCommand {
  static final String USAGE = """
      Usage: tributary sql [--warehouse DIR] "SELECT ..."

      Runs a Spark SQL query over the lakehouse (default ./lakehouse) and prints each row as
      one JSON object per line on stdout. Every ingested table is queryable as
      <destination_schema>.<destination_table>.
      """;

  private SqlCommand() {}

  /** Plans the query; one Spark cannot parse or resolve is the user's to fix, and nothing ran. */
  private static Dataset<Row> query(SparkSession spark, String sql) {
    try {
      return spark.sql(sql);
    } catch (Exception e) {
      if (e instanceof AnalysisException) {
        throw new UserException(List.of("Cannot run the query: " + TributaryCli.firstLine(e.getMessage())), e);
      }
      throw e;
    }
  }

  static int run(List<String> args, PrintStream out) {
    CommandLine line = CommandLine.parse("sql", args, Set.of("warehouse"), Set.of());
    if (line.positionals().size() != 1) {
      throw new UsageException("sql", line.positionals().isEmpty()
          ? "Missing the query: pass one SQL statement as the last argument, in quotes"
          : "Expected one query, got " + line.positionals().size()
              + " arguments; put the whole statement in quotes");
    }
    Path warehouse = LocalSpark.warehouse(line);
    if (!Files.isDirectory(warehouse)) {
      throw new UsageException("sql", "Cannot query warehouse " + warehouse
          + ": the directory does not exist; ingest first, or pass --warehouse");
    }
    SparkSession spark = LocalSpark.session(warehouse);
    new Lakehouse(warehouse).registerAll(spark);
    Iterator<String> rows = query(spark, line.positionals().get(0)).toJSON().toLocalIterator();
    while (rows.hasNext()) {
      out.println(rows.next());
    }
    out.flush();
    return TributaryCli.OK;
  }
}
