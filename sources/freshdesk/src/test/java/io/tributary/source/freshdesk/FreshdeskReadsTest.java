package io.tributary.source.freshdesk;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.api.Connector;
import io.tributary.api.Offset;
import io.tributary.api.OptionValues;
import io.tributary.api.ReadResult;
import io.tributary.simulator.freshdesk.FreshdeskSimulator;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class FreshdeskReadsTest {
  private static Connector connect(FreshdeskSimulator sim) {
    FreshdeskConnectorFactory factory = new FreshdeskConnectorFactory();
    return factory.create(factory.connectionOptions().validate(sim.connectionOptions()));
  }

  private static OptionValues options(Map<String, String> values) {
    return FreshdeskOptions.table().validate(values);
  }

  /** Reads from {@code start} to the fixed point. */
  private static List<ObjectNode> readAll(Connector c, String table, Map<String, String> options, boolean deletes) {
    List<ObjectNode> records = new ArrayList<>();
    Offset offset = Offset.START;
    for (int calls = 0; calls < 500; calls++) {
      ReadResult r = deletes ? c.readDeletes(table, offset, options(options)) : c.read(table, offset, options(options));
      records.addAll(r.records());
      if (r.caughtUp(offset)) {
        return records;
      }
      offset = Offset.fromJson(r.endOffset().toJson());
    }
    throw new AssertionError("no fixed point");
  }

  private static Set<Long> ids(List<ObjectNode> records) {
    return records.stream().map(r -> r.path("id").asLong()).collect(Collectors.toCollection(TreeSet::new));
  }

  @Test
  void firstRunGetsTicketsOlderThanTheDefaultThirtyDayWindow() {
    try (FreshdeskSimulator sim = FreshdeskSimulator.start(); Connector c = connect(sim)) {
      List<ObjectNode> records = readAll(c, "tickets", Map.of(), false);

      long old = sim.table("tickets").records().stream()
          .filter(t -> t.path("created_at").asText().compareTo("2024-05-02") < 0).count();
      assertThat(old).as("tickets the 30-day window would hide").isGreaterThan(100);
      assertThat(ids(records)).isEqualTo(new TreeSet<>(sim.table("tickets").ids()));
      assertThat(sim.server().requests("/api/v2/tickets"))
          .allSatisfy(q -> assertThat(q.query()).containsKey("updated_since")
              .containsEntry("order_by", "updated_at").containsEntry("order_type", "asc")
              .doesNotContainKey("include"));
    }
  }

  /**
   * Contacts come in no documented order, so they are paged by number: a contact deleted after one
   * page was read moves every later one up a place. None of those is skipped.
   */
  @Test
  void contactsDeletedWhileTheListIsReadMakeItSkipNoOther() {
    try (FreshdeskSimulator sim = FreshdeskSimulator.start(); Connector c = connect(sim)) {
      OptionValues smallPages = options(Map.of("per_page", "5", "max_pages_per_batch", "1"));
      List<ObjectNode> records = new ArrayList<>();
      Set<Long> deleted = new TreeSet<>();
      Offset offset = Offset.START;
      for (int calls = 0; calls < 500; calls++) {
        ReadResult r = c.read("contacts", offset, smallPages);
        records.addAll(r.records());
        if (r.caughtUp(offset)) {
          break;
        }
        if (deleted.size() < 4 && !r.records().isEmpty()) {
          long gone = r.records().get(0).path("id").asLong();
          sim.table("contacts").hardDelete(gone);
          deleted.add(gone);
        }
        offset = Offset.fromJson(r.endOffset().toJson());
      }

      assertThat(deleted).hasSize(4);
      assertThat(sim.table("contacts").ids()).hasSizeGreaterThan(20);
      assertThat(ids(records)).containsAll(sim.table("contacts").ids());
    }
  }

  @Test
  void deletedTicketsArriveAsDeletesAndSpamTicketsAsFlaggedRecords() {
    try (FreshdeskSimulator sim = FreshdeskSimulator.start(); Connector c = connect(sim)) {
      List<ObjectNode> records = readAll(c, "tickets", Map.of(), false);
      List<ObjectNode> deletes = readAll(c, "tickets", Map.of(), true);

      assertThat(ids(deletes)).containsExactly(4L, 5L);
      assertThat(ids(records.stream().filter(r -> r.path("spam").asBoolean()).toList())).containsExactly(7L);
      assertThat(ids(records)).doesNotContain(4L, 5L);
    }
  }

  @Test
  void piiDropLeavesNoPersonalColumnOrValueInAnyTable() {
    try (FreshdeskSimulator sim = FreshdeskSimulator.start(); Connector c = connect(sim)) {
      for (String table : FreshdeskSource.SOURCE.tableNames()) {
        List<ObjectNode> records = readAll(c, table, Map.of("pii", "drop"), false);
        Set<String> columns = Set.of(c.schema(table, options(Map.of("pii", "drop"))).fieldNames());

        assertThat(records).as(table).isNotEmpty();
        assertThat(columns).as(table).doesNotContain("subject", "description", "description_text",
            "email", "phone", "mobile", "cc_emails", "to_emails", "body", "body_text", "attachments",
            "custom_fields", "feedback", "note", "contact");
        if (table.equals("contacts")) {
          assertThat(columns).doesNotContain("name");
        }
        String text = records.toString();
        for (String value : FreshdeskSimulator.personalValues(1000)) {
          assertThat(text).as(table + " holds " + value).doesNotContain(value);
        }
      }
      assertThat(c.metrics().other()).containsEntry("tickets_unknown_fields_dropped", 0L);
    }
  }

  @Test
  void conversationsFanOutOncePerChangedTicketAndSkipATicketGoneMidRun() {
    try (FreshdeskSimulator sim = FreshdeskSimulator.start(); Connector c = connect(sim)) {
      List<ObjectNode> first = readAll(c, "conversations", Map.of(), false);
      int fanOut = sim.server().requests("/api/v2/tickets/{id}/conversations").size();

      assertThat(ids(first)).isEqualTo(new TreeSet<>(sim.table("conversations").ids()));
      // Every listed ticket once, plus the ties re-read at the watermark by the fixed-point check.
      assertThat(fanOut).isLessThanOrEqualTo(sim.table("tickets").size() + 6);
    }
  }
}
