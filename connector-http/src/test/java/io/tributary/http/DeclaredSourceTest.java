package io.tributary.http;

import static io.tributary.http.ScriptedServer.json;
import static io.tributary.http.ScriptedServer.response;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.api.CommonOptions;
import io.tributary.api.Connector;
import io.tributary.api.ExternalException;
import io.tributary.api.Offset;
import io.tributary.api.OptionDef;
import io.tributary.api.OptionSet;
import io.tributary.api.OptionValues;
import io.tributary.api.ReadResult;
import io.tributary.api.TableMetadata;
import io.tributary.api.UserException;
import io.tributary.http.rest.Pager;
import io.tributary.http.rest.RestConnectorFactory;
import io.tributary.http.rest.RestSource;
import io.tributary.http.rest.RestTable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A source written as declarations only reads what its declaration says, through the toolkit's listings. */
class DeclaredSourceTest {
  private static final StructType TICKET = new StructType()
      .add("id", DataTypes.LongType).add("updated_at", DataTypes.StringType).add("kind", DataTypes.StringType)
      .add("spam", DataTypes.BooleanType);
  private static final StructType NOTE = new StructType()
      .add("id", DataTypes.LongType).add("ticket_id", DataTypes.LongType).add("updated_at", DataTypes.StringType);

  private final ScriptedServer server = new ScriptedServer();

  @AfterEach
  void close() {
    server.close();
  }

  private static final class ToyFactory extends RestConnectorFactory {
    ToyFactory(RestSource source) {
      super(source);
    }
  }

  private static RestSource.Builder toy() {
    OptionDef key = OptionDef.string("api_key").secret().required().doc("The key.");
    return RestSource.builder("toy", "A toy helpdesk")
        .options(OptionSet.of(key, CommonOptions.BASE), CommonOptions.tableOptions(100, 2))
        .client(c -> HttpSettings.builder("toy", c.string(CommonOptions.BASE_URL))
            .auth(Auth.basicApiKey(c.string("api_key"))).credentialOption("api_key").requestsPerMinute(100_000)
            .retries(2, java.time.Duration.ofSeconds(1)).backoff(java.time.Duration.ofMillis(10), java.time.Duration.ofMillis(50)).build())
        .pager(Pager.pageNumber("page").untilShortPage());
  }

  private static final RestTable TICKETS = RestTable.incremental("tickets", "/tickets", TICKET,
          TableMetadata.cdcWithDeletes("updated_at", "id"))
      .recordsAt("/tickets").query("order", "asc").since("since")
      .alsoList(Map.of("filter", "spam")).deletesFrom(Map.of("filter", "deleted"))
      .reshape(r -> r.put("kind", r.path("kind").asText("").toUpperCase()))
      .build();

  private Connector connect(RestSource source) {
    ToyFactory factory = new ToyFactory(source);
    return factory.create(Map.of("api_key", "sekret-123", "base_url", server.baseUrl()));
  }

  private static List<ObjectNode> readAll(Connector c, String table, boolean deletes) {
    List<ObjectNode> records = new ArrayList<>();
    Offset offset = Offset.START;
    for (int calls = 0; calls < 100; calls++) {
      var options = CommonOptions.tableOptions(100, 2).validate(Map.of());
      ReadResult r = deletes ? c.readDeletes(table, offset, options) : c.read(table, offset, options);
      records.addAll(r.records());
      if (r.caughtUp(offset)) {
        return records;
      }
      offset = Offset.fromJson(r.endOffset().toJson());
    }
    throw new AssertionError("no fixed point");
  }

  private static String ticketsFor(String filter, String page) {
    int p = Integer.parseInt(page);
    return switch (filter == null ? "" : filter) {
      case "" -> p == 1 ? "{\"tickets\":[{\"id\":1,\"updated_at\":\"2024-01-01T00:00:00Z\",\"kind\":\"a\"},"
          + "{\"id\":2,\"updated_at\":\"2024-01-02T00:00:00Z\",\"kind\":\"b\"}]}"
          : p == 2 ? "{\"tickets\":[{\"id\":3,\"updated_at\":\"2024-01-03T00:00:00Z\",\"kind\":\"c\"}]}" : "{\"tickets\":[]}";
      case "spam" -> p == 1 ? "{\"tickets\":[{\"id\":9,\"updated_at\":\"2024-01-01T00:00:00Z\",\"spam\":true}]}" : "{\"tickets\":[]}";
      case "deleted" -> p == 1 ? "{\"tickets\":[{\"id\":5,\"updated_at\":\"2024-01-04T00:00:00Z\",\"kind\":\"x\"}]}" : "{\"tickets\":[]}";
      default -> throw new AssertionError(filter);
    };
  }

