package io.tributary.http.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.api.CommonOptions;
import io.tributary.api.ExternalException;
import io.tributary.api.OptionSet;
import io.tributary.api.OptionValues;
import io.tributary.api.Tables;
import io.tributary.http.ConnectionCheck;
import io.tributary.http.HttpSettings;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * A REST source, declared: its options, how a connection's client is set up (host, auth, extra
 * headers), how lists page, how a connection is checked, and its tables. {@link
 * RestConnectorFactory} turns it into a connector; hooks exist only where a source truly differs.
 *
 * <pre>
 * static final RestSource SOURCE = RestSource.builder("freshdesk", "Freshdesk customer support (API v2)")
 *     .options(FreshdeskOptions.connection(), FreshdeskOptions.table())
 *     .client(connection -> HttpSettings.forAccount("freshdesk", connection, "domain", "https://{label}.freshdesk.com")
 *         .auth(Auth.basicApiKey(connection.string("api_key"))).credentialOption("api_key").build())
 *     .pager(Pager.linkHeader())
 *     .check("Freshdesk", "/api/v2/agents/me", (check, connection, agent) -> "authenticated as agent " + agent.path("id"))
 *     .table(RestTable.snapshot("agents", "/api/v2/agents", AGENTS, "id").build())
 *     .build();
 * </pre>
 */
public final class RestSource {
  private final String name;
  private final String description;
  private final OptionSet connectionOptions;
  private final OptionSet tableOptions;
  private final Function<OptionValues, HttpSettings> client;
  private final Pager pager;
  private final String perPageParam;
  private final Optional<Check> check;
  private final Map<String, RestTable> tables;
  private final BiFunction<RestTable, ExternalException, RuntimeException> onError;

