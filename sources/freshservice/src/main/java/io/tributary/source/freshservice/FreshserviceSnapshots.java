package io.tributary.source.freshservice;

import io.tributary.api.Offset;
import io.tributary.api.OptionValues;
import io.tributary.api.ReadResult;
import io.tributary.http.SnapshotListing;
import java.util.Map;

/** Snapshot tables: every page of the list, every run; the Link header leads from page to page. */
final class FreshserviceSnapshots {
  private final FreshserviceClient client;

  FreshserviceSnapshots(FreshserviceClient client) {
    this.client = client;
  }

  ReadResult read(FreshserviceTable table, Offset start, OptionValues tableOptions) {
    Map<String, String> query = FreshserviceClient.query(table, Map.of(), tableOptions);
    return SnapshotListing.of(table.name(), tableOptions)
        .read(start, next -> client.page(table, table.path(), query, next));
  }
}