  @Test
  void anIncrementalTableReadsEveryListWithItsFilterQueryAndPageSize() {
    server.answer(r -> json(ticketsFor(r.getUrl().queryParameter("filter"), r.getUrl().queryParameter("page"))));
    try (Connector c = connect(toy().table(TICKETS).build())) {
      List<ObjectNode> records = readAll(c, "tickets", false);
      List<ObjectNode> deletes = readAll(c, "tickets", true);

      assertThat(records).extracting(r -> r.path("id").asLong()).containsOnly(1L, 2L, 3L, 9L);
      assertThat(records).filteredOn(r -> r.path("id").asLong() == 1).allMatch(r -> r.path("kind").asText().equals("A"));
      assertThat(deletes).extracting(r -> r.path("id").asLong()).containsOnly(5L);
      assertThat(deletes.get(0).has("kind")).as("a delete keeps only the key and the cursor").isFalse();
      for (int i = 0; i < server.requestCount(); i++) {
        assertThat(server.request(i).getUrl().queryParameterNames()).contains("since", "per_page", "order", "page");
        assertThat(server.request(i).getUrl().queryParameter("per_page")).isEqualTo("2");
        assertThat(server.request(i).getHeaders().get("Authorization")).startsWith("Basic ");
      }
    }
  }

  @Test
  void aChildTableReadsTheListOfEachEligibleParentAndSkipsAParentGoneSinceItWasListed() {
    server.answer(r -> {
      String path = r.getUrl().encodedPath();
      return switch (path) {
        case "/tickets" -> json("{\"tickets\":[{\"id\":1,\"updated_at\":\"2024-01-01T00:00:00Z\",\"kind\":\"req\"},"
            + "{\"id\":2,\"updated_at\":\"2024-01-01T00:00:00Z\",\"kind\":\"incident\"},"
            + "{\"id\":3,\"updated_at\":\"2024-01-01T00:00:00Z\",\"kind\":\"req\"}]}");
        case "/tickets/1/notes" -> json("[{\"id\":11,\"updated_at\":\"2024-01-01T00:00:00Z\"}]");
        case "/tickets/3/notes" -> response(404, "{\"message\":\"gone\"}", "Content-Type", "application/json");
        default -> response(500, "{\"unexpected\":\"" + path + "\"}");
      };
    });
    RestTable tickets = RestTable.incremental("tickets", "/tickets", TICKET, TableMetadata.cdc("updated_at", "id"))
        .recordsAt("/tickets").since("since").pager(Pager.pageNumber("page").totalPagesAt("/none")).build();
    RestTable notes = RestTable.incremental("notes", "/tickets/{id}/notes", NOTE, TableMetadata.cdc("updated_at", "id"))
        .childOf("tickets", "ticket_id", t -> t.path("kind").asText().equals("req"), Set.of(404))
        .pager(Pager.pageNumber("page").totalPagesAt("/none")).build();
    try (Connector c = connect(toy().table(tickets).table(notes).build())) {
      List<ObjectNode> records = readAll(c, "notes", false);

      assertThat(records).extracting(r -> r.path("id").asLong()).containsOnly(11L);
      assertThat(records).allMatch(r -> r.path("ticket_id").asLong() == 1, "the parent key, filled in");
      assertThat(c.metadata("notes", CommonOptions.tableOptions(100, 2).validate(Map.of())).childOf())
          .hasValue(new TableMetadata.ChildOf("tickets", List.of("ticket_id")));
      assertThat(c.metrics().other()).hasEntrySatisfying("notes_skipped_not_found", n -> assertThat(n).as("parent 3, once per listing").isPositive());
      assertThat(server.arrivals()).extracting(a -> a.request().getUrl().encodedPath()).doesNotContain("/tickets/2/notes");
    }
  }