  private RestSource(Builder b) {
    this.name = b.name;
    this.description = b.description;
    this.connectionOptions = Objects.requireNonNull(b.connectionOptions, "options");
    this.tableOptions = Objects.requireNonNull(b.tableOptions, "options");
    this.client = Objects.requireNonNull(b.client, "client");
    this.pager = Objects.requireNonNull(b.pager, "pager");
    this.perPageParam = b.perPageParam;
    this.check = Optional.ofNullable(b.check);
    this.tables = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(b.tables));
    this.onError = b.onError;
  }

  public static Builder builder(String name, String description) {
    return new Builder(name, description);
  }

  public String name() {
    return name;
  }

  public String description() {
    return description;
  }

  public OptionSet connectionOptions() {
    return connectionOptions;
  }

  public OptionSet tableOptions() {
    return tableOptions;
  }

  /** The table names, in the order users see them. */
  public List<String> tableNames() {
    return List.copyOf(tables.keySet());
  }

  /** The tables, in the order users see them. */
  public List<RestTable> tables() {
    return List.copyOf(tables.values());
  }

  /**
   * The table named {@code name}.
   *
   * @throws io.tributary.api.UserException naming the table and listing the valid ones
   */
  public RestTable table(String name) {
    Tables.require(name, tables.keySet());
    return tables.get(name);
  }

  HttpSettings settings(OptionValues connection) {
    return client.apply(connection);
  }

  Pager pager(RestTable table) {
    return table.pager().orElse(pager);
  }

  String perPageParam() {
    return perPageParam;
  }

  /** The vendor's name as users know it, from the check's declaration; else the source's name. */
  String vendor() {
    return check.map(Check::vendor).orElse(name);
  }

  Optional<Check> check() {
    return check;
  }

  RuntimeException translate(RestTable table, ExternalException e) {
    return onError.apply(table, e);
  }

  @Override
  public String toString() {
    return "RestSource[" + name + ", " + tables.size() + " tables]";
  }

  /** Describes what a connection check authenticated as: ids and kinds, never a name, an email or a secret. */
  @FunctionalInterface
  public interface CheckReport {
    /**
     * @param probe the check that ran, for its host and for {@link ConnectionCheck#credentialsRefused}
     * @param answer the probe's JSON body
     */
    String describe(ConnectionCheck probe, OptionValues connection, JsonNode answer);
  }

  record Check(String vendor, String path, Optional<String> forbiddenMeans, CheckReport report) {}

  /** Declares a {@link RestSource}. */
  public static final class Builder {
    private final String name;
    private final String description;
    private OptionSet connectionOptions;
    private OptionSet tableOptions;
    private Function<OptionValues, HttpSettings> client;
    private Pager pager;
    private String perPageParam = "per_page";
    private Check check;
    private final Map<String, RestTable> tables = new LinkedHashMap<>();
    private BiFunction<RestTable, ExternalException, RuntimeException> onError = (table, e) -> e;

    private Builder(String name, String description) {
      this.name = Objects.requireNonNull(name, "name");
      this.description = Objects.requireNonNull(description, "description");
    }

    /**
     * The connection options and the options every table takes, declared once. The table options
     * always include the common paging ones ({@link CommonOptions#paging}); declare per_page to
     * give the provider's range and default.
     */
    public Builder options(OptionSet connection, OptionSet table) {
      this.connectionOptions = connection;
      this.tableOptions = CommonOptions.paging(table);
      return this;
    }

    /**
     * How a connection's client is set up from its options: a fixed or account-label host ({@link
     * HttpSettings#builder}, {@link HttpSettings#forAccount}), auth, extra headers. Called once per
     * connection, on its first request.
     */
    public Builder client(Function<OptionValues, HttpSettings> settings) {
      this.client = settings;
      return this;
    }

    /** How the source's lists page; a table may declare its own. */
    public Builder pager(Pager value) {
      this.pager = value;
      return this;
    }

    /** The page-size parameter, {@code per_page} unless the provider names it otherwise. */
    public Builder perPageParam(String param) {
      this.perPageParam = Objects.requireNonNull(param, "param");
      return this;
    }

    /** {@code tributary check}: GET {@code path}, the provider's cheapest authenticated call. */
    public Builder check(String vendor, String path, CheckReport report) {
      this.check = new Check(vendor, path, Optional.empty(), report);
      return this;
    }

    /** As {@link #check(String, String, CheckReport)}, saying what a 403 there means. */
    public Builder check(String vendor, String path, String forbiddenMeans, CheckReport report) {
      this.check = new Check(vendor, path, Optional.of(forbiddenMeans), report);
      return this;
    }

    public Builder table(RestTable table) {
      if (tables.putIfAbsent(table.name(), table) != null) {
        throw new IllegalArgumentException("table " + table.name() + " is declared twice");
      }
      return this;
    }

    /** Translates a provider failure of a table into the error users see (a plan lacking a module, say). */
    public Builder onError(BiFunction<RestTable, ExternalException, RuntimeException> translate) {
      this.onError = Objects.requireNonNull(translate, "translate");
      return this;
    }

    public RestSource build() {
      List<String> problems = new ArrayList<>();
      for (RestTable table : tables.values()) {
        table.child().ifPresent(child -> {
          RestTable parent = tables.get(child.parent());
          if (parent == null) {
            problems.add(table.name() + " is a child of undeclared table " + child.parent());
          } else if (table.incremental() && !parent.incremental()) {
            problems.add("incremental child " + table.name() + " needs an incremental parent; "
                + child.parent() + " is a snapshot, so declare " + table.name() + " a snapshot");
          }
        });
      }
      if (!problems.isEmpty()) {
        throw new IllegalArgumentException(String.join("; ", problems));
      }
      if (tableOptions != null && tables.values().stream().anyMatch(RestTable::partitioned)
          && tableOptions.find(CommonOptions.MAX_PARTITIONS).isEmpty()) {
        tableOptions = tableOptions.plus(CommonOptions.PARTITIONS);
      }
      return new RestSource(this);
    }
  }
}
