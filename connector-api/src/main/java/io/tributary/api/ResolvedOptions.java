package io.tributary.api;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Raw options resolved against a connector's declarations: the connection's values, one table's
 * values, and every problem found, each naming its option. This is the one place raw option maps
 * are split and checked; the Spark data source, the command line and the pipeline spec validator
 * all resolve through it, once, on the driver, and executors receive the resolved values.
 *
 * <p>Names match exactly or, because SQL {@code OPTIONS (...)} may change their case, ignoring
 * case. A refused value is left out, so its default applies: the values are always usable to list
 * tables and describe schemas, and {@link #requireComplete()} says whether they are good for a read.
 *
 * <p>{@value CommonOptions#EXTERNAL_OPTIONS_ALLOW_LIST} is a connection option of every connector,
 * declared or not: when set, it limits the table options a read may set, as in Lakeflow.
 *
 * @param connection the connection's values; required ones may be missing
 * @param table the table's values
 * @param connectionProblems what is wrong with the connection's options
 * @param tableProblems what is wrong with the table's options and, for a map of both, the names
 *     declared in neither set
 */
public record ResolvedOptions(
    OptionValues connection,
    OptionValues table,
    List<OptionProblem> connectionProblems,
    List<OptionProblem> tableProblems) implements Serializable {

  public ResolvedOptions {
    connectionProblems = List.copyOf(connectionProblems);
    tableProblems = List.copyOf(tableProblems);
  }

  /**
   * Resolves a map holding connection and table options together, as the data source and {@code
   * tributary read} take them, split by the names the factory declares.
   *
   * @param table the table read, named in the table's problems; null for options that apply to
   *     every table, as {@code tributary tables} takes them
   * @param otherNames names the caller takes itself, offered in unknown-option messages
   */
  public static ResolvedOptions resolve(
      ConnectorFactory factory, String table, Map<String, String> raw, Collection<String> otherNames) {
    OptionSet connectionDefs = connectionDefinitions(factory);
    OptionSet tableDefs = factory.tableOptions();
    Map<String, String> connection = new TreeMap<>();
    Map<String, String> tableOptions = new TreeMap<>();
    List<OptionProblem> unknown = new ArrayList<>();
    TreeSet<String> valid = names(connectionDefs, tableDefs, otherNames);
    for (Map.Entry<String, String> entry : new TreeMap<>(raw).entrySet()) {
      Optional<String> asConnection = canonical(entry.getKey(), connectionDefs.names());
      Optional<String> asTable = canonical(entry.getKey(), tableDefs.names());
      if (asConnection.isPresent()) {
        connection.put(asConnection.get(), entry.getValue());
      } else if (asTable.isPresent()) {
        tableOptions.put(asTable.get(), entry.getValue());
      } else {
        unknown.add(unknown(entry.getKey(), valid, where(table)));
      }
    }
    ResolvedOptions resolved = connection(factory, connection).withTable(factory, table, tableOptions, otherNames);
    return new ResolvedOptions(resolved.connection, resolved.table, resolved.connectionProblems,
        Stream.concat(unknown.stream(), resolved.tableProblems.stream()).toList());
  }

  /**
   * Resolves a connection's options alone, as a connections file gives them; the table's values
   * are the defaults until {@link #withTable}.
   */
  public static ResolvedOptions connection(ConnectorFactory factory, Map<String, String> raw) {
    OptionSet defs = connectionDefinitions(factory);
    List<OptionProblem> problems = new ArrayList<>();
    Map<String, String> known = known(defs, raw, "", defs.names(), problems);
    OptionValues values = defs.accept(known, "", problems);
    return new ResolvedOptions(values, factory.tableOptions().accept(Map.of(), "", new ArrayList<>()),
        problems, List.of());
  }

  /**
   * This connection with one table's options, as a pipeline spec's {@code table_configuration}
   * gives them: each checked against its declaration and the connection's {@value
   * CommonOptions#EXTERNAL_OPTIONS_ALLOW_LIST}.
   *
   * @param table the table, named in every problem; null as for {@link #resolve}
   * @param otherNames names the caller takes itself, offered in unknown-option messages
   */
  public ResolvedOptions withTable(
      ConnectorFactory factory, String table, Map<String, String> raw, Collection<String> otherNames) {
    OptionSet defs = factory.tableOptions();
    String where = where(table);
    List<OptionProblem> problems = new ArrayList<>();
    Map<String, String> known = known(defs, raw, where, names(defs, OptionSet.of(), otherNames), problems);
    List<String> allowList = connection.list(CommonOptions.EXTERNAL_OPTIONS_ALLOW_LIST);
    if (!allowList.isEmpty()) {
      TreeSet<String> allowed = new TreeSet<>(allowList);
      known.keySet().removeIf(name -> {
        if (allowed.contains(name)) {
          return false;
        }
        problems.add(new OptionProblem(name, OptionProblem.Kind.NOT_ALLOWED, "Cannot set option '" + name + "'"
            + (table == null ? "" : " for table '" + table + "'") + ": the connection's "
            + CommonOptions.EXTERNAL_OPTIONS_ALLOW_LIST + " permits only " + String.join(", ", allowed)));
        return true;
      });
    }
    OptionValues values = defs.accept(known, where, problems);
    return new ResolvedOptions(connection, values, connectionProblems, problems);
  }

  /** Every problem, the connection's first. */
  public List<OptionProblem> problems() {
    return Stream.concat(connectionProblems.stream(), tableProblems.stream()).toList();
  }

  /**
   * These options, when nothing but required connection options is wrong: enough to list tables
   * and describe schemas, which need no credentials.
   *
   * @throws UserException listing every other problem
   */
  public ResolvedOptions requireDescribable() {
    return require(problems().stream().filter(p -> p.kind() != OptionProblem.Kind.MISSING).toList());
  }

  /**
   * These options, when nothing is wrong: good for a read.
   *
   * @throws UserException listing every problem
   */
  public ResolvedOptions requireComplete() {
    return require(problems());
  }

  private ResolvedOptions require(List<OptionProblem> problems) {
    if (!problems.isEmpty()) {
      throw new UserException(problems.stream().map(OptionProblem::message).toList());
    }
    return this;
  }

  private static String where(String table) {
    return table == null ? "" : " (table '" + table + "')";
  }

  private static OptionSet connectionDefinitions(ConnectorFactory factory) {
    return factory.connectionOptions().plus(CommonOptions.ALLOW_LIST);
  }

  /** The entries of {@code raw} that {@code defs} declares, by their declared names; a problem for each other. */
  private static Map<String, String> known(
      OptionSet defs, Map<String, String> raw, String where, Collection<String> valid, List<OptionProblem> problems) {
    Map<String, String> known = new TreeMap<>();
    for (Map.Entry<String, String> entry : new TreeMap<>(raw).entrySet()) {
      canonical(entry.getKey(), defs.names()).ifPresentOrElse(
          name -> known.put(name, entry.getValue()),
          () -> problems.add(unknown(entry.getKey(), valid, where)));
    }
    return known;
  }

  private static OptionProblem unknown(String name, Collection<String> valid, String where) {
    return new OptionProblem(name, OptionProblem.Kind.UNKNOWN, OptionSet.unknownOption(name, valid) + where);
  }

  private static TreeSet<String> names(OptionSet first, OptionSet second, Collection<String> otherNames) {
    TreeSet<String> names = new TreeSet<>(first.names());
    names.addAll(second.names());
    names.addAll(otherNames);
    return names;
  }

  private static Optional<String> canonical(String key, Collection<String> names) {
    if (names.contains(key)) {
      return Optional.of(key);
    }
    return names.stream().filter(n -> n.equalsIgnoreCase(key)).findFirst();
  }
}
