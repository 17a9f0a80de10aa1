package io.tributary.spark.testing;

import io.tributary.api.CommonOptions;
import io.tributary.api.Connector;
import io.tributary.api.ConnectorFactory;
import io.tributary.api.OptionDef;
import io.tributary.api.OptionSet;
import io.tributary.api.OptionValues;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A test connector named {@code memory} whose tables live in a {@link MemoryDataset}, chosen by
 * the connection option {@code dataset}. Tables: {@code items} (snapshot), {@code tickets}
 * (cdc_with_deletes), {@code contacts} (cdc), {@code events} (append) and {@code conversations}
 * (cdc, child of tickets).
 *
 * <p>Connection options: {@code dataset} (default {@code default}), {@code api_key} (optional
 * secret; when the dataset expects none, any value is accepted), {@code externalOptionsAllowList}.
 * Table options: {@code per_page}, {@code max_pages_per_batch}, {@code lookback_seconds}, {@code
 * start_date}, and {@code partitions} (0 or 1 read serially; 2 or more plan that many partitions
 * for a read from an offset without listing state).
 */
public final class MemoryConnectorFactory implements ConnectorFactory {
  public static final String NAME = "memory";
  public static final String DATASET = "dataset";
  public static final String API_KEY = "api_key";
  public static final String PARTITIONS = "partitions";

  /** How often each {@code dataset} value was checked, to show options are resolved once. */
  private static final Map<String, AtomicInteger> CHECKS = new ConcurrentHashMap<>();

  private static final OptionSet CONNECTION = OptionSet.of(
      OptionDef.string(DATASET).withDefault("default")
          .matching(".*", "a MemoryDataset name", MemoryConnectorFactory::checked)
          .doc("The MemoryDataset to read."),
      OptionDef.string(API_KEY).secret().doc("Ignored credential, for redaction tests."),
      CommonOptions.ALLOW_LIST);

  private static final OptionSet TABLE = CommonOptions.tableOptions(1000, 100).plus(
      OptionDef.integer(PARTITIONS, 0, 16).withDefault("0")
          .doc("Partitions a read from a fresh offset is split into; 0 or 1 read serially."));

  /** How often the value {@code dataset} of option {@code dataset} has been checked in this JVM. */
  public static int checks(String dataset) {
    AtomicInteger count = CHECKS.get(dataset);
    return count == null ? 0 : count.get();
  }

  private static String checked(String dataset) {
    CHECKS.computeIfAbsent(dataset, d -> new AtomicInteger()).incrementAndGet();
    return "must name a MemoryDataset";
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "In-memory tables for tests";
  }

  @Override
  public OptionSet connectionOptions() {
    return CONNECTION;
  }

  @Override
  public OptionSet tableOptions() {
    return TABLE;
  }

  @Override
  public Connector create(OptionValues connectionOptions) {
    return new MemoryConnector(connectionOptions.string(DATASET));
  }
}
