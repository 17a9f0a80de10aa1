package io.tributary.source.chargebee;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.api.Json;
import io.tributary.api.Offset;
import io.tributary.api.OptionValues;
import io.tributary.api.ReadResult;
import io.tributary.http.ChildFanOut;
import io.tributary.http.ChildReader;
import io.tributary.http.JsonResponse;
import io.tributary.http.Page;
import io.tributary.http.PageCache;
import io.tributary.http.Paging;
import io.tributary.http.SnapshotFanOut;
import io.tributary.source.chargebee.ChargebeeTable.FanOut;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Snapshot tables listed per parent record, such as a customer's contacts, on the toolkit's {@link
 * SnapshotFanOut}: the parents are paged resumably, and each is asked for all its children. The
 * cost is one request per parent, spent through the connection's shared rate limiter; the parents
 * of a page are asked up to {@code max_concurrent_requests} at once. A parent deleted after its page
 * was read answers 404: it has no children any more, which is not an error.
 */
final class ChargebeeFanOut {
  /** More parent pages than a pass usually has; older ones are listed again. */
  private static final int CACHED_PARENT_PAGES = 1_000;

  private final ChargebeeClient client;
  private final Map<String, PageCache> parentPages = new ConcurrentHashMap<>();
  private final Map<String, ChildFanOut> fanOuts = new ConcurrentHashMap<>();

  ChargebeeFanOut(ChargebeeClient client) {
    this.client = client;
  }

  ReadResult read(ChargebeeTable table, Offset start, OptionValues options) {
    FanOut fanOut = (FanOut) table.source();
    ChargebeeTable parent = ChargebeeTables.require(fanOut.parent());
    PageCache cache = parentPages.computeIfAbsent(table.name(), name -> new PageCache(CACHED_PARENT_PAGES));
    int limit = ChargebeeOptions.limit(options);
    return SnapshotFanOut.of(table.name(), options, cache).read(start, List.of(next -> {
      JsonResponse response = client.get(table.name(), parent.path(), page(next, limit));
      List<ObjectNode> ids = Paging.records(response, "/list").stream()
          .map(element -> ChargebeeRecords.unwrap(element, parent.entity(), parent.path()))
          .map(record -> Json.object().put("id", record.path("id").asText()))
          .toList();
      return new Page(ids, Paging.nextOffset(response.body()));
    }), children(table, fanOut, limit));
  }

  private ChildReader children(ChargebeeTable table, FanOut fanOut, int limit) {
    ChildFanOut reads = fanOuts.computeIfAbsent(table.name(), ChildFanOut::new);
    return new ChildReader() {
      @Override
      public Optional<List<ObjectNode>> children(ObjectNode parent) {
        String parentId = parent.path("id").asText();
        String path = table.path().replace("{id}", URLEncoder.encode(parentId, StandardCharsets.UTF_8));
        return reads.readAll(next -> {
          JsonResponse response = client.get(table.name(), path, page(next, limit));
          List<ObjectNode> children = Paging.records(response, "/list").stream().map(element -> {
            ObjectNode child = ChargebeeRecords.unwrap(element, table.entity(), path);
            fanOut.parentKeyColumn().ifPresent(column -> child.put(column, parentId));
            return child;
          }).toList();
          return new Page(children, Paging.nextOffset(response.body()));
        });
      }

      @Override
      public ObjectNode parentKey(ObjectNode parent) {
        return parent;
      }

      @Override
      public int concurrency() {
        return client.maxConcurrentRequests();
      }

      /** contacts and attached_items are snapshots, not declared children. */
      @Override
      public boolean reportsParents() {
        return false;
      }
    };
  }

  /** One page of a list, {@code per_page} records at most: Chargebee's {@code limit}. */
  private static Map<String, String> page(Optional<String> next, int limit) {
    Map<String, String> query = new LinkedHashMap<>();
    query.put("limit", String.valueOf(limit));
    next.ifPresent(offset -> query.put("offset", offset));
    return query;
  }
}
