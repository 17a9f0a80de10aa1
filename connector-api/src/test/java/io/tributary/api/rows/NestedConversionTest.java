package io.tributary.api.rows;

import static io.tributary.api.rows.Records.fixture;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.api.Json;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.util.ArrayData;
import org.apache.spark.sql.catalyst.util.MapData;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class NestedConversionTest {
  private static final StructType PERSON = new StructType().add("id", "bigint").add("email", "string");
  private static final StructType SCHEMA = new StructType()
      .add("id", "bigint")
      .add("subject", "string")
      .add("amount", "decimal(10,2)")
      .add("requester", PERSON)
      .add("assignee", PERSON)
      .add("tags", new ArrayType(DataTypes.StringType, true))
      .add("watcher_ids", new ArrayType(DataTypes.LongType, true))
      .add("custom_fields", DataTypes.createMapType(DataTypes.StringType, DataTypes.StringType, true))
      .add("counts", DataTypes.createMapType(DataTypes.StringType, DataTypes.LongType, true))
      .add("history", new ArrayType(new StructType().add("at", "timestamp").add("by", "bigint"), true))
      .add("updated_at", "timestamp");

  private final RowConverter converter = RowConverter.forSchema(SCHEMA, "tickets", List.of("id"));
  private final InternalRow row = converter.convert(fixture("ticket.json"));

  @Test
  void outputHasTheSchemaColumnsThenRescuedData() {
    assertThat(converter.outputSchema().fieldNames()).containsExactly(
        "id", "subject", "amount", "requester", "assignee", "tags", "watcher_ids", "custom_fields",
        "counts", "history", "updated_at", "_rescued_data");
    assertThat(row.numFields()).isEqualTo(12);
  }

  @Test
  void scalarsAtTheTopLevelConvert() {
    assertThat(row.getLong(0)).isEqualTo(4211L);
    assertThat(row.getUTF8String(1).toString()).isEqualTo("Printer on fire");
    assertThat(row.getDecimal(2, 10, 2).toJavaBigDecimal()).isEqualTo(new BigDecimal("1999.95"));
  }

  @Test
  void nestedObjectBecomesStructAndEmptyObjectBecomesNull() {
    InternalRow requester = row.getStruct(3, 2);

    assertThat(requester.getLong(0)).isEqualTo(77L);
    assertThat(requester.getUTF8String(1).toString()).isEqualTo("ana@example.com");
    assertThat(row.isNullAt(4)).isTrue();
  }

  @Test
  void arraysConvertEachElementAndKeepNullElements() {
    ArrayData tags = row.getArray(5);
    ArrayData watchers = row.getArray(6);

    assertThat(tags.numElements()).isEqualTo(3);
    assertThat(tags.getUTF8String(0).toString()).isEqualTo("urgent");
    assertThat(tags.getUTF8String(1).toString()).isEqualTo("7");
    assertThat(tags.isNullAt(2)).isTrue();
    assertThat(List.of(watchers.getLong(0), watchers.getLong(1))).containsExactly(1L, 2L);
    assertThat(watchers.isNullAt(2)).isTrue();
  }

  @Test
  void mapsKeepEveryKey() {
    assertThat(toJavaMap(row.getMap(7), DataTypes.StringType))
        .containsExactly(Map.entry("tier", "gold"), Map.entry("seats", "12"), Map.entry("flags", "null"));
    assertThat(toJavaMap(row.getMap(8), DataTypes.LongType))
        .containsExactly(Map.entry("open", "3"), Map.entry("closed", "null"));
  }

  @Test
  void arrayOfStructsConvertsEachStruct() {
    ArrayData history = row.getArray(9);

    assertThat(history.getStruct(0, 2).getLong(0))
        .isEqualTo(TimestampConversionTest.micros(java.time.Instant.parse("2024-03-10T10:15:30Z")));
    assertThat(history.getStruct(1, 2).isNullAt(0)).isTrue();
    assertThat(history.getStruct(1, 2).getLong(1)).isEqualTo(2L);
  }

  @Test
  void everyMisfitAndUnknownFieldIsRescuedByPathWithItsOriginalValue() throws Exception {
    JsonNode rescued = Json.MAPPER.readTree(row.getUTF8String(11).toString());

    assertThat(rescued).isEqualTo(Json.MAPPER.readTree("""
        {"requester.phone": "+1 555 0100",
         "watcher_ids[2]": "three",
         "counts.closed": "many",
         "history[1].at": "soon",
         "sla_policy": "premium"}"""));
    assertThat(converter.rescuedValues()).isEqualTo(5);
  }

  @Test
  void wholeStructOfTheWrongShapeIsRescuedAtItsPath() {
    InternalRow converted = converter.convert(Records.json(
        "{\"id\":1,\"requester\":\"ana@example.com\",\"tags\":\"urgent\"}"));

    assertThat(converted.isNullAt(3)).isTrue();
    assertThat(converted.isNullAt(5)).isTrue();
    assertThat(converted.getUTF8String(11).toString())
        .isEqualTo("{\"requester\":\"ana@example.com\",\"tags\":\"urgent\"}");
  }

  @Test
  void mapWithWholeNumberKeysRescuesOtherKeys() {
    StructType schema = new StructType()
        .add("id", "bigint")
        .add("by_user", DataTypes.createMapType(DataTypes.LongType, DataTypes.StringType, true));
    RowConverter byUser = RowConverter.forSchema(schema, "t", List.of("id"));

    InternalRow converted = byUser.convert(Records.json("{\"id\":1,\"by_user\":{\"12\":\"a\",\"x\":\"b\"}}"));

    assertThat(converted.getMap(1).keyArray().getLong(0)).isEqualTo(12L);
    assertThat(converted.getMap(1).numElements()).isEqualTo(1);
    assertThat(converted.getUTF8String(2).toString()).isEqualTo("{\"by_user.x\":\"b\"}");
  }

  private static Map<String, String> toJavaMap(MapData map, DataType valueType) {
    Map<String, String> result = new LinkedHashMap<>();
    List<String> keys = new ArrayList<>();
    for (int i = 0; i < map.numElements(); i++) {
      keys.add(map.keyArray().getUTF8String(i).toString());
    }
    for (int i = 0; i < keys.size(); i++) {
      ArrayData values = map.valueArray();
      String value = values.isNullAt(i) ? "null"
          : valueType == DataTypes.LongType ? Long.toString(values.getLong(i))
          : values.getUTF8String(i).toString();
      result.put(keys.get(i), value);
    }
    return result;
  }
  @Test
  void fieldsInAnotherOrderOrNamedByStringsJacksonDidNotInternConvertAlike() {
    StructType schema = new StructType().add("id", "bigint").add("subject", "string").add("status", "int");
    RowConverter shared = RowConverter.forSchema(schema, "tickets", List.of("id"));
    List<String> rows = new ArrayList<>();
    for (String text : List.of("{\"id\":1,\"subject\":\"a\",\"status\":2}", "{\"status\":2,\"id\":1,\"subject\":\"a\"}",
        "{\"subject\":\"a\",\"extra\":true,\"status\":2,\"id\":1}", "{\"id\":1,\"subject\":\"a\",\"status\":2}")) {
      InternalRow converted = shared.convert(Records.json(text));
      rows.add(converted.getLong(0) + "/" + converted.getUTF8String(1) + "/" + converted.getInt(2));
    }
    // Built in code: the names are new strings, not the ones the parser interned.
    com.fasterxml.jackson.databind.node.ObjectNode built = Json.object();
    built.put(new String("status".toCharArray()), 2).put(new String("subject".toCharArray()), "a")
        .put(new String("id".toCharArray()), 1);
    InternalRow converted = shared.convert(built);
    rows.add(converted.getLong(0) + "/" + converted.getUTF8String(1) + "/" + converted.getInt(2));

    assertThat(rows).containsOnly("1/a/2").hasSize(5);
    assertThat(shared.rescuedValues()).as("the unknown field 'extra'").isEqualTo(1);
  }
}
