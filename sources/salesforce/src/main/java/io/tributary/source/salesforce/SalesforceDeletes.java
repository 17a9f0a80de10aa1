package io.tributary.source.salesforce;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.api.ExternalException;
import io.tributary.api.Json;
import io.tributary.api.Offset;
import io.tributary.api.OptionValues;
import io.tributary.api.ReadResult;
import io.tributary.api.UserException;
import io.tributary.http.Cursors;
import io.tributary.http.DeletesOffset;
import io.tributary.http.KeysetListing;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Deletes of a {@code cdc_with_deletes} object, from two places:
 *
 * <ul>
 *   <li>soft deletes (in the recycle bin): a {@code queryAll} listing of {@code IsDeleted = true}
 *       rows on SystemModstamp, tie-safe like the records listing;
 *   <li>hard deletes (purged, or emptied from the bin): {@code /sobjects/X/deleted/?start=&end=},
 *       whose log reaches back 15 days and ignores seconds, so each window ends at the minute and
 *       the next starts at the {@code latestDateCovered} Salesforce reports.
 * </ul>
 *
 * The log lists recycle-bin deletes too, so a soft delete can come from both places; a call
 * reports each Id once, with the first place's time (the listing's, to the second).
 *
 * The offset holds both positions, the listing's nested in it ({@link DeletesOffset}); its
 * watermark is the lower of the two, so it never moves backwards.
 */
final class SalesforceDeletes {
  /** Salesforce's delete log answers for 15 days back; a first read starts safely inside it. */
  static final Duration FIRST_WINDOW = Duration.ofDays(14);

  private final SalesforceClient client;
  private final Clock clock;

  SalesforceDeletes(SalesforceClient client, Clock clock) {
    this.client = client;
    this.clock = clock;
  }

  /**
   * The deletes after {@code start}. A call that finishes the recycle bin's listing and brings the
   * log to the minute now open says the listing's start as when it listed the table ({@link
   * ReadResult#listedAt}): the log cannot show the open minute before it ends, so one more call
   * now would make no request to it, and its deletes are the next read's, as they would be anyway.
   */
  ReadResult read(SalesforceTable table, OptionValues tableOptions, Offset start) {
    Instant began = clock.instant();
    // The log ignores seconds, so its unit is the minute: a window ends where the still-open minute
    // starts and holds closed minutes only (Cursors.closedBound at minute resolution), and a delete
    // stamped later in this minute is in the next window.
    Instant openMinute = began.truncatedTo(ChronoUnit.MINUTES);
    List<ObjectNode> keys = new ArrayList<>();
    Optional<Offset> soft = Optional.empty();
    Optional<Instant> listedAt = Optional.of(began);
    if (table.softDeletes()) {
      ReadResult bin = softDeletes(table, tableOptions, DeletesOffset.listing(start), keys);
      soft = Optional.of(bin.endOffset());
      listedAt = bin.listedAt();
    }
    Optional<Instant> hard = Optional.empty();
    if (table.hardDeletes()) {
      hard = Optional.of(hardDeletes(table, DeletesOffset.logFrom(start), openMinute, keys));
      if (hard.get().isBefore(openMinute)) {
        listedAt = Optional.empty();
      }
    }
    ReadResult deletes = new ReadResult(onePerId(keys), DeletesOffset.after(start, soft, hard));
    return listedAt.map(deletes::withListedAt).orElse(deletes);
  }

  /** Reads the recycle bin from {@code start} into {@code keys}; returns the listing's result. */
  private ReadResult softDeletes(SalesforceTable table, OptionValues tableOptions, Offset start, List<ObjectNode> keys) {
    String cursor = table.cursor().orElseThrow();
    KeysetListing.Query query = SalesforceListing.query(client, table, List.of(SalesforceObjects.ID, cursor),
        Optional.of(SalesforceObjects.IS_DELETED + " = true"), tableOptions.integer(SalesforceOptions.BATCH_SIZE));
    ReadResult soft = SalesforceListing.of(table, tableOptions, clock, r -> true).read(start, query);
    soft.records().forEach(r -> keys.add(key(r.path(SalesforceObjects.ID).asText(), r.get(cursor))));
    return soft;
  }

  /** Reads the log from {@code from} to {@code end} into {@code keys}; returns where the next read starts. */
  private Instant hardDeletes(SalesforceTable table, Optional<Instant> from, Instant end, List<ObjectNode> keys) {
    Instant start = from.orElse(end.minus(FIRST_WINDOW));
    if (!end.isAfter(start)) {
      return start;
    }
    JsonNode body;
    try {
      body = client.deleted(table.name(), SalesforceSoql.literal(start), SalesforceSoql.literal(end));
    } catch (ExternalException e) {
      if (e.status() == 400 && e.providerMessage().map(m -> m.contains("INVALID_REPLICATION_DATE")).orElse(false)) {
        throw tooOld(table, start);
      }
      throw e;
    }
    Optional<Instant> earliest = Cursors.parse(body.get("earliestDateAvailable"));
    if (from.isPresent() && earliest.isPresent() && earliest.get().isAfter(start)) {
      throw tooOld(table, start);
    }
    for (JsonNode d : body.path("deletedRecords")) {
      keys.add(key(d.path("id").asText(), d.get("deletedDate")));
    }
    Instant covered = Cursors.parse(body.get("latestDateCovered")).orElse(end);
    return covered.isAfter(start) ? min(covered, end) : start;
  }

  private static List<ObjectNode> onePerId(List<ObjectNode> keys) {
    Set<String> seen = new HashSet<>();
    List<ObjectNode> unique = new ArrayList<>();
    for (ObjectNode key : keys) {
      if (seen.add(key.path(SalesforceObjects.ID).asText())) {
        unique.add(key);
      }
    }
    return unique;
  }

  private static UserException tooOld(SalesforceTable table, Instant start) {
    return new UserException("Cannot read hard deletes of table '" + table.name() + "': the last "
        + "read reached " + start + ", but Salesforce's delete log keeps only the last 15 days, so "
        + "records purged since then cannot be known. Run a full refresh of the table, then run it "
        + "at least every few days");
  }

  private static ObjectNode key(String id, JsonNode when) {
    ObjectNode key = Json.object();
    key.put(SalesforceObjects.ID, id);
    key.set(SalesforceObjects.SYSTEM_MODSTAMP, when);
    return key;
  }

  private static Instant min(Instant a, Instant b) {
    return a.isBefore(b) ? a : b;
  }
}