  @Test
  void everySourceTakesTheCommonPagingOptionsKeepingItsOwnPageSize() {
    RestSource source = toy().options(OptionSet.of(), OptionSet.of(
        OptionDef.integer(CommonOptions.PER_PAGE, 1, 500).withDefault("250"), CommonOptions.pii("docs/toy.md")))
        .table(TICKETS).build();

    OptionValues defaults = source.tableOptions().validate(Map.of());

    assertThat(source.tableOptions().names()).containsExactly(
        "per_page", "max_pages_per_batch", "lookback_seconds", "start_date", "pii");
    assertThat(defaults.integer(CommonOptions.PER_PAGE)).isEqualTo(250);
    assertThat(defaults.integer(CommonOptions.MAX_PAGES_PER_BATCH)).isEqualTo(50);
    assertThatThrownBy(() -> source.tableOptions().validate(Map.of("per_page", "501")))
        .hasMessage("Invalid value 501 for option 'per_page': must be between 1 and 500");
  }

  @Test
  void tablesSchemasAndMetadataNeedNoCredentialsAndNoRequest() {
    ToyFactory factory = new ToyFactory(toy().table(TICKETS).build());
    try (Connector c = factory.create(factory.connectionOptions().validateForDescription(Map.of()))) {
      assertThat(c.listTables()).containsExactly("tickets");
      assertThat(c.schema("tickets", CommonOptions.tableOptions(100, 2).validate(Map.of()))).isEqualTo(TICKET);
      assertThatThrownBy(() -> c.metadata("ticket", CommonOptions.tableOptions(100, 2).validate(Map.of())))
          .isInstanceOf(UserException.class).hasMessageContaining("'ticket'").hasMessageContaining("tickets");
    }
    assertThat(server.requestCount()).isZero();
    assertThat(factory.name()).isEqualTo("toy");
  }

  @Test
  void aProviderFailureGoesThroughTheSourcesTranslation() {
    server.answer(r -> response(403, "{\"message\":\"nope\"}", "Content-Type", "application/json"));
    RestSource source = toy().table(TICKETS)
        .onError((table, e) -> new UserException("Cannot read table '" + table.name() + "': the plan lacks it (" + e.status() + ")"))
        .build();
    try (Connector c = connect(source)) {
      assertThatThrownBy(() -> readAll(c, "tickets", false))
          .isInstanceOf(UserException.class).hasMessage("Cannot read table 'tickets': the plan lacks it (403)")
          .hasMessageNotContaining("sekret");
    }
  }

  @Test
  void aDeclarationThatCannotBeReadIsRefusedWhenBuilt() {
    assertThatThrownBy(() -> RestTable.incremental("t", "/t", TICKET, TableMetadata.cdc("updated_at", "id")).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("incremental table t needs since");
    assertThatThrownBy(() -> RestTable.incremental("t", "/t", TICKET, TableMetadata.cdc("updated_at", "id"))
        .since("s").deletesFrom(Map.of("filter", "deleted")).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not cdc_with_deletes");
    assertThatThrownBy(() -> RestTable.snapshot("t", "/t", TICKET, "id").alsoList(Map.of("f", "x")).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("snapshot table t");
    RestTable orphan = RestTable.incremental("n", "/x/{id}/n", NOTE, TableMetadata.cdc("updated_at", "id"))
        .childOf("x", "x_id").build();
    assertThatThrownBy(() -> toy().table(orphan).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("n is a child of undeclared table x");
    assertThatThrownBy(() -> toy().table(TICKETS).table(TICKETS))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("declared twice");
  }

  @Test
  void anExternalFailureWithoutTranslationKeepsItsStatus() {
    server.answer(r -> response(500, "{\"message\":\"boom\"}", "Content-Type", "application/json"));
    try (Connector c = connect(toy().table(TICKETS).build())) {
      assertThatThrownBy(() -> c.read("tickets", Offset.START, CommonOptions.tableOptions(100, 2).validate(Map.of())))
          .isInstanceOf(ExternalException.class);
    }
  }
}
