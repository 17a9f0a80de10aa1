package io.tributary.source.zendesk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.api.Json;
import io.tributary.api.TableMetadata;
import io.tributary.http.ExportListing;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Zendesk's incremental exports, declared on the toolkit's {@link ExportListing}. */
final class ZendeskExports {
  /**
   * Zendesk answers StartTimeTooRecent for a start_time within 60 s of now, so start times are
   * capped there; one more second absorbs clock skew between us and Zendesk. Zendesk also
   * withholds the last minute from its exports, which keeps open seconds out of nearly every
   * answer; it did not before October 2024, and a Zendesk clock ahead of ours brings them back, so
   * the listing does not rely on it.
   */
  static final Duration TOO_RECENT = Duration.ofSeconds(61);

  private ZendeskExports() {}

  /** The export that reads {@code table}, a cursor- or time-based export table. */
  static ExportListing of(ZendeskTables.Table table, Clock clock) {
    String items = "/" + table.itemsField();
    ExportListing.Builder export = table.kind() == ZendeskTables.Kind.CURSOR_EXPORT
        ? ExportListing.cursorBased(table.name(), table.path(), items)
        : ExportListing.timeBased(table.name(), table.path(), items, table.timeField());
    TableMetadata metadata = table.metadata();
    return export.query(table.query())
        .watermarkOn(metadata.cursorField().orElseThrow())
        .records(table.comments() ? ZendeskExports::comments : List::of)
        .deletedWhen(table.deleted().orElse(record -> false))
        .replayOption(ZendeskOptions.START_CURSOR)
        .tooRecent(TOO_RECENT)
        .maxPerPage(ZendeskOptions.MAX_EXPORT_PAGE)
        .clock(clock)
        .build();
  }

  /**
   * The comments of one ticket event, from its {@code child_events} of type Comment, each given the
   * event's ticket id. Their {@code type}/{@code event_type} ("Comment") are left out: constant.
   */
  static List<ObjectNode> comments(ObjectNode event) {
    List<ObjectNode> comments = new ArrayList<>();
    for (JsonNode child : event.path("child_events")) {
      String type = child.path("event_type").asText(child.path("type").asText());
      if (!child.isObject() || !type.equals("Comment")) {
        continue;
      }
      ObjectNode comment = Json.object();
      comment.set("id", child.get("id"));
      comment.set("ticket_id", event.get("ticket_id"));
      child.fields().forEachRemaining(f -> {
        if (!f.getKey().equals("type") && !f.getKey().equals("event_type") && !comment.has(f.getKey())) {
          comment.set(f.getKey(), f.getValue());
        }
      });
      if (!comment.has("created_at") && event.has("created_at")) {
        comment.set("created_at", event.get("created_at"));
      }
      comments.add(comment);
    }
    return comments;
  }
}
