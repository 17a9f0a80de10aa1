package io.tributary.spark.pipeline;

import io.tributary.api.UserException;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.catalyst.TableIdentifier;
import scala.Option;
import org.apache.spark.sql.SparkSession;

/**
 * The warehouse and the state location. Each destination written by path is a Delta table at
 * {@code <warehouse>/<schema>/<table>}; Tributary's own state (streaming checkpoints and the {@code
 * ingestion_log} table) lives at the state location, by default {@code <warehouse>/_tributary}.
 * Both are {@link Location}s: local directories or any Hadoop URI the cluster can reach. On a
 * session with a metastore or with the spec's {@code destination_catalog}, destinations are
 * written by name instead ({@link Ingestion#target}); the state stays at the state location.
 */
public final class Lakehouse {
  /** The schema of Tributary's own tables, such as {@code _tributary.ingestion_log}. */
  public static final String STATE_SCHEMA = "_tributary";
  private static final String APP_ID_FILE = "tributary_app_id";

  private final Location warehouse;
  private final Location state;

  public Lakehouse(Location warehouse, Location state) {
    this.warehouse = Objects.requireNonNull(warehouse, "warehouse");
    this.state = Objects.requireNonNull(state, "state");
  }

  /** State under {@code <warehouse>/_tributary}. */
  public Lakehouse(Location warehouse) {
    this(warehouse, warehouse.resolve(STATE_SCHEMA));
  }

  /** A local warehouse directory, state under it. */
  public Lakehouse(Path warehouse) {
    this(Location.of(Location.uriOf(warehouse), "warehouse"));
  }

  /** The lakehouse {@code options} name, qualified with {@code spark}'s Hadoop configuration. */
  public static Lakehouse of(SparkSession spark, IngestionOptions options) {
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    Location warehouse = Location.of(options.warehouse(), conf, "warehouse");
    return new Lakehouse(warehouse, options.stateLocation()
        .map(state -> Location.of(state, conf, "state location"))
        .orElseGet(() -> warehouse.resolve(STATE_SCHEMA)));
  }

  public Location warehouse() {
    return warehouse;
  }

  public Location state() {
    return state;
  }

  public Location tablePath(String schema, String table) {
    return warehouse.resolve(schema).resolve(table);
  }

  public Location ingestionLogPath() {
    return state.resolve("ingestion_log");
  }

  /** Where the streaming checkpoint of a destination lives. */
  public Location checkpoint(TableSpec table) {
    Location dir = checkpoints();
    if (table.destinationCatalog().isPresent()) {
      dir = dir.resolve(table.destinationCatalog().get());
    }
    return dir.resolve(table.destinationSchema()).resolve(table.destinationTable());
  }

  /** The directory of every destination's checkpoint. */
  public Location checkpoints() {
    return state.resolve("checkpoints");
  }

  /**
   * Makes every Delta table of the warehouse queryable as {@code <schema>.<table>}. Spark's
   * in-memory catalog forgets tables when the JVM exits, so a new process registers them again
   * from the directories: each schema at its directory, each table as an external table at its
   * location (dropping such a registration never deletes data). A name registered at another
   * location, as from another warehouse earlier in the same JVM, is re-pointed.
   *
   * @return the names registered, such as {@code support.tickets}, sorted
   */
  public List<String> registerAll(SparkSession spark) {
    // One registration at a time in this JVM: each one checks the catalog, then creates, and two
    // ingestions finishing together would both try to create the same name.
    synchronized (Lakehouse.class) {
      return registerEach(spark);
    }
  }

  private List<String> registerEach(SparkSession spark) {
    List<String> names = new ArrayList<>();
    for (Location schemaDir : warehouse.children()) {
      for (Location tableDir : schemaDir.children()) {
        if (!tableDir.resolve("_delta_log").isDirectory()) {
          continue;
        }
        register(spark, schemaDir.name(), tableDir.name(), tableDir);
        names.add(schemaDir.name() + "." + tableDir.name());
      }
    }
    // State kept apart from the warehouse is registered too: the log is what status queries.
    if (!state.parent().equals(warehouse) && ingestionLogPath().resolve("_delta_log").isDirectory()) {
      register(spark, STATE_SCHEMA, "ingestion_log", ingestionLogPath());
      names.add(STATE_SCHEMA + ".ingestion_log");
    }
    return names;
  }

  private static void register(SparkSession spark, String schema, String table, Location location) {
    String qualified = DeltaTarget.quote(schema) + "." + DeltaTarget.quote(table);
    // At its own directory: otherwise Spark creates <schema>.db under spark.sql.warehouse.dir,
    // which for the command line is wherever it was started.
    // Asked of the catalog first: a statement is parsed, planned and run as a SQL execution, and
    // every run registers every table of the warehouse again.
    if (!spark.sessionState().catalog().databaseExists(schema)) {
      spark.sql("CREATE SCHEMA IF NOT EXISTS " + DeltaTarget.quote(schema) + " LOCATION '"
          + location.parent().uri().replace("'", "\\'") + "'");
    }
    // The session catalog's metadata only: resolving the table would fail if its directory is gone.
    if (spark.sessionState().catalog().tableExists(new TableIdentifier(table, Option.apply(schema)))) {
      if (registeredLocation(spark, schema, table).map(uri -> samePath(uri, location)).orElse(false)) {
        return;
      }
      // Through the session catalog: a DROP TABLE statement would first resolve the Delta table,
      // and fail when its directory is gone.
      spark.sessionState().catalog().dropTable(new TableIdentifier(table, Option.apply(schema)), true, false);
    }
    spark.sql("CREATE TABLE " + qualified + " USING delta LOCATION '"
        + location.uri().replace("'", "\\'") + "'");
  }

  /** The catalog's own record, not DESCRIBE DETAIL: the registered location may be gone. */
  private static java.util.Optional<URI> registeredLocation(SparkSession spark, String schema, String table) {
    try {
      return java.util.Optional.of(spark.sessionState().catalog()
          .getTableMetadata(new TableIdentifier(table, Option.apply(schema))).location());
    } catch (Exception e) {
      return java.util.Optional.empty();
    }
  }

  private static boolean samePath(URI registered, Location location) {
    try {
      return Location.of(registered.toString(), location.conf(), "registered location").equals(location);
    } catch (RuntimeException e) {
      return false;
    }
  }

  /**
   * The Delta transaction app id of a checkpoint, created with it. It ties idempotent commits to
   * one checkpoint: after a checkpoint is deleted, batch ids restart at 0 under a new id instead
   * of being skipped as already applied.
   */
  static String appId(Location checkpoint) {
    Location file = checkpoint.resolve(APP_ID_FILE);
    // Created once: when two processes race, the one that loses reads the winner's id.
    file.createIfAbsent("tributary-" + UUID.randomUUID());
    try {
      return file.readString().trim();
    } catch (java.io.FileNotFoundException e) {
      throw new UserException("Cannot use checkpoint directory " + checkpoint + ": " + APP_ID_FILE
          + " vanished as it was created; check that nothing else deletes the state location");
    }
  }

  @Override
  public String toString() {
    return "Lakehouse[" + warehouse + ", state " + state + "]";
  }
}
