package io.tributary.source.zendesk;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.api.ExternalException;
import io.tributary.api.RecordCount;
import io.tributary.http.JsonResponse;

/**
 * Reads Zendesk's count endpoints: {@code {"count": {"value": n, "refreshed_at": "..."}}}. Zendesk
 * documents every such count as approximate: above 100,000 records it is refreshed once a day,
 * and while a refresh runs {@code refreshed_at} is null and the value stops at 100,000. The
 * counts cannot be bounded by a cursor, so each covers the whole table.
 */
final class ZendeskCounts {
  /** Zendesk caches counts above this many records for a day. */
  static final long CACHED_ABOVE = 100_000;

  private ZendeskCounts() {}

  /** The count in {@code response} to {@code GET path} for {@code table}. */
  static RecordCount read(String table, String path, JsonResponse response) {
    JsonNode count = response.body().path("count");
    JsonNode value = count.path("value");
    if (!value.canConvertToExactIntegral() || value.asLong() < 0) {
      throw new ExternalException("Cannot count table '" + table + "': GET " + path
          + " answered without a whole number in count.value", response.status(), null, false);
    }
    JsonNode refreshedAt = count.path("refreshed_at");
    String method;
    if (refreshedAt.isNull() || refreshedAt.isMissingNode() || refreshedAt.asText().isBlank()) {
      method = "GET " + path + " (approximate: Zendesk is refreshing it, and caps it at "
          + String.format("%,d", CACHED_ABOVE) + " meanwhile)";
    } else {
      method = "GET " + path + " (approximate: cached for a day above "
          + String.format("%,d", CACHED_ABOVE) + "; refreshed at " + refreshedAt.asText() + ")";
    }
    return RecordCount.whole(value.asLong(), method);
  }
}
