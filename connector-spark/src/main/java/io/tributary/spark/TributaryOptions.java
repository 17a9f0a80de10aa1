package io.tributary.spark;

import io.tributary.api.Connector;
import io.tributary.api.ConnectorFactory;
import io.tributary.api.OptionDef;
import io.tributary.api.OptionValues;
import io.tributary.api.ResolvedOptions;
import io.tributary.api.UserException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The options of one {@code tributary} read: the framework's own ({@code source}, {@code
 * tableName}, {@code strict}, {@code read}) and the connector's connection and table options,
 * resolved once on the driver ({@link ResolvedOptions}). Serializable, so executors receive the
 * resolved values and never check raw options again; {@link #toString()} never shows a secret.
 *
 * <p>Option names match exactly or, because SQL {@code OPTIONS (...)} may change their case,
 * ignoring case.
 */
record TributaryOptions(
    String source,
    String table,
    ResolvedOptions resolved,
    boolean strict,
    ReadMode mode) implements Serializable {

  static final String SOURCE = "source";
  static final String TABLE_NAME = "tableName";
  static final String STRICT = "strict";
  private static final List<String> FRAMEWORK = List.of(SOURCE, TABLE_NAME, STRICT, ReadMode.OPTION);
  /** Keys Spark itself may add to a data source's options; they mean nothing to a connector. */
  private static final List<String> SPARK_KEYS = List.of("path", "paths");

  /**
   * Resolves raw options, reporting every unknown or invalid one at once. Required connection
   * options may be missing: schemas need no credentials; {@link #connect()} refuses to read then.
   *
   * @throws UserException naming each bad option, with the closest valid name for unknown ones
   */
  static TributaryOptions parse(Map<String, String> raw) {
    Map<String, String> framework = new TreeMap<>();
    Map<String, String> rest = new TreeMap<>();
    for (Map.Entry<String, String> entry : raw.entrySet()) {
      Optional<String> name = FRAMEWORK.stream().filter(n -> n.equalsIgnoreCase(entry.getKey())).findFirst();
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
      table = null;
    } else {
      table = table.trim();
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
    ResolvedOptions resolved = ResolvedOptions.resolve(factory, table, rest, FRAMEWORK);
    try {
      resolved.requireDescribable();
    } catch (UserException e) {
      problems.addAll(e.problems());
    }
    if (!problems.isEmpty()) {
      throw new UserException(problems);
    }
    return new TributaryOptions(factory.name(), table, resolved, strict, mode);
  }

  ConnectorFactory factory() {
    return ConnectorFactory.find(source);
  }

  /** A connector for reading, when every required connection option was given. */
  Connector connect() {
    return factory().create(resolved.requireComplete().connection());
  }

  /** These options with other connection values, such as those a driver delegates to executors. */
  TributaryOptions withConnection(OptionValues connection) {
    return new TributaryOptions(source, table, new ResolvedOptions(connection, resolved.table(),
        resolved.connectionProblems(), resolved.tableProblems()), strict, mode);
  }

  /** A connector for schemas and metadata only, which needs no credentials. */
  Connector connectForDescription() {
    return factory().create(resolved.connection());
  }

  /** The table options, checked against the connection's {@code externalOptionsAllowList} too. */
  OptionValues tableValues() {
    return resolved.table();
  }

  /** The names of the connector's secret connection options, for redaction. */
  List<String> secretNames() {
    return factory().connectionOptions().definitions().stream()
        .filter(OptionDef::isSecret).map(OptionDef::name).toList();
  }

  /** Source, table, read mode and table options; connection options are left out. */
  String describe() {
    return source + "." + table + " read=" + mode.wireName() + (strict ? " strict" : "") + " " + resolved.table();
  }

  @Override
  public String toString() {
    return "TributaryOptions[" + describe() + ", connection=" + resolved.connection() + "]";
  }

  private static List<String> listTables(ConnectorFactory factory) {
    try (Connector connector = factory.create(factory.connectionOptions().validateForDescription(Map.of()))) {
      return connector.listTables();
    } catch (RuntimeException e) {
      return List.of("(see tributary tables --source " + factory.name() + ")");
    }
  }
}
