package io.tributary.source.chargebee;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.api.Connector;
import io.tributary.api.Offset;
import io.tributary.api.OptionValues;
import io.tributary.api.TableMetadata.ChildOf;
import io.tributary.simulator.chargebee.ChargebeeSimulator;
import io.tributary.simulator.chargebee.ProductCatalog;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ChargebeeDeletesAndChildrenTest {
  private final ChargebeeSimulator sim = ChargebeeSimulator.start(ProductCatalog.V2);
  private final Connector connector = ChargebeeTestReads.connector(sim);
  private final OptionValues options = ChargebeeTestReads.tableOptions(Map.of("per_page", "5"));

  @AfterEach
  void stop() {
    connector.close();
    sim.close();
  }

  @Test
  void flaggedDeletesArriveAsDeletesAndLeaveTheRecords() {
    Offset records = ChargebeeTestReads.read(connector, "subscriptions", Offset.START, options).end();
    Offset deletes = ChargebeeTestReads.readDeletes(connector, "subscriptions", Offset.START, options).end();
    sim.clock().advance(Duration.ofMinutes(5));
    sim.delete("subscriptions", 4);
    // A read covers the seconds that had ended when it started: let the second of the delete end.
    sim.clock().advance(Duration.ofSeconds(1));

    ChargebeeTestReads.Run upserts = ChargebeeTestReads.read(connector, "subscriptions", records, options);
    ChargebeeTestReads.Run deleted = ChargebeeTestReads.readDeletes(connector, "subscriptions", deletes, options);

    // Re-reads within the lookback repeat records; the pipeline de-duplicates them.
    assertThat(deleted.records()).extracting(r -> r.get("id").asText()).containsOnly("sub_00004");
    assertThat(deleted.records().get(0).get("deleted").asBoolean()).isTrue();
    assertThat(upserts.records()).extracting(r -> r.get("id").asText()).doesNotContain("sub_00004");
    assertThat(sim.server().requests("/api/v2/subscriptions").stream()
        .filter(r -> "true".equals(r.query().get("include_deleted")))).isNotEmpty();
  }

  @Test
  void catalogDeletesComeFromDeleteEvents() {
    List<String> seededDeletes = sim.data("events").records().stream()
        .filter(e -> e.get("event_type").asText().equals("coupon_deleted"))
        .map(e -> e.get("content").get("coupon").get("id").asText()).toList();
    sim.clock().advance(Duration.ofMinutes(1));
    sim.delete("items", 2);
    long deletedAt = sim.clock().instant().getEpochSecond();
    // A read covers the seconds that had ended when it started: let the second of the delete end.
    sim.clock().advance(Duration.ofSeconds(1));

    ChargebeeTestReads.Run coupons = ChargebeeTestReads.readDeletes(connector, "coupons", Offset.START, options);
    ChargebeeTestReads.Run items = ChargebeeTestReads.readDeletes(connector, "items", Offset.START, options);

    assertThat(seededDeletes).hasSize(2);
    assertThat(coupons.records()).extracting(r -> r.get("id").asText())
        .containsOnly(seededDeletes.toArray(String[]::new));
    assertThat(items.records()).extracting(r -> r.get("id").asText()).containsOnly("item-00002");
    assertThat(items.records().get(0).get("updated_at").asLong()).isEqualTo(deletedAt);
    assertThat(sim.server().requests("/api/v2/events")).allSatisfy(r ->
        assertThat(r.query().get("event_type[in]")).isIn("[\"coupon_deleted\"]", "[\"item_deleted\"]"));
  }

  @Test
  void childTablesDeclareTheirParentAndKeyOnParentIdPlusOwnIdOrPosition() {
    assertThat(connector.metadata("subscription_items", options).childOf())
        .contains(new ChildOf("subscriptions", List.of("subscription_id")));
    assertThat(connector.metadata("subscription_items", options).primaryKeys())
        .containsExactly("subscription_id", "item_price_id");
    assertThat(connector.metadata("invoice_line_items", options).primaryKeys())
        .containsExactly("invoice_id", "id");
    assertThat(connector.metadata("invoice_taxes", options).primaryKeys())
        .containsExactly("invoice_id", "position");
    assertThat(connector.metadata("credit_note_line_items", options).childOf().map(ChildOf::parentTable))
        .isEqualTo(Optional.of("credit_notes"));
  }

  @Test
  void childRowsComeFromTheParentListingWithEveryParentComplete() {
    ChargebeeTestReads.Run items = ChargebeeTestReads.read(connector, "invoice_line_items", Offset.START, options);

    assertThat(items.records().stream().map(r -> r.get("invoice_id").asText() + "/" + r.get("id").asText())
        .distinct()).hasSize(2 * sim.data("invoices").records().size());
    ObjectNode first = items.records().get(0);
    assertThat(first.get("invoice_id").asText()).isEqualTo("00001");
    assertThat(first.get("id").asText()).isEqualTo("li_00001_1");
    assertThat(first.get("amount").asLong()).isEqualTo(4900);
    assertThat(first.get("updated_at").asLong())
        .isEqualTo(sim.data("invoices").find(1).orElseThrow().get("updated_at").asLong());
    assertThat(items.completeParents()).extracting(p -> p.get("invoice_id").asText())
        .containsAll(sim.data("invoices").records().stream().map(r -> r.get("id").asText()).toList());
    assertThat(sim.server().requests("*")).allSatisfy(r -> assertThat(r.path()).isEqualTo("/api/v2/invoices"));
  }

  @Test
  void childRowsOfAnUpdatedParentAreItsCompleteNewListAndADeletedParentHasNone() {
    Offset caughtUp = ChargebeeTestReads.read(connector, "subscription_items", Offset.START, options).end();
    sim.clock().advance(Duration.ofMinutes(10));
    sim.update("subscriptions", 3, s -> ((com.fasterxml.jackson.databind.node.ArrayNode) s.get("subscription_items")).remove(1));
    sim.delete("subscriptions", 5);
    sim.clock().advance(Duration.ofSeconds(1));

    ChargebeeTestReads.Run next = ChargebeeTestReads.read(connector, "subscription_items", caughtUp, options);

    assertThat(next.completeParents()).extracting(p -> p.get("subscription_id").asText())
        .contains("sub_00003", "sub_00005");
    assertThat(next.records()).filteredOn(r -> r.get("subscription_id").asText().equals("sub_00003"))
        .extracting(r -> r.get("item_price_id").asText()).containsOnly("pro-USD-monthly");
    assertThat(next.records()).noneMatch(r -> r.get("subscription_id").asText().equals("sub_00005"));
  }

  @Test
  void discountsAndTaxesWithoutIdsAreKeyedByPosition() {
    ChargebeeTestReads.Run taxes = ChargebeeTestReads.read(connector, "invoice_taxes", Offset.START, options);

    assertThat(taxes.records()).allSatisfy(r -> assertThat(r.get("position").asInt()).isZero());
    assertThat(taxes.records().get(0).get("name").asText()).isEqualTo("VAT");
  }
}
