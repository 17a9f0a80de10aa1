package io.tributary.spark;

import java.util.Map;
import org.apache.spark.rdd.RDD;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SQLContext;
import org.apache.spark.sql.sources.BaseRelation;
import org.apache.spark.sql.sources.TableScan;
import org.apache.spark.sql.types.StructType;

/**
 * The bridge for SQL tables ({@code CREATE TABLE t USING tributary OPTIONS (...)}). With a custom
 * session catalog such as Delta's, Spark resolves such tables through the V1 {@code
 * RelationProvider} interface only; this relation delegates to the V2 batch read.
 */
final class TributaryRelation extends BaseRelation implements TableScan {
  private final SQLContext sqlContext;
  private final Map<String, String> options;
  private final ReadContext context;

  TributaryRelation(SQLContext sqlContext, Map<String, String> options, ReadContext context) {
    this.sqlContext = sqlContext;
    this.options = options;
    this.context = context;
  }

  @Override
  public SQLContext sqlContext() {
    return sqlContext;
  }

  @Override
  public StructType schema() {
    return context.outputSchema();
  }

  @Override
  public RDD<Row> buildScan() {
    return sqlContext.sparkSession().read().format(TributaryDataSource.NAME).options(options).load().rdd();
  }

  @Override
  public String toString() {
    return TributaryDataSource.NAME + " " + context.options().describe();
  }
}
