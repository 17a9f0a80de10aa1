package io.tributary.examples.cluster.probe;

import io.tributary.api.CommonOptions;
import io.tributary.api.Connector;
import io.tributary.api.ConnectorFactory;
import io.tributary.api.OptionDef;
import io.tributary.api.OptionSet;
import io.tributary.api.OptionValues;
import java.time.Instant;
import java.util.List;

/**
 * A test connector named {@code pid_probe} whose partitions record which JVM read them, for the
 * cluster tests. Registered only on the cluster tests' class path (examples' {@code
 * src/test/cluster-probe}) and in the probe jar {@code LocalCluster} ships to executors, so the
 * unit tests, which list every connector, never see it.
 *
 * <p>Connection option {@code api_key} (secret, required: executors must receive it to read).
 * Table option {@code partitions}: how many partitions a first read is split into.
 */
public final class PidProbeFactory implements ConnectorFactory {
  public static final String NAME = "pid_probe";
  public static final String TABLE = PidProbeConnector.TABLE;
  public static final int EVENTS = PidProbeConnector.EVENTS;
  static final String PARTITIONS = "partitions";

  private static final OptionSet CONNECTION = OptionSet.of(
      OptionDef.string(CommonOptions.API_KEY).secret().required().doc("Checked on every read, never used."));
  private static final OptionSet TABLE_OPTIONS = CommonOptions.tableOptions(1000, 100).plus(
      OptionDef.integer(PARTITIONS, 1, 16).withDefault("4").doc("Partitions of a first read."));

  /**
   * The rows every complete read of {@link #TABLE} lands, pid left out, as {@code "id value
   * updated_at"} with the timestamp as Spark casts it to a string in UTC; sorted as strings.
   */
  public static List<String> expectedRows() {
    return PidProbeConnector.expected().stream()
        .map(r -> r.get("id").asLong() + " " + r.get("value").asText() + " "
            + Instant.parse(r.get("updated_at").asText()).toString().replace('T', ' ').replace("Z", ""))
        .sorted().toList();
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public OptionSet connectionOptions() {
    return CONNECTION;
  }

  @Override
  public OptionSet tableOptions() {
    return TABLE_OPTIONS;
  }

  @Override
  public Connector create(OptionValues connectionOptions) {
    return new PidProbeConnector(connectionOptions.optional(CommonOptions.API_KEY).orElse(""));
  }
}
