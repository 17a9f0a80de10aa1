package io.tributary.api.rows;

import static io.tributary.api.rows.Records.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.api.InternalException;
import io.tributary.api.UserException;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class RescueAndStrictModeTest {
  private static final StructType SCHEMA = new StructType()
      .add("org_id", "bigint")
      .add("id", "bigint")
      .add("requester", new StructType().add("id", "bigint"))
      .add("price", "decimal(5,2)");

  private final RowConverter lenient = RowConverter.forSchema(SCHEMA, "tickets", List.of("org_id", "id"));

  @Test
  void recordThatFitsHasNullRescuedData() {
    InternalRow row = lenient.convert(json("{\"org_id\":1,\"id\":2,\"price\":\"3.10\"}"));

    assertThat(row.isNullAt(4)).isTrue();
    assertThat(lenient.rescuedValues()).isZero();
  }

  @Test
  void unknownFieldsAreRescuedAndCountedAcrossRecords() {
    lenient.convert(json("{\"org_id\":1,\"id\":2,\"new_field\":{\"a\":1}}"));
    InternalRow second = lenient.convert(json("{\"org_id\":1,\"id\":3,\"x\":1,\"y\":[true]}"));

    assertThat(second.getUTF8String(4).toString()).isEqualTo("{\"x\":1,\"y\":[true]}");
    assertThat(lenient.rescuedValues()).isEqualTo(3);
  }

  @Test
  void inputFieldNamedRescuedDataIsItselfRescued() {
    InternalRow row = lenient.convert(json("{\"org_id\":1,\"id\":2,\"_rescued_data\":\"x\"}"));

    assertThat(row.getUTF8String(4).toString()).isEqualTo("{\"_rescued_data\":\"x\"}");
  }

  @Test
  void strictModeNamesTableFieldPathAndKeyOfAValueThatDoesNotFit() {
    RowConverter strict = lenient.strict();

    assertThatThrownBy(() -> strict.convert(json("{\"org_id\":9,\"id\":\"42\",\"requester\":{\"id\":\"abc\"}}")))
        .isInstanceOf(UserException.class)
        .hasMessage("Cannot convert record with key org_id=9, id=\"42\" of table 'tickets': field "
            + "'requester.id': value \"abc\" does not fit type bigint. Without strict mode it would "
            + "be kept in _rescued_data.");
  }

  @Test
  void strictModeRejectsUnknownFieldsAndOverflow() {
    RowConverter strict = lenient.strict();

    assertThatThrownBy(() -> strict.convert(json("{\"org_id\":1,\"id\":2,\"color\":\"red\"}")))
        .hasMessage("Cannot convert record with key org_id=1, id=2 of table 'tickets': field "
            + "'color': it is not in the table's schema. Without strict mode it would be kept in "
            + "_rescued_data.");
    assertThatThrownBy(() -> strict.convert(json("{\"id\":2,\"price\":1000}")))
        .hasMessage("Cannot convert record with key org_id=<absent>, id=2 of table 'tickets': field "
            + "'price': value 1000 does not fit type decimal(5,2). Without strict mode it would be "
            + "kept in _rescued_data.");
  }

  @Test
  void strictModeConvertsRecordsThatFit() {
    InternalRow row = lenient.strict().convert(json("{\"org_id\":1,\"id\":2,\"requester\":{}}"));

    assertThat(row.getLong(1)).isEqualTo(2L);
    assertThat(row.isNullAt(2)).isTrue();
  }

  @Test
  void misfitsReportsPathsWithoutCounting() {
    Map<String, ?> misfits = lenient.misfits(json("{\"org_id\":\"x\",\"id\":2,\"extra\":null}"));

    assertThat(misfits).containsOnlyKeys("org_id", "extra");
    assertThat(lenient.misfits(json("{\"org_id\":1}"))).isEmpty();
    assertThat(lenient.rescuedValues()).isZero();
  }

  @Test
  void schemaThatAlreadyHasRescuedDataIsRefused() {
    StructType schema = new StructType().add("id", "bigint").add("_rescued_data", "string");

    assertThatThrownBy(() -> RowConverter.forSchema(schema, "tickets", List.of("id")))
        .isInstanceOf(InternalException.class)
        .hasMessage("Cannot convert records of table 'tickets': its schema already has a "
            + "_rescued_data column, which the framework adds itself");
  }

  @Test
  void unsupportedColumnTypeIsRefusedWhenThePlanIsBuilt() {
    StructType schema = new StructType().add("id", "bigint")
        .add("wait", new StructType().add("span", DataTypes.CalendarIntervalType));

    assertThatThrownBy(() -> RowConverter.forSchema(schema, "tickets", List.of("id")))
        .isInstanceOf(InternalException.class)
        .hasMessage("Cannot convert column 'span': type interval is not supported");
  }

}
