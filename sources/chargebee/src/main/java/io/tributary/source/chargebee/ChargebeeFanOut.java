package io.tributary.source.chargebee;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.api.ExternalException;
import io.tributary.api.Offset;
import io.tributary.api.OptionValues;
import io.tributary.api.ReadResult;
import io.tributary.http.JsonResponse;
import io.tributary.http.Page;
import io.tributary.http.Paging;
import io.tributary.http.SnapshotListing;
import io.tributary.source.chargebee.ChargebeeTable.FanOut;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Snapshot tables listed per parent record, such as a customer's contacts: the parents are paged
 * resumably, and each page's parents are asked for all their children. The cost is one request per
 * parent, spent through the connection's shared rate limiter.
 */
final class ChargebeeFanOut {
  private final ChargebeeClient client;

  ChargebeeFanOut(ChargebeeClient client) {
    this.client = client;
  }

  ReadResult read(ChargebeeTable table, Offset start, OptionValues options) {
    FanOut fanOut = (FanOut) table.source();
    ChargebeeTable parent = ChargebeeTables.require(fanOut.parent());
    return SnapshotListing.of(table.name(), options).read(start, next -> {
      Map<String, String> query = new LinkedHashMap<>();
      query.put("limit", String.valueOf(ChargebeeOptions.MAX_LIMIT));
      next.ifPresent(offset -> query.put("offset", offset));
      JsonResponse response = client.get(table.name(), parent.path(), query);
      List<ObjectNode> children = new ArrayList<>();
      for (ObjectNode element : Paging.records(response, "/list")) {
        ObjectNode parentRecord = ChargebeeRecords.unwrap(element, parent.entity(), parent.path());
        children.addAll(childrenOf(table, fanOut, parentRecord.path("id").asText()));
      }
      return new Page(children, Paging.nextOffset(response.body()));
    });
  }

  private List<ObjectNode> childrenOf(ChargebeeTable table, FanOut fanOut, String parentId) {
    String path = table.path().replace("{id}", URLEncoder.encode(parentId, StandardCharsets.UTF_8));
    List<ObjectNode> children = new ArrayList<>();
    Optional<String> next = Optional.empty();
    do {
      Map<String, String> query = new LinkedHashMap<>();
      query.put("limit", String.valueOf(ChargebeeOptions.MAX_LIMIT));
      next.ifPresent(offset -> query.put("offset", offset));
      JsonResponse response;
      try {
        response = client.get(table.name(), path, query);
      } catch (ExternalException e) {
        if (e.status() == 404) {
          // Deleted after its page was read: it has no children any more, which is not an error.
          return List.of();
        }
        throw e;
      }
      for (ObjectNode element : Paging.records(response, "/list")) {
        ObjectNode child = ChargebeeRecords.unwrap(element, table.entity(), path);
        fanOut.parentKeyColumn().ifPresent(column -> child.put(column, parentId));
        children.add(child);
      }
      Optional<String> following = Paging.nextOffset(response.body());
      if (following.isPresent() && following.equals(next)) {
        throw new ExternalException("Cannot page through table '" + table.name() + "': Chargebee "
            + "returned the offset it was given as the next one", response.status(), null, false);
      }
      next = following;
    } while (next.isPresent());
    return children;
  }
}
