package io.tributary.api;

import java.util.List;
import org.apache.spark.sql.types.StructType;

/**
 * A source of tables, built by {@link ConnectorFactory#create}. One instance serves one
 * connection; the framework may call its methods from several threads at once, so
 * implementations are thread-safe.
 *
 * <p>Every method that takes a {@code table} rejects a name not in {@link #listTables()} with a
 * {@link UserException} that names the table and lists the valid ones (see {@link
 * Tables#unknown}).
 *
 * <p>{@code tableOptions} are the validated table options for that table (see {@link
 * ConnectorFactory#tableOptions(String)}); never null.
 */
public interface Connector extends AutoCloseable {

  /**
   * The tables this connection can read, unique, in a stable order. Never null, never empty.
   * Must not do I/O for static tables; may call the provider only for tables that vary per
   * account, such as custom objects.
   */
  List<String> listTables();

  /**
   * The table's Spark schema. The same inputs always give an equal schema within a run. Column
   * names are the record's JSON field names. The framework adds {@code _rescued_data} itself; the
   * schema must not contain it.
   */
  StructType schema(String table, OptionValues tableOptions);

  /** The table's keys, cursor and ingestion type. Stable for given inputs; consistent with {@link #schema}. */
  TableMetadata metadata(String table, OptionValues tableOptions);

  /**
   * Reads the next records of {@code table} after {@code start}.
   *
   * <p>The framework calls this again and again, passing each result's end offset as the next
   * start, until a call returns its start offset: the table is then caught up. One call reads at
   * most {@code max_pages_per_batch} pages. Incremental tables filter on the cursor with {@code >=}
   * from {@code watermark - lookback_seconds}; the framework de-duplicates by primary key. The
   * end offset never moves backwards and its watermark never passes the moment the read started.
   *
   * <p>Snapshot tables read the whole table: the framework starts each run from {@link
   * Offset#START} and takes every record up to the fixed point as the snapshot.
   *
   * <p>Calling again with the same start offset is allowed and yields the same records, or a
   * superset, minus records deleted since.
   *
   * @param start {@link Offset#START} for a first read, otherwise an end offset this connector
   *     returned earlier (possibly in another process)
   * @throws UserException for bad options or rejected credentials
   * @throws ExternalException when the provider fails after retries
   */
  ReadResult read(String table, Offset start, OptionValues tableOptions);

  /**
   * Reads the primary keys of records deleted after {@code start}, for {@code cdc_with_deletes}
   * tables. Each returned record holds at least the primary keys and, when known, the cursor.
   * Offsets follow the same rules as {@link #read}, in their own sequence.
   *
   * <p>The default refuses, naming the table: a connector that declares {@code
   * cdc_with_deletes} must override it.
   */
  default ReadResult readDeletes(String table, Offset start, OptionValues tableOptions) {
    throw new UserException(
        "Cannot read deletes of table '" + table + "': this connector does not report deletes");
  }

  /**
   * What the user should know about how {@code table} is read on this connection, beyond errors:
   * for example columns the provider hides from the integration user, which stay in the schema
   * as null. Called on the driver after a table's run; the pipeline writes each notice once per
   * run into the run's report and the ingestion log. A notice names fields and objects, never a
   * secret or a record value. The default has none.
   */
  default List<String> notices(String table, OptionValues tableOptions) {
    return List.of();
  }

  /**
   * Checks that this connection works by making the cheapest authenticated call the provider
   * offers (at most two requests), and returns what it verified in one line, such as {@code
   * "authenticated as agent 42 on acme.freshdesk.com"}: never a secret or a record value.
   *
   * @throws UserException when the connection's options are wrong: rejected credentials or an
   *     unknown domain, naming the option to fix
   * @throws ExternalException when the provider fails or the plan lacks the API, saying which
   * @throws UnsupportedOperationException when this connector cannot check (the default)
   */
  default String check() {
    throw new UnsupportedOperationException("this connector cannot check a connection");
  }

  /**
   * The requests, retries and throttling this connection has spent so far. Counters only grow.
   * The default reports zeros, for connectors that make no requests.
   */
  default ReadMetrics metrics() {
    return ReadMetrics.ZERO;
  }

  /** Releases connections and threads. Idempotent. The default does nothing. */
  @Override
  default void close() {}
}
