package io.tributary.source.salesforce;

import static io.tributary.source.salesforce.SalesforceRuns.awaitNextSecond;
import static io.tributary.source.salesforce.SalesforceRuns.drain;
import static io.tributary.source.salesforce.SalesforceRuns.idsOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.api.Offset;
import io.tributary.api.OptionValues;
import io.tributary.api.UserException;
import io.tributary.api.rows.RowConverter;
import io.tributary.http.Cursors;
import io.tributary.simulator.salesforce.SalesforceSimulator;
import io.tributary.source.salesforce.SalesforceRuns.Run;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Field-level security: an org whose describe omits some of a static table's fields, as it does
 * for fields the integration user may not read. The simulator refuses any query naming them.
 */
class SalesforceFieldVisibilityTest {
  /** Audit fields, a plain field and a compound one (whose components go with it). */
  private static final String[] HIDDEN = {"CreatedById", "LastModifiedById", "Fax", "BillingAddress"};

  private final SalesforceSimulator sim = SalesforceSimulator.start(5, 250);

  @AfterEach
  void close() {
    sim.close();
  }

  private SalesforceConnector connector() {
    Map<String, String> raw = new HashMap<>(sim.connectionOptions());
    raw.put("refresh_token", sim.currentRefreshToken());
    raw.put("requests_per_minute", "100000");
    return new SalesforceConnector(SalesforceOptions.connection().validate(raw), Clock.systemUTC());
  }

  private static OptionValues table(String... pairs) {
    Map<String, String> raw = new HashMap<>(Map.of("bulk_threshold", "0", "lookback_seconds", "0"));
    for (int i = 0; i < pairs.length; i += 2) {
      raw.put(pairs[i], pairs[i + 1]);
    }
    return SalesforceOptions.table().validate(raw);
  }

  @Test
  void restReadsBackfillChangesAndDeletesWithTheHiddenColumnsNull() {
    readsAroundHiddenFields(table());

    assertThat(sim.simulator().requests("/services/data/{v}/jobs/query")).isEmpty();
  }

  @Test
  void aBulkBackfillLeavesTheHiddenFieldsOutOfItsJobAndRestCarriesOn() {
    readsAroundHiddenFields(table("bulk_threshold", "100", "bulk_page_size", "100"));

    assertThat(sim.simulator().requests("/services/data/{v}/jobs/query")).hasSize(1);
    assertThat(sim.simulator().requests("/services/data/{v}/jobs/query/{id}/results")).isNotEmpty();
  }

  /** Backfill, then an update, an insert and a soft delete, all on Account with fields hidden. */
  private void readsAroundHiddenFields(OptionValues options) {
    sim.hideFields("Account", HIDDEN);
    SalesforceConnector c = connector();

    Run backfill = drain((o, n) -> c.read("Account", o, options), Offset.START);
    Run deletes = drain((o, n) -> c.readDeletes("Account", o, options), Offset.START);
    sim.catchUp();
    sim.table("Account").update(5, r -> r.put("Rating", "Hot"));
    ObjectNode inserted = sim.table("Account").insert((id, r) -> sim.standardRecord("Account", id, r));
    long gone = sim.table("Account").pickIds(1).get(0);
    sim.table("Account").softDelete(gone);
    awaitNextSecond();
    Run changes = drain((o, n) -> c.read("Account", o, options), backfill.end());
    Run moreDeletes = drain((o, n) -> c.readDeletes("Account", o, options), deletes.end());

    List<String> changed = List.of(SalesforceSimulator.idOf("Account", 5), inserted.path("Id").asText());
    assertThat(backfill.ids()).doesNotHaveDuplicates();
    assertThat(changes.ids()).containsAll(changed);
    // Besides the changes, a REST read re-reads the ties at its watermark, by design.
    assertThat(changes.records()).filteredOn(r -> !changed.contains(r.path("Id").asText()))
        .allSatisfy(r -> assertThat(Cursors.parse(r.get("SystemModstamp"))).contains(backfill.end().watermark()));
    assertThat(moreDeletes.ids()).containsExactly(SalesforceSimulator.idOf("Account", gone));
    List<String> all = new ArrayList<>(backfill.ids());
    all.addAll(changes.ids());
    all.removeAll(moreDeletes.ids());
    assertThat(Set.copyOf(all)).isEqualTo(idsOf(sim.liveKeys("Account")));
    assertThat(sim.simulator().requests().stream().filter(r -> r.status() == 400)).isEmpty();
    assertThat(sim.simulator().requests("/services/data/{v}/sobjects/{object}/describe"))
        .as("one describe per object for the connection").hasSize(1);

    StructType schema = c.schema("Account", options);
    assertThat(schema.fieldNames()).contains(HIDDEN);
    RowConverter converter = RowConverter.forSchema(schema, "Account", List.of("Id"));
    List<ObjectNode> records = new ArrayList<>(backfill.records());
    records.addAll(changes.records());
    assertThat(records).allSatisfy(record -> {
      assertThat(converter.misfits(record)).isEmpty();
      InternalRow row = converter.convert(record);
      for (String hidden : HIDDEN) {
        assertThat(row.isNullAt(schema.fieldIndex(hidden))).as(hidden).isTrue();
      }
      assertThat(row.isNullAt(schema.fieldIndex("Name"))).isFalse();
      assertThat(row.isNullAt(schema.fieldIndex("ShippingAddress"))).isFalse();
    });
    ObjectNode updated = changes.records().stream()
        .filter(r -> r.path("Id").asText().equals(SalesforceSimulator.idOf("Account", 5))).findFirst().orElseThrow();
    assertThat(updated.path("Rating").asText()).isEqualTo("Hot");
  }

