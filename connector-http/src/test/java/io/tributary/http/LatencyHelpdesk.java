package io.tributary.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.api.CommonOptions;
import io.tributary.api.Connector;
import io.tributary.api.Json;
import io.tributary.api.Offset;
import io.tributary.api.OptionDef;
import io.tributary.api.OptionValues;
import io.tributary.api.ReadResult;
import io.tributary.api.TableMetadata;
import io.tributary.http.rest.Pager;
import io.tributary.http.rest.RestConnectorFactory;
import io.tributary.http.rest.RestSource;
import io.tributary.http.rest.RestTable;
import io.tributary.simulator.DataTable;
import io.tributary.simulator.Dataset;
import io.tributary.simulator.Endpoint;
import io.tributary.simulator.LoggedRequest;
import io.tributary.simulator.Paging;
import io.tributary.simulator.SimClock;
import io.tributary.simulator.Simulator;
import io.tributary.simulator.TableLayout;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * A helpdesk simulator that answers after a latency, as a real API does: tickets ({@code
 * updated_since} filter, Link-header pages, ascending by id and so by {@code updated_at}) and one
 * note per ticket under {@code /tickets/{id}/notes}; and a source declared on it, whose connection
 * takes {@code requests_per_minute} and {@code max_concurrent_requests}.
 */
final class LatencyHelpdesk implements AutoCloseable {
  static final Instant NOW = Instant.parse("2026-01-05T00:00:00Z");
  static final String KEY = "helpdesk-key-123";
  private static final StructType TICKET = new StructType()
      .add("id", DataTypes.LongType).add("updated_at", DataTypes.StringType);
  private static final StructType NOTE = new StructType()
      .add("id", DataTypes.LongType).add("ticket_id", DataTypes.LongType).add("updated_at", DataTypes.StringType);
  static final RestSource SOURCE = RestSource.builder("helpdesk", "A helpdesk with a latency")
      .options(CommonOptions.connection(600_000, "Any budget.",
          OptionDef.string("api_key").secret().required().doc("The key.")), CommonOptions.tableOptions(100, 10))
      .client(c -> settings(c.string(CommonOptions.BASE_URL), c.integer(CommonOptions.REQUESTS_PER_MINUTE))
          .maxConcurrentRequests(c.integer(CommonOptions.MAX_CONCURRENT_REQUESTS)).build())
      .pager(Pager.linkHeader())
      .table(RestTable.snapshot("tickets", "/tickets", TICKET, "id").build())
      .table(RestTable.incremental("changed_tickets", "/tickets", TICKET, TableMetadata.cdc("updated_at", "id"))
          .since("updated_since").build())
      .table(RestTable.snapshot("notes", "/tickets/{id}/notes", NOTE, "id").childOf("tickets", "ticket_id").build())
      .build();

  final Simulator sim;
  final Duration latency;

  LatencyHelpdesk(int tickets, Duration latency) {
    this.latency = latency;
    Dataset data = Dataset.seeded(11, SimClock.at(NOW));
    DataTable ticketTable = data.table("tickets", TableLayout.standard());
    ticketTable.seed(tickets, 1, Duration.ofDays(30), (id, random) -> Json.object());
    DataTable notes = data.table("notes", TableLayout.standard());
    for (long ticket : ticketTable.ids()) {
      notes.insert((id, random) -> Json.object().put("ticket_id", ticket));
    }
    Paging pages = Paging.pageNumber("page", "per_page").perPage(10, 100).withLinkHeader();
    this.sim = Simulator.builder(data).latency(latency)
        .endpoint(Endpoint.list("/tickets", ticketTable).since("updated_since", "updated_at").paging(pages))
        .endpoint(Endpoint.list("/tickets/{id}/notes", notes).pathField("id", "ticket_id").parent(ticketTable).paging(pages))
        .start();
  }

  /** The settings the source builds for this connection, apart from the concurrency bound. */
  static HttpSettings.Builder settings(String baseUrl, int requestsPerMinute) {
    return HttpSettings.builder("helpdesk", baseUrl).auth(Auth.basicApiKey(KEY)).requestsPerMinute(requestsPerMinute)
        .retries(2, Duration.ofSeconds(5)).backoff(Duration.ofMillis(10), Duration.ofMillis(50));
  }

  Connector connect(int requestsPerMinute, int maxConcurrentRequests) {
    return new Factory().create(Map.of("api_key", KEY, "base_url", sim.baseUrl(),
        "requests_per_minute", String.valueOf(requestsPerMinute),
        "max_concurrent_requests", String.valueOf(maxConcurrentRequests)));
  }

  static OptionValues tableOptions(int perPage, int maxPagesPerBatch) {
    return SOURCE.tableOptions().validate(Map.of("per_page", String.valueOf(perPage),
        "max_pages_per_batch", String.valueOf(maxPagesPerBatch)));
  }

  /** Every call's result, from the start until the table is caught up. */
  static List<ReadResult> readAll(Connector connector, String table, OptionValues options) {
    List<ReadResult> calls = new ArrayList<>();
    Offset offset = Offset.START;
    for (int i = 0; i < 1_000; i++) {
      ReadResult r = connector.read(table, offset, options);
      if (r.caughtUp(offset)) {
        return calls;
      }
      calls.add(r);
      offset = Offset.fromJson(r.endOffset().toJson());
    }
    throw new AssertionError("no fixed point");
  }

  static List<ObjectNode> records(List<ReadResult> calls) {
    return calls.stream().flatMap(r -> r.records().stream()).toList();
  }

  /** The most requests that arrived within one latency of each other: the most in flight at once. */
  int maxInFlight(List<LoggedRequest> requests) {
    int most = 0;
    for (LoggedRequest from : requests) {
      Instant to = from.at().plus(latency);
      int inFlight = (int) requests.stream().filter(r -> !r.at().isBefore(from.at()) && r.at().isBefore(to)).count();
      most = Math.max(most, inFlight);
    }
    return most;
  }

  @Override
  public void close() {
    sim.close();
  }

  private static final class Factory extends RestConnectorFactory {
    Factory() {
      super(SOURCE);
    }
  }
}
