package io.tributary.spark.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.api.InternalException;
import io.tributary.api.Json;
import io.tributary.spark.pipeline.IngestionReport;
import io.tributary.spark.pipeline.Reconciliation;
import io.tributary.spark.pipeline.TableReport;
import java.time.Duration;
import java.util.Optional;

/**
 * {@code ingest --json}: the run's report as one JSON document, for schedulers. It holds what the
 * summary on stderr shows, as numbers and ISO-8601 instants, plus each failed table's error.
 */
public final class IngestReportJson {
  private IngestReportJson() {}

  public static String render(IngestionReport report) {
    ObjectNode root = Json.object()
        .put("run_id", report.runId())
        .put("connection", report.connection())
        .put("started_at", report.startedAt().toString())
        .put("ended_at", report.finishedAt().toString())
        .put("wall_ms", Duration.between(report.startedAt(), report.finishedAt()).toMillis())
        .put("status", report.status().wireName());
    ArrayNode tables = root.putArray("tables");
    for (TableReport t : report.tables()) {
      tables.add(table(t));
    }
    try {
      return Json.MAPPER.writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new InternalException("Cannot print the run's report as JSON: " + e.getOriginalMessage(), e);
    }
  }

  private static ObjectNode table(TableReport t) {
    long wallMs = Duration.between(t.startedAt(), t.finishedAt()).toMillis();
    ObjectNode json = Json.object()
        .put("table", t.sourceTable())
        .put("destination", t.destination())
        .put("status", t.status().wireName())
        .put("inserted", t.inserted())
        .put("updated", t.updated())
        .put("deleted", t.deleted())
        .put("records", t.records())
        .put("rescued", t.rescued())
        .put("requests", t.requests())
        .put("retries", t.retries())
        .put("throttled_ms", t.throttledMs())
        .put("started_at", t.startedAt().toString())
        .put("ended_at", t.finishedAt().toString())
        .put("wall_ms", wallMs);
    double rate = CliFormat.perSecond(t.records(), wallMs);
    if (Double.isNaN(rate)) {
      json.putNull("records_per_second");
    } else {
      json.put("records_per_second", rate);
    }
    json.set("start_offset", offset(t.startOffset()));
    json.set("end_offset", offset(t.endOffset()));
    json.set("reconciliation", t.reconciliation().<JsonNode>map(IngestReportJson::reconciliation)
        .orElse(Json.MAPPER.nullNode()));
    ArrayNode notices = json.putArray("notices");
    t.notices().forEach(notices::add);
    json.put("error", t.error().orElse(null));
    return json;
  }

  /** The source's count against the table's: also what {@code reconcile} prints per table. */
  static ObjectNode reconciliation(Reconciliation r) {
    ObjectNode json = Json.object().put("counted", r.counted());
    r.sourceRecords().ifPresent(n -> json.put("source_count", n));
    r.tableRows().ifPresent(n -> json.put("table_count", n));
    r.upTo().ifPresent(t -> json.put("up_to", t.toString()));
    return json.put("difference", r.difference()).put("detail", r.detail());
  }

  /** A committed offset as the JSON object it is, or null when the table has none. */
  private static JsonNode offset(Optional<String> offset) {
    if (offset.isEmpty()) {
      return Json.MAPPER.nullNode();
    }
    try {
      return Json.MAPPER.readTree(offset.get());
    } catch (JsonProcessingException e) {
      return Json.MAPPER.getNodeFactory().textNode(offset.get());
    }
  }
}
