package io.tributary.spark;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.apache.spark.sql.SQLContext;
import org.apache.spark.sql.connector.catalog.Table;
import org.apache.spark.sql.connector.catalog.TableProvider;
import org.apache.spark.sql.connector.expressions.Transform;
import org.apache.spark.sql.sources.BaseRelation;
import org.apache.spark.sql.sources.DataSourceRegister;
import org.apache.spark.sql.sources.RelationProvider;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.util.CaseInsensitiveStringMap;
import scala.jdk.javaapi.CollectionConverters;

/**
 * The {@code tributary} data source: reads any connector's table as a batch or a micro-batch
 * stream.
 *
 * <pre>
 * spark.read().format("tributary")
 *     .option("source", "freshservice").option("tableName", "tickets")
 *     .option("domain", "acme").option("api_key", key)      // connection options
 *     .option("max_pages_per_batch", "10")                   // table options
 *     .load();
 * </pre>
 *
 * <p>Framework options: {@code source}, {@code tableName}, {@code strict} ({@code true} fails on a
 * value that does not fit the schema instead of rescuing it) and {@code read} ({@code records},
 * {@code deletes} or {@code changes}). Every other option must be one the connector declares. The
 * schema comes from the connector; a user-specified schema is refused.
 */
public final class TributaryDataSource implements TableProvider, DataSourceRegister, RelationProvider {
  /** The format name: {@code spark.read().format("tributary")}, {@code USING tributary}. */
  public static final String NAME = "tributary";

  /**
   * Spark asks one instance for the schema and then for the table, with the same options and on
   * the same thread; the second gets the first's resolution instead of another.
   */
  private Map<String, String> resolvedFrom;
  private ReadContext resolved;

  @Override
  public String shortName() {
    return NAME;
  }

  @Override
  public StructType inferSchema(CaseInsensitiveStringMap options) {
    return resolve(options.asCaseSensitiveMap()).outputSchema();
  }

  @Override
  public Table getTable(StructType schema, Transform[] partitioning, Map<String, String> properties) {
    return new TributaryTable(resolve(properties));
  }

  /** For SQL tables in a custom session catalog, which Spark reads through V1 only. */
  @Override
  public BaseRelation createRelation(SQLContext sqlContext, scala.collection.immutable.Map<String, String> parameters) {
    Map<String, String> options = new HashMap<>(CollectionConverters.asJava(parameters));
    return new TributaryRelation(sqlContext, options, resolve(options));
  }

  private synchronized ReadContext resolve(Map<String, String> raw) {
    if (resolved == null || !raw.equals(resolvedFrom)
        || !Objects.equals(resolved.tally(), ReadTally.current().orElse(null))) {
      TributaryOptions options = TributaryOptions.parse(raw);
      Redaction.coverSecretOptions(options.secretNames());
      resolved = ReadContext.resolve(options);
      resolvedFrom = new HashMap<>(raw);
    }
    return resolved;
  }
}
