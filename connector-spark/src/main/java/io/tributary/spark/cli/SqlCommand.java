package io.tributary.spark.cli;

import io.tributary.api.UserException;
import io.tributary.spark.pipeline.Lakehouse;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * {@code tributary sql --warehouse DIR "SELECT ..."}: registers every table of the lakehouse as
 * {@code <schema>.<table>} and prints the query's rows as JSON lines, one object per row, on
 * stdout. Rows stream to stdout as Spark produces them, so a large result does not have to fit in
 * the driver.
 */
@Command(name = "sql", sortOptions = false,
    description = {"Query the ingested tables; prints one JSON object per row on stdout.",
        "Every ingested table is queryable as <destination_schema>.<destination_table>."})
final class SqlCommand implements Callable<Integer> {
  @Parameters(paramLabel = "QUERY", arity = "1..*",
      description = "One Spark SQL statement, in quotes, as the last argument.")
  List<String> query;

  @Mixin CliOptions.Warehouse warehouse;
  @Mixin CliOptions.Help help;

  private final CliStreams io;

  SqlCommand(CliStreams io) {
    this.io = io;
  }

  @Override
  public Integer call() {
    if (query.size() != 1) {
      throw new UsageException("sql", "Expected one query, got " + query.size()
          + " arguments; put the whole statement in quotes");
    }
    SparkSession spark = warehouse.session();
    Lakehouse lakehouse = warehouse.lakehouse(spark);
    if (!lakehouse.warehouse().isDirectory()) {
      throw new UsageException("sql", "Cannot query warehouse " + lakehouse.warehouse()
          + ": the directory does not exist; ingest first, or pass --warehouse");
    }
    lakehouse.registerAll(spark);
    Iterator<String> rows = plan(spark, query.get(0)).toJSON().toLocalIterator();
    while (rows.hasNext()) {
      io.out().println(rows.next());
    }
    io.out().flush();
    return TributaryCli.OK;
  }

  /** Plans the query; one Spark cannot parse or resolve is the user's to fix, and nothing ran. */
  private static Dataset<Row> plan(SparkSession spark, String sql) {
    try {
      return spark.sql(sql);
    } catch (Exception e) {
      if (e instanceof AnalysisException) {
        throw new UserException(List.of("Cannot run the query: " + TributaryCli.firstLine(e.getMessage())), e);
      }
      throw e;
    }
  }
}
