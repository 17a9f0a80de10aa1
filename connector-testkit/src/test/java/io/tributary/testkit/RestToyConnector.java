package io.tributary.testkit;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.api.Columns;
import io.tributary.api.CommonOptions;
import io.tributary.api.Connector;
import io.tributary.api.ConnectorFactory;
import io.tributary.api.Offset;
import io.tributary.api.OptionDef;
import io.tributary.api.OptionSet;
import io.tributary.api.OptionValues;
import io.tributary.api.ReadMetrics;
import io.tributary.api.ReadResult;
import io.tributary.api.TableMetadata;
import io.tributary.api.Tables;
import io.tributary.http.Auth;
import io.tributary.http.HttpSettings;
import io.tributary.http.JsonResponse;
import io.tributary.http.Page;
import io.tributary.http.Paging;
import io.tributary.http.RestClient;
import io.tributary.http.SnapshotListing;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.spark.sql.types.StructType;

/**
 * The toy API's {@code agents} read as a source reads it, through connector-http, so the fault
 * matrix can be checked on a connector whose defects it chooses.
 */
final class RestToyConnector implements Connector {
  enum Defect {
    /** Takes a body that is not the list for an empty last page, as a source that reads {@code path(...)}. */
    EMPTY_PAGE_WITHOUT_ENVELOPE,
    /** Pages by itself, outside the listings, so errors name no table. */
    PAGES_OUTSIDE_A_LISTING
  }

  static final String TABLE = "agents";
  private static final int PER_PAGE = 5;
  private final RestClient client;
  private final Set<Defect> defects;

  private RestToyConnector(OptionValues connection, Set<Defect> defects) {
    this.client = RestClient.create(HttpSettings.builder("resttoy", connection.string("base_url"))
        .auth(Auth.basicApiKey(connection.string("api_key")))
        .secrets(connection.secretValues())
        .requestsPerMinute(1_000_000)
        .build());
    this.defects = defects;
  }

  static final class Factory implements ConnectorFactory {
    private final Set<Defect> defects;

    Factory(Set<Defect> defects) {
      this.defects = defects.isEmpty() ? EnumSet.noneOf(Defect.class) : EnumSet.copyOf(defects);
    }

    @Override
    public String name() {
      return "resttoy";
    }

    @Override
    public OptionSet connectionOptions() {
      return OptionSet.of(CommonOptions.BASE.required(), OptionDef.string("api_key").secret().required());
    }

    @Override
    public OptionSet tableOptions() {
      return CommonOptions.tableOptions(100, PER_PAGE);
    }

    @Override
    public Connector create(OptionValues connectionOptions) {
      return new RestToyConnector(connectionOptions, defects);
    }
  }

  @Override
  public List<String> listTables() {
    return List.of(TABLE);
  }

  @Override
  public StructType schema(String table, OptionValues tableOptions) {
    Tables.require(table, listTables());
    return new StructType().add(Columns.id("id")).add(Columns.string("name")).add(Columns.string("email"));
  }

  @Override
  public TableMetadata metadata(String table, OptionValues tableOptions) {
    Tables.require(table, listTables());
    return TableMetadata.snapshot("id");
  }

  @Override
  public ReadResult read(String table, Offset start, OptionValues tableOptions) {
    Tables.require(table, listTables());
    if (!defects.contains(Defect.PAGES_OUTSIDE_A_LISTING)) {
      return SnapshotListing.of(table, tableOptions).read(start, this::page);
    }
    if (start.get("done").isPresent()) {
      return new ReadResult(List.of(), start);
    }
    List<ObjectNode> records = new ArrayList<>();
    Optional<String> next = Optional.empty();
    do {
      Page page = page(next);
      records.addAll(page.records());
      next = page.next();
    } while (next.isPresent());
    return new ReadResult(records, start.withoutState().with("done", "true"));
  }

  private Page page(Optional<String> next) {
    JsonResponse response = client.get("/api/agents",
        Map.of("page", String.valueOf(Paging.pageNumber(next)), "per_page", String.valueOf(PER_PAGE)));
    List<ObjectNode> records = defects.contains(Defect.EMPTY_PAGE_WITHOUT_ENVELOPE) && !response.body().isArray()
        ? List.of()
        : Paging.records(response, "");
    return new Page(records, Paging.nextPageNumber(next, records.size(), PER_PAGE));
  }

  @Override
  public ReadMetrics metrics() {
    return client.metrics();
  }
}