  @Test
  void theNoticeNamesTheHiddenFieldsOnceAndOnlyForTheirObject() {
    sim.hideFields("Account", "CreatedById", "LastModifiedById");
    SalesforceConnector c = connector();
    OptionValues options = table();
    drain((o, n) -> c.read("Account", o, options), Offset.START);
    drain((o, n) -> c.readDeletes("Account", o, options), Offset.START);

    assertThat(c.notices("Account", options)).containsExactly(
        "Account: fields not visible to the integration user, ingested as null: CreatedById, LastModifiedById");
    assertThat(c.notices("Contact", options)).isEmpty();
  }

  @Test
  void aHiddenKeyCursorOrDeletedFlagFailsThatObjectOnlyNamingTheFieldToGrant() {
    sim.hideFields("Account", "SystemModstamp");
    sim.hideFields("Contact", "IsDeleted");
    sim.hideFields("Lead", "Id");
    SalesforceConnector c = connector();
    OptionValues rest = table();
    OptionValues bulk = table("bulk_threshold", "100", "bulk_page_size", "100");

    assertThatThrownBy(() -> c.read("Account", Offset.START, rest))
        .isInstanceOf(UserException.class)
        .hasMessage("Cannot read Salesforce object 'Account': the integration user cannot see field "
            + "'SystemModstamp'; grant it read access in the user's profile or permission set "
            + "(field-level security)");
    assertThatThrownBy(() -> c.read("Account", Offset.START, bulk))
        .isInstanceOf(UserException.class).hasMessageContaining("cannot see field 'SystemModstamp'");
    assertThatThrownBy(() -> c.readDeletes("Account", Offset.START, rest))
        .isInstanceOf(UserException.class).hasMessageContaining("cannot see field 'SystemModstamp'");
    assertThatThrownBy(() -> c.read("Contact", Offset.START, rest))
        .isInstanceOf(UserException.class)
        .hasMessage("Cannot read Salesforce object 'Contact': the integration user cannot see field "
            + "'IsDeleted'; grant it read access in the user's profile or permission set "
            + "(field-level security)");
    assertThatThrownBy(() -> c.read("Lead", Offset.START, bulk))
        .isInstanceOf(UserException.class)
        .hasMessageStartingWith("Cannot read Salesforce object 'Lead': the integration user cannot see field 'Id';");
    assertThat(sim.simulator().requests().stream().filter(r -> r.status() == 400)).isEmpty();

    Run opportunities = drain((o, n) -> c.read("Opportunity", o, bulk), Offset.START);
    assertThat(Set.copyOf(opportunities.ids())).isEqualTo(idsOf(sim.liveKeys("Opportunity")));
    assertThat(c.schema("Account", rest).fieldNames()).contains("SystemModstamp");
  }
}
