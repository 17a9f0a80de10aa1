package io.tributary.api;

import java.util.Map;
import java.util.Objects;
import java.util.ServiceLoader;
import java.util.stream.Collectors;

/**
 * Entry point of a connector, found with {@link ServiceLoader}: list the implementation's class
 * name in {@code META-INF/services/io.tributary.api.ConnectorFactory}.
 *
 * <p>A factory is stateless and thread-safe. It is instantiated on the Spark driver and again on
 * every executor, so its constructor must be cheap and must not do I/O.
 */
public interface ConnectorFactory {

  /** The source name users write in specs and options, such as {@code freshservice}. Lower case. */
  String name();

  /** One line that says what the source is; shown by {@code tributary tables}. */
  default String description() {
    return name();
  }

  /** The connection options: credentials, host, rate budget. Declared once, here. */
  OptionSet connectionOptions();

  /**
   * The table options every table accepts. The definitions are static: docs are generated from
   * them and the pipeline validates a spec's {@code table_configuration} against them before it
   * reads anything. A connector whose tables page declares per_page, max_pages_per_batch,
   * lookback_seconds and start_date ({@link CommonOptions#paging}), so its code and the
   * conformance kit read them without asking whether they are declared.
   */
  OptionSet tableOptions();

  /**
   * Builds a connector from validated connection options.
   *
   * <p>Must not do I/O: listing tables, schemas and metadata must work without network and, for
   * static tables, without credentials (the options may then lack required values, see {@link
   * OptionSet#validateForDescription}). Credentials are first needed by {@link Connector#read}.
   */
  Connector create(OptionValues connectionOptions);

  /** Validates raw options, reporting every problem at once, then {@link #create(OptionValues)}. */
  default Connector create(Map<String, String> connectionOptions) {
    return create(connectionOptions().validate(connectionOptions));
  }

  /** Finds the factory named {@code name} on the class path. */
  static ConnectorFactory find(String name) {
    Objects.requireNonNull(name, "name");
    ServiceLoader<ConnectorFactory> loader =
        ServiceLoader.load(ConnectorFactory.class, Thread.currentThread().getContextClassLoader());
    String available = loader.stream()
        .map(ServiceLoader.Provider::get)
        .map(ConnectorFactory::name)
        .sorted()
        .collect(Collectors.joining(", "));
    for (ConnectorFactory factory : loader) {
      if (factory.name().equals(name)) {
        return factory;
      }
    }
    throw new UserException(
        "Invalid value '" + name + "' for option 'source': no such connector; available: "
            + (available.isEmpty() ? "none" : available));
  }
}
