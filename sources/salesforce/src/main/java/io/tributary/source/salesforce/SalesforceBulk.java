package io.tributary.source.salesforce;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import io.tributary.api.ExternalException;
import io.tributary.api.InternalException;
import io.tributary.api.Json;
import io.tributary.api.Offset;
import io.tributary.api.ReadResult;
import io.tributary.http.Cursors;
import io.tributary.http.TextResponse;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A first read of a large object as one Bulk API 2.0 {@code queryAll} job: create, poll with
 * backoff, stream the CSV result pages by {@code Sforce-Locator}, delete the job.
 *
 * <p>The job selects {@code cursor < until}, where {@code until} is the second the backfill started
 * in, so it holds closed seconds only. When its last page is delivered the watermark becomes the
 * last of them, {@link Cursors#closedBound} of the start, never {@code until} itself: records
 * stamped in that second are not in the job, and a watermark on it would keep the REST reads that
 * follow from moving onto it (see {@link SalesforceListing}). REST reads continue from the
 * watermark with {@code >=}: no gap, and an overlap of one second plus the lookback window. Offset
 * state {mode=bulk, job, locator, until} resumes the download in another call or process while the
 * job exists (Salesforce keeps finished jobs for days).
 *
 * <p>Bulk queries refuse compound fields, so an address is selected as its components and
 * rebuilt into the struct REST would have returned.
 */
final class SalesforceBulk {
  static final String MODE = "mode";
  static final String BULK = "bulk";
  static final String JOB = "job";
  static final String LOCATOR = "locator";
  static final String UNTIL = "bulk_until";
  private static final CsvMapper CSV = new CsvMapper();
  private static final Duration FIRST_POLL = Duration.ofMillis(200);
  private static final Duration MAX_POLL = Duration.ofSeconds(15);
  private static final Duration MAX_WAIT = Duration.ofHours(4);

  private final SalesforceClient client;
  private final Clock clock;

  SalesforceBulk(SalesforceClient client, Clock clock) {
    this.client = client;
    this.clock = clock;
  }

  static boolean inProgress(Offset offset) {
    return offset.get(MODE).map(BULK::equals).orElse(false);
  }

  ReadResult start(SalesforceTable table, List<SalesforceField> fields, Instant since, int maxPages, int pageSize) {
    Instant until = Cursors.closedBound(clock.instant()).plusSeconds(1);
    String soql = SalesforceSoql.bulk(table.name(), selectList(fields), table.cursor().orElseThrow(), since, until);
    String job = client.createQueryJob(soql).path("id").asText();
    awaitCompletion(table, job);
    Offset state = new Offset(null, Map.of(MODE, BULK, JOB, job, LOCATOR, "", UNTIL, until.toString()));
    return pages(table, fields, state, maxPages, pageSize);
  }

  ReadResult pages(SalesforceTable table, List<SalesforceField> fields, Offset start, int maxPages, int pageSize) {
    String job = start.get(JOB).orElseThrow();
    String locator = start.get(LOCATOR).orElse("");
    Instant until = Instant.parse(start.get(UNTIL).orElseThrow());
    List<ObjectNode> records = new ArrayList<>();
    for (int page = 0; page < maxPages; page++) {
      TextResponse r = client.queryJobResults(job, locator, pageSize);
      records.addAll(rows(fields, r.body()));
      locator = r.header("Sforce-Locator").orElse("null");
      if (locator.isEmpty() || locator.equals("null")) {
        deleteQuietly(job);
        // The last second the job holds, never until itself (see the class comment).
        return new ReadResult(records, Offset.at(until.minusSeconds(1)));
      }
    }
    return new ReadResult(records, start.with(LOCATOR, locator));
  }

  /** The SOQL select list: compound fields replaced by their components. */
  static List<String> selectList(List<SalesforceField> fields) {
    List<String> select = new ArrayList<>();
    for (SalesforceField f : fields) {
      if (f.type().equals("address")) {
        SalesforceTypes.ADDRESS_PARTS.forEach(p -> select.add(SalesforceTypes.addressComponent(f.name(), p)));
      } else if (f.type().equals("location")) {
        String base = f.name().endsWith("__c") ? f.name().substring(0, f.name().length() - 1) : f.name();
        select.add(base + "_Latitude__s".substring(base.endsWith("__") ? 1 : 0));
        select.add(base + "_Longitude__s".substring(base.endsWith("__") ? 1 : 0));
      } else {
        select.add(f.name());
      }
    }
    return select;
  }

  private void awaitCompletion(SalesforceTable table, String job) {
    Duration delay = FIRST_POLL;
    Instant deadline = clock.instant().plus(MAX_WAIT);
    while (true) {
      JsonNode info = client.queryJob(job);
      String state = info.path("state").asText();
      switch (state) {
        case "JobComplete" -> {
          return;
        }
        case "Failed", "Aborted" -> {
          deleteQuietly(job);
          throw new ExternalException("Cannot backfill table '" + table.name() + "': Bulk API job "
              + job + " ended " + state + info.path("errorMessage").asText("").transform(m -> m.isEmpty() ? "" : ": " + m)
              + "; set bulk_threshold=0 to backfill over REST instead", 0, info.path("errorMessage").asText(null), false);
        }
        default -> {
          if (clock.instant().isAfter(deadline)) {
            throw new ExternalException("Cannot backfill table '" + table.name() + "': Bulk API job "
                + job + " is still " + state + " after " + MAX_WAIT.toHours() + " hours", 0, null, true);
          }
          sleep(delay);
          delay = delay.multipliedBy(2).compareTo(MAX_POLL) > 0 ? MAX_POLL : delay.multipliedBy(2);
        }
      }
    }
  }

  private void deleteQuietly(String job) {
    try {
      client.deleteQueryJob(job);
    } catch (ExternalException e) {
      // A job that is already gone needs no cleanup; Salesforce also purges jobs after days.
    }
  }

  /** One CSV page as records shaped like REST's, typed by the fields' describe types. */
  static List<ObjectNode> rows(List<SalesforceField> fields, String csv) {
    List<ObjectNode> rows = new ArrayList<>();
    if (csv.isBlank()) {
      return rows;
    }
    try (MappingIterator<Map<String, String>> it = CSV.readerFor(Map.class)
        .with(CsvSchema.emptySchema().withHeader()).readValues(csv)) {
      while (it.hasNextValue()) {
        Map<String, String> cells = new TreeMap<>(it.nextValue());
        ObjectNode record = Json.object();
        for (SalesforceField f : fields) {
          record.set(f.name(), value(f, cells));
        }
        rows.add(record);
      }
    } catch (IOException e) {
      throw new ExternalException("Cannot read a Bulk API result page: it is not valid CSV ("
          + e.getMessage() + ")", 200, null, true);
    }
    return rows;
  }

  private static JsonNode value(SalesforceField f, Map<String, String> cells) {
    if (f.type().equals("address")) {
      ObjectNode address = Json.object();
      boolean any = false;
      for (String part : SalesforceTypes.ADDRESS_PARTS) {
        String cell = cells.get(SalesforceTypes.addressComponent(f.name(), part));
        if (cell != null && !cell.isEmpty()) {
          any = true;
          address.set(part, part.equals("latitude") || part.equals("longitude")
              ? DoubleNode.valueOf(Double.parseDouble(cell)) : Json.MAPPER.getNodeFactory().textNode(cell));
        }
      }
      return any ? address : NullNode.getInstance();
    }
    if (f.type().equals("location")) {
      List<String> parts = selectList(List.of(f));
      String lat = cells.get(parts.get(0));
      String lon = cells.get(parts.get(1));
      if ((lat == null || lat.isEmpty()) && (lon == null || lon.isEmpty())) {
        return NullNode.getInstance();
      }
      ObjectNode location = Json.object();
      location.set("latitude", SalesforceTypes.fromCsv("double", lat));
      location.set("longitude", SalesforceTypes.fromCsv("double", lon));
      return location;
    }
    return SalesforceTypes.fromCsv(f.type(), cells.get(f.name()));
  }

  private static void sleep(Duration delay) {
    try {
      Thread.sleep(delay.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InternalException("Cannot wait for a Bulk API job: the thread was interrupted", e);
    }
  }
}
