package io.tributary.simulator;

import java.util.List;
import java.util.Map;

/**
 * A source's simulator packaged for {@code tributary demo}: found with {@link
 * java.util.ServiceLoader} from {@code META-INF/services/io.tributary.simulator.DemoSource}
 * (examples registers one per source, where both the simulator and its connector are visible).
 * The demo starts it, ingests its tables, calls {@link #mutate}, and ingests again to show
 * updates, inserts and deletes flowing through.
 */
public interface DemoSource extends AutoCloseable {
  /** The connector name, such as {@code freshservice}. */
  String source();

  /** Starts the simulator on loopback; returns connection options pointing at it. Call once. */
  Map<String, String> start();

  /** Tables the demo ingests. */
  List<String> tables();

  /** Updates, inserts and deletes data (moving the clock forward); returns a one-line summary. */
  String mutate();

  /** Stops the simulator. Idempotent. */
  @Override
  void close();
}
