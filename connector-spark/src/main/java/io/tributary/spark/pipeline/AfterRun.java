package io.tributary.spark.pipeline;

import io.tributary.api.Connector;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;

/**
 * What a run asks the connector on the driver after each table: its notices, and its count of
 * the table for reconciliation. Neither may fail the run: a connector that cannot be built or
 * answer is reported, not thrown. The connector is built on first use and closed with this.
 */
final class AfterRun implements AutoCloseable {
  private final SparkSession spark;
  private final SpecValidator.Plan plan;
  private final boolean reconcile;
  private Connector connector;
  private String unavailable;

  AfterRun(SparkSession spark, SpecValidator.Plan plan, boolean reconcile) {
    this.spark = spark;
    this.plan = plan;
    this.reconcile = reconcile;
  }

  /** {@code report} with the table's notices and, for a table that ran to the end, its reconciliation. */
  TableReport after(PlannedTable table, DeltaTarget target, TableReport report) {
    List<String> notices = notices(table);
    Optional<Reconciliation> counted = reconcile && report.status() == TableStatus.OK
        ? reconcile(table, target, report.endOffset()) : Optional.empty();
    return report.withChecks(notices, counted);
  }

  Optional<Reconciliation> reconcile(PlannedTable table, DeltaTarget target, Optional<String> endOffset) {
    if (connector() == null) {
      return Optional.of(Reconciliation.failed(unavailable));
    }
    return new Reconciler(spark, connector, plan.connectionOptions()).reconcile(table, target, endOffset);
  }

  private List<String> notices(PlannedTable table) {
    if (connector() == null) {
      return List.of();
    }
    try {
      return connector.notices(table.sourceTable(), table.tableOptions());
    } catch (RuntimeException e) {
      return List.of(plan.connectionOptions().redact(
          "Cannot list the notices of table '" + table.sourceTable() + "': " + e.getMessage()));
    }
  }

  private Connector connector() {
    if (connector == null && unavailable == null) {
      try {
        connector = plan.factory().create(plan.connectionOptions());
      } catch (RuntimeException e) {
        unavailable = plan.connectionOptions().redact("Cannot open connection '" + plan.connection().name()
            + "' to count: " + e.getMessage());
      }
    }
    return connector;
  }

  @Override
  public void close() {
    if (connector != null) {
      connector.close();
    }
  }
}
