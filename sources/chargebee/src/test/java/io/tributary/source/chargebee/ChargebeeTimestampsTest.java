package io.tributary.source.chargebee;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.api.Json;
import io.tributary.api.OptionValues;
import io.tributary.api.rows.RowConverter;
import io.tributary.simulator.chargebee.ChargebeeFixtures;
import java.util.List;
import java.util.TimeZone;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ChargebeeTimestampsTest {
  private final TimeZone original = TimeZone.getDefault();

  @AfterEach
  void restore() {
    TimeZone.setDefault(original);
  }

  @Test
  void epochSecondsBecomeUtcTimestampsWhateverTheJvmZone() {
    TimeZone.setDefault(TimeZone.getTimeZone("America/Los_Angeles"));
    StructType schema = ChargebeeSchemas.schema(ChargebeeTables.require("invoices"), OptionValues.empty());
    ObjectNode invoice = ChargebeeFixtures.load("invoices").put("id", "42").put("date", 1714521600)
        .put("updated_at", 1714521601);

    InternalRow row = RowConverter.forSchema(schema, "invoices", List.of("id")).convert(invoice);

    int date = schema.fieldIndex("date");
    assertThat(schema.apply("date").dataType()).isEqualTo(DataTypes.TimestampType);
    // 2024-05-01T00:00:00Z, in microseconds since the epoch: no zone shift.
    assertThat(row.getLong(date)).isEqualTo(1_714_521_600_000_000L);
  }

  @Test
  void moneyStaysMinorUnitsInLongColumnsDocumentedAsSuch() {
    StructType schema = ChargebeeSchemas.schema(ChargebeeTables.require("invoices"), OptionValues.empty());

    assertThat(schema.apply("total").dataType()).isEqualTo(DataTypes.LongType);
    assertThat(schema.apply("total").getComment().get()).startsWith("Amount in the minor unit");
    StructType line = (StructType) ((org.apache.spark.sql.types.ArrayType) schema.apply("line_items").dataType())
        .elementType();
    assertThat(line.apply("unit_amount").getComment().get()).startsWith("Amount in the minor unit");
  }
}
