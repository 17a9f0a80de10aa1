package io.tributary.http;

import static io.tributary.api.Columns.array;
import static io.tributary.api.Columns.id;
import static io.tributary.api.Columns.pii;
import static io.tributary.api.Columns.string;
import static io.tributary.api.Columns.struct;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.api.Json;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class PiiFilterTest {
  private static final StructType TICKETS = new StructType(new StructField[] {
      id("id"),
      pii(string("subject")),
      struct("requester", id("id"), pii(string("email"))),
      array("attachments", new StructType(new StructField[] {id("size"), pii(string("name"))}))});

  @Test
  void schemaLosesEveryTaggedColumnNestedOnesIncluded() {
    StructType kept = PiiFilter.withoutPii(TICKETS);

    assertThat(kept.simpleString())
        .isEqualTo("struct<id:bigint,requester:struct<id:bigint>,attachments:array<struct<size:bigint>>>");
    assertThat(PiiFilter.piiColumns(TICKETS)).containsExactly("subject", "requester.email", "attachments[].name");
  }

  @Test
  void recordsKeepOnlyTheKeptSchemaAndUnknownFieldsAreCountedNotKept() throws Exception {
    PiiFilter filter = PiiFilter.forSchema("tickets", TICKETS);
    ObjectNode record = (ObjectNode) Json.MAPPER.readTree("{\"id\":1,\"subject\":\"Help Ann\","
        + "\"phone\":\"+44 20\",\"requester\":{\"id\":7,\"email\":\"ann@example.com\",\"name\":\"Ann\"},"
        + "\"attachments\":[{\"size\":3,\"name\":\"ann.png\"}]}");

    ObjectNode cut = filter.apply(record);

    assertThat(cut.toString()).isEqualTo("{\"id\":1,\"requester\":{\"id\":7},\"attachments\":[{\"size\":3}]}");
    assertThat(filter.unknownFieldsDropped()).isEqualTo(2);
    assertThat(filter.metrics().other()).containsEntry("tickets_unknown_fields_dropped", 2L);
    assertThat(record.has("subject")).as("the input is not changed").isTrue();
  }
}
