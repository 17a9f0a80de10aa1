package io.tributary.source.salesforce;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import io.tributary.api.ExternalException;
import io.tributary.api.Json;
import io.tributary.api.OptionValues;
import io.tributary.http.JobExport;
import io.tributary.http.Page;
import io.tributary.http.TextResponse;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A first read of a large object as one Bulk API 2.0 {@code queryAll} job, on the toolkit's {@link
 * JobExport}: this class makes the Salesforce calls (create, status, CSV result pages by {@code
 * Sforce-Locator}, delete) and turns CSV rows into records; the export owns the polling, the
 * offset and the watermark.
 *
 * <p>The job selects {@code since <= cursor < until}; REST reads continue from the watermark the
 * export leaves, with {@code >=}: no gap, and an overlap of one second plus the lookback window.
 * Salesforce keeps finished jobs for days, so a download resumes in another call or process.
 *
 * <p>Bulk queries refuse compound fields, so an address is selected as its components and
 * rebuilt into the struct REST would have returned. Bulk rows include soft-deleted ones
 * ({@code queryAll}); a backfill delivers only live records.
 */
final class SalesforceBulk {
  private static final CsvMapper CSV = new CsvMapper();

  private SalesforceBulk() {}

  static JobExport export(SalesforceTable table, OptionValues tableOptions, Clock clock) {
    return JobExport.builder(table.name()).jobName("Bulk API")
        .failureAdvice("set bulk_threshold=0 to backfill over REST instead")
        .tableOptions(tableOptions).clock(clock).build();
  }

  /** The jobs of {@code table}: each selects {@code fields} from {@code since}, downloaded {@code pageSize} rows a page. */
  static JobExport.Jobs jobs(SalesforceClient client, SalesforceTable table, List<SalesforceField> fields,
      Instant since, int pageSize) {
    return new JobExport.Jobs() {
      @Override
      public String create(Instant until) {
        String cursor = table.cursor().orElseThrow();
        return client.createQueryJob(SalesforceSoql.bulk(table.name(), selectList(fields), cursor, since, until))
            .path("id").asText();
      }

      @Override
      public JobExport.Status status(String job) {
        return SalesforceBulk.status(client.queryJob(job));
      }

      @Override
      public Page results(String job, Optional<String> locator) {
        TextResponse r = client.queryJobResults(job, locator.orElse(""), pageSize);
        Optional<String> next = r.header("Sforce-Locator").filter(l -> !l.isEmpty() && !l.equals("null"));
        return new Page(live(rows(fields, r.body())), next);
      }

      @Override
      public void delete(String job) {
        client.deleteQueryJob(job);
      }
    };
  }

  private static JobExport.Status status(JsonNode info) {
    String state = info.path("state").asText();
    Optional<String> error = Optional.of(info.path("errorMessage").asText("")).filter(m -> !m.isEmpty());
    return switch (state) {
      case "JobComplete" -> new JobExport.Status(state, JobExport.Phase.COMPLETE, error);
      case "Failed", "Aborted" -> new JobExport.Status(state, JobExport.Phase.FAILED, error);
      default -> new JobExport.Status(state, JobExport.Phase.RUNNING, error);
    };
  }

  private static List<ObjectNode> live(List<ObjectNode> rows) {
    return rows.stream().filter(r -> !r.path(SalesforceObjects.IS_DELETED).asBoolean(false)).toList();
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

  /** One CSV page as records shaped like REST's, typed by the fields' describe types. */
  static List<ObjectNode> rows(List<SalesforceField> fields, String csv) {
    List<ObjectNode> rows = new ArrayList<>();
    if (csv.isBlank()) {
      return rows;
    }
    try (MappingIterator<Map<String, String>> it = CSV.readerFor(Map.class)
        .with(CsvSchema.emptySchema().withHeader()).readValues(csv)) {
      for (Map<String, String> row : it.readAll()) {
        Map<String, String> cells = new TreeMap<>(row);
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
}
