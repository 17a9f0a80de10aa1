package io.tributary.spark.pipeline;

import io.tributary.api.InternalException;
import io.tributary.api.UserException;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.spark.sql.catalyst.TableIdentifier;
import scala.Option;
import org.apache.spark.sql.SparkSession;

/**
 * The local warehouse: each destination is a Delta table at {@code <warehouse>/<schema>/<table>},
 * and Tributary's own state lives under {@code <warehouse>/_tributary} (streaming checkpoints and
 * the {@code ingestion_log} table). On a session that has the spec's {@code destination_catalog},
 * as on Databricks with Unity Catalog, destinations are written by name instead; checkpoints and
 * the log stay in the warehouse directory.
 */
public final class Lakehouse {
  /** The schema of Tributary's own tables, such as {@code _tributary.ingestion_log}. */
  public static final String STATE_SCHEMA = "_tributary";
  private static final String APP_ID_FILE = "tributary_app_id";

  private final Path warehouse;

  public Lakehouse(Path warehouse) {
    this.warehouse = Objects.requireNonNull(warehouse, "warehouse").toAbsolutePath().normalize();
  }

  public Path warehouse() {
    return warehouse;
  }

  public Path tablePath(String schema, String table) {
    return warehouse.resolve(schema).resolve(table);
  }

  public Path ingestionLogPath() {
    return tablePath(STATE_SCHEMA, "ingestion_log");
  }

  /** Where the streaming checkpoint of a destination lives. */
  public Path checkpoint(TableSpec table) {
    Path dir = warehouse.resolve(STATE_SCHEMA).resolve("checkpoints");
    if (table.destinationCatalog().isPresent()) {
      dir = dir.resolve(table.destinationCatalog().get());
    }
    return dir.resolve(table.destinationSchema()).resolve(table.destinationTable());
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
    if (!Files.isDirectory(warehouse)) {
      return names;
    }
    for (Path schemaDir : list(warehouse)) {
      if (!Files.isDirectory(schemaDir)) {
        continue;
      }
      String schema = schemaDir.getFileName().toString();
      for (Path tableDir : list(schemaDir)) {
        if (!Files.isDirectory(tableDir.resolve("_delta_log"))) {
          continue;
        }
        String table = tableDir.getFileName().toString();
        register(spark, schema, table, tableDir);
        names.add(schema + "." + table);
      }
    }
    return names;
  }

  private static void register(SparkSession spark, String schema, String table, Path location) {
    String qualified = DeltaTarget.quote(schema) + "." + DeltaTarget.quote(table);
    // At its own directory: otherwise Spark creates <schema>.db under spark.sql.warehouse.dir,
    // which for the command line is wherever it was started.
    spark.sql("CREATE SCHEMA IF NOT EXISTS " + DeltaTarget.quote(schema) + " LOCATION '"
        + location.getParent().toUri().toString().replace("'", "\\'") + "'");
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
        + location.toUri().toString().replace("'", "\\'") + "'");
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

  private static boolean samePath(URI registered, Path location) {
    try {
      return Path.of(registered).normalize().equals(location.normalize());
    } catch (IllegalArgumentException | java.nio.file.FileSystemNotFoundException e) {
      return false;
    }
  }

  /**
   * The Delta transaction app id of a checkpoint, created with it. It ties idempotent commits to
   * one checkpoint: after a checkpoint is deleted, batch ids restart at 0 under a new id instead
   * of being skipped as already applied.
   */
  static String appId(Path checkpoint) {
    Path file = checkpoint.resolve(APP_ID_FILE);
    try {
      if (Files.exists(file)) {
        return Files.readString(file, StandardCharsets.UTF_8).trim();
      }
      Files.createDirectories(checkpoint);
      String id = "tributary-" + UUID.randomUUID();
      Files.writeString(file, id, StandardCharsets.UTF_8);
      return id;
    } catch (IOException e) {
      throw new UserException("Cannot use checkpoint directory " + checkpoint + ": " + e.getMessage());
    }
  }

  private static List<Path> list(Path dir) {
    try (Stream<Path> children = Files.list(dir)) {
      return children.sorted().toList();
    } catch (IOException e) {
      throw new InternalException("Cannot list warehouse directory " + dir + ": " + e.getMessage());
    }
  }

  @Override
  public String toString() {
    return "Lakehouse[" + warehouse + "]";
  }
}
