package io.tributary.spark;

import io.tributary.api.CommonOptions;
import io.tributary.api.Connector;
import io.tributary.api.ConnectorFactory;
import io.tributary.api.OptionDef;
import io.tributary.api.OptionSet;
import io.tributary.api.OptionValues;
import io.tributary.api.UserException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The options of one {@code tributary} read, split into the framework's own ({@code source},
 * {@code tableName}, {@code strict}, {@code read}), the connector's connection options and its
 * table options, by the names the connector's factory declares. Serializable so executors can
 * re-create the connector; {@link #toString()} never shows a secret.
 *
 * <p>Option names match exactly or, because SQL {@code OPTIONS (...)} may change their case,
 * ignoring case.
 */
record TributaryOptions(
    String source,
    String table,
    Map<String, String> connection,
    Map<String, String> tableOptions,
    boolean strict,
    ReadMode mode) implements Serializable {

  static final String SOURCE = "source";
  static final String TABLE_NAME = "tableName";
  static final String STRICT = "strict";
  private static final List<String> FRAMEWORK = List.of(SOURCE, TABLE_NAME, STRICT, ReadMode.OPTION);
  /** Keys Spark itself may add to a data source's options; they mean nothing to a connector. */
  private static final List<String> SPARK_KEYS = List.of("path", "paths");

  TributaryOptions {
    connection = Collections.unmodifiableMap(new TreeMap<>(connection));
    tableOptions = Collections.unmodifiableMap(new TreeMap<>(tableOptions));
  }

  /**
   * Splits raw options, reporting every unknown or invalid one at once.
   *
   * @throws UserException naming each bad option, with the closest valid name for unknown ones
   */
  static TributaryOptions parse(Map<String, String> raw) {
    Map<String, String> framework = new TreeMap<>();
    Map<String, String> rest = new TreeMap<>();
    for (Map.Entry<String, String> entry : raw.entrySet()) {
      Optional<String> name = canonical(entry.getKey(), FRAMEWORK);
      if (name.isPresent()) {
        framework.put(name.get(), entry.getValue());
      } else if (!SPARK_KEYS.contains(entry.getKey().toLowerCase(Locale.ROOT))) {
        rest.put(entry.getKey(), entry.getValue());
      }
    }
    String source = framework.get(SOURCE);
    if (source == null || source.isBlank()) {
      throw new UserException("Missing option 'source': it names the connector to read, such as freshservice");
    }
    ConnectorFactory factory = ConnectorFactory.find(source.trim());
    List<String> problems = new ArrayList<>();
    String table = framework.get(TABLE_NAME);
    if (table == null || table.isBlank()) {
      problems.add("Missing option 'tableName': it names the table to read; valid tables are "
          + String.join(", ", listTables(factory)));
    }
    boolean strict = false;
    String strictText = framework.getOrDefault(STRICT, "false").trim();
    if (strictText.equalsIgnoreCase("true") || strictText.equalsIgnoreCase("false")) {
      strict = Boolean.parseBoolean(strictText);
    } else {
      problems.add("Invalid value '" + strictText + "' for option 'strict': must be true or false");
    }
    ReadMode mode = ReadMode.RECORDS;
    try {
      mode = ReadMode.parse(framework.getOrDefault(ReadMode.OPTION, ReadMode.RECORDS.wireName()));
    } catch (UserException e) {
      problems.addAll(e.problems());
    }
    Map<String, String> connection = new TreeMap<>();
    Map<String, String> tableOptions = new TreeMap<>();
    OptionSet connectionDefs = factory.connectionOptions();
    OptionSet tableDefs = factory.tableOptions();
    for (Map.Entry<String, String> entry : rest.entrySet()) {
      Optional<String> asConnection = canonical(entry.getKey(), connectionDefs.names());
      Optional<String> asTable = canonical(entry.getKey(), tableDefs.names());
      if (asConnection.isPresent()) {
        connection.put(asConnection.get(), entry.getValue());
      } else if (asTable.isPresent()) {
        tableOptions.put(asTable.get(), entry.getValue());
      } else {
        TreeSet<String> valid = new TreeSet<>(FRAMEWORK);
        valid.addAll(connectionDefs.names());
        valid.addAll(tableDefs.names());
        problems.add(OptionSet.unknownOption(entry.getKey(), valid));
      }
    }
    if (!problems.isEmpty()) {
      throw new UserException(problems);
    }
    return new TributaryOptions(factory.name(), table.trim(), connection, tableOptions, strict, mode);
  }

  ConnectorFactory factory() {
    return ConnectorFactory.find(source);
  }

  /** A connector for reading: every connection option is validated, credentials included. */
  Connector connect() {
    return factory().create(connection);
  }

  /** A connector for schemas and metadata only, which needs no credentials. */
  Connector connectForDescription() {
    ConnectorFactory factory = factory();
    return factory.create(factory.connectionOptions().validateForDescription(connection));
  }

  /**
   * The validated table options, after checking the connection's {@code externalOptionsAllowList}.
   */
  OptionValues tableValues(ConnectorFactory factory) {
    OptionSet connectionDefs = factory.connectionOptions();
    if (connectionDefs.find(CommonOptions.EXTERNAL_OPTIONS_ALLOW_LIST).isPresent()) {
      List<String> allowList = connectionDefs.validateForDescription(connection)
          .list(CommonOptions.EXTERNAL_OPTIONS_ALLOW_LIST);
      CommonOptions.checkAllowList(table, allowList, tableOptions);
    }
    return factory.tableOptions().validate(tableOptions);
  }

  /** The names of the connector's secret connection options, for redaction. */
  List<String> secretNames() {
    return factory().connectionOptions().definitions().stream()
        .filter(OptionDef::isSecret).map(OptionDef::name).toList();
  }

  /** The values of secret options given, for scrubbing text such as error messages. */
  List<String> secretValues() {
    List<String> secrets = secretNames();
    return connection.entrySet().stream()
        .filter(e -> secrets.contains(e.getKey()) && !e.getValue().isEmpty())
        .map(Map.Entry::getValue)
        .toList();
  }

  /** Source, table, read mode and table options; connection options are left out. */
  String describe() {
    return source + "." + table + " read=" + mode.wireName() + (strict ? " strict" : "")
        + (tableOptions.isEmpty() ? "" : " " + tableOptions);
  }

  @Override
  public String toString() {
    TreeMap<String, String> shown = new TreeMap<>();
    List<String> secrets = secretNames();
    connection.forEach((k, v) -> shown.put(k, secrets.contains(k) ? "*****" : v));
    return "TributaryOptions[" + describe() + ", connection=" + shown + "]";
  }

  private static Optional<String> canonical(String key, java.util.Collection<String> names) {
    if (names.contains(key)) {
      return Optional.of(key);
    }
    return names.stream().filter(n -> n.equalsIgnoreCase(key)).findFirst();
  }

  private static List<String> listTables(ConnectorFactory factory) {
    try (Connector connector = factory.create(factory.connectionOptions().validateForDescription(Map.of()))) {
      return connector.listTables();
    } catch (RuntimeException e) {
      return List.of("(see tributary tables --source " + factory.name() + ")");
    }
  }
}
