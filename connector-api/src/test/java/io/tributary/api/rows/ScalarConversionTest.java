package io.tributary.api.rows;

import static io.tributary.api.rows.Records.convertValue;
import static io.tributary.api.rows.Records.rescued;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DecimalType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ScalarConversionTest {
  private static final DecimalType MONEY = DataTypes.createDecimalType(10, 2);

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "42                    | 42",
      "\"42\"                | 42",
      "\"9007199254740993\"  | 9007199254740993",
      "9223372036854775807   | 9223372036854775807",
      "-7                    | -7",
      "3.0                   | 3",
  })
  void idsBecomeLongsFromNumbersAndNumericStrings(String json, long expected) {
    InternalRow row = convertValue(DataTypes.LongType, json);

    assertThat(row.getLong(1)).isEqualTo(expected);
    assertThat(rescued(row)).isNull();
  }

  @ParameterizedTest
  @ValueSource(strings = {"1.5", "\"12a\"", "\"1.0\"", "9223372036854775808", "true", "[1]", "{\"a\":1}"})
  void wholeNumberColumnRescuesWhatIsNotAWholeNumberInRange(String json) {
    InternalRow row = convertValue(DataTypes.LongType, json);

    assertThat(row.isNullAt(1)).isTrue();
    assertThat(rescued(row)).isEqualTo("{\"v\":" + json + "}");
  }

  @Test
  void integerColumnRescuesValuesBeyondItsRange() {
    assertThat(convertValue(DataTypes.IntegerType, "2147483647").getInt(1)).isEqualTo(Integer.MAX_VALUE);
    assertThat(rescued(convertValue(DataTypes.IntegerType, "2147483648"))).isEqualTo("{\"v\":2147483648}");
    assertThat(rescued(convertValue(DataTypes.ShortType, "40000"))).isEqualTo("{\"v\":40000}");
    assertThat(convertValue(DataTypes.ByteType, "-128").getByte(1)).isEqualTo((byte) -128);
  }

  @Test
  void doublesAcceptNumbersAndNumericStrings() {
    assertThat(convertValue(DataTypes.DoubleType, "1.25").getDouble(1)).isEqualTo(1.25);
    assertThat(convertValue(DataTypes.DoubleType, "\"2.5e3\"").getDouble(1)).isEqualTo(2500.0);
    assertThat(convertValue(DataTypes.FloatType, "0.5").getFloat(1)).isEqualTo(0.5f);
    assertThat(rescued(convertValue(DataTypes.DoubleType, "\"lots\""))).isEqualTo("{\"v\":\"lots\"}");
    assertThat(rescued(convertValue(DataTypes.FloatType, "1e39"))).isEqualTo("{\"v\":1" + "0".repeat(39) + "}");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "12.5        | 12.50",
      "\"12.5\"    | 12.50",
      "7           | 7.00",
      "1.500       | 1.50",
      "-99999999.99| -99999999.99",
      "0.1         | 0.10",
  })
  void decimalsKeepPrecisionAndScale(String json, String expected) {
    InternalRow row = convertValue(MONEY, json);

    assertThat(row.getDecimal(1, 10, 2).toJavaBigDecimal()).isEqualTo(new BigDecimal(expected));
    assertThat(rescued(row)).isNull();
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "123456789.01",     // 9 integer digits do not fit precision 10 with scale 2
      "100000000",        // the same, as an integer
      "1.005",            // rounding to 2 places would lose the 5
      "\"12.345\"",       // the same, as a string
      "\"12,50\"",        // not a number
      "false",
  })
  void decimalsRescueOverflowAndDigitsThatWouldBeRoundedAway(String json) {
    InternalRow row = convertValue(MONEY, json);

    assertThat(row.isNullAt(1)).isTrue();
    assertThat(rescued(row)).isEqualTo("{\"v\":" + json + "}");
  }

  @Test
  void booleansAcceptOnlyBooleansAndTheirExactText() {
    assertThat(convertValue(DataTypes.BooleanType, "true").getBoolean(1)).isTrue();
    assertThat(convertValue(DataTypes.BooleanType, "\"false\"").getBoolean(1)).isFalse();
    assertThat(convertValue(DataTypes.BooleanType, "\"true\"").getBoolean(1)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"1", "0", "\"yes\"", "\"TRUE\"", "\"t\"", "[true]"})
  void booleansRescueEverythingElse(String json) {
    InternalRow row = convertValue(DataTypes.BooleanType, json);

    assertThat(row.isNullAt(1)).isTrue();
    assertThat(rescued(row)).isEqualTo("{\"v\":" + json + "}");
  }

  @Test
  void stringsKeepTextAndRenderOtherValuesAsJson() {
    assertThat(convertValue(DataTypes.StringType, "\"héllo\"").getUTF8String(1).toString()).isEqualTo("héllo");
    assertThat(convertValue(DataTypes.StringType, "42").getUTF8String(1).toString()).isEqualTo("42");
    // Decimals keep the scale the provider sent.
    assertThat(convertValue(DataTypes.StringType, "1.50").getUTF8String(1).toString()).isEqualTo("1.50");
    assertThat(convertValue(DataTypes.StringType, "100.00").getUTF8String(1).toString()).isEqualTo("100.00");
    assertThat(convertValue(DataTypes.StringType, "true").getUTF8String(1).toString()).isEqualTo("true");
    assertThat(convertValue(DataTypes.StringType, "{\"a\":[1,\"x\"]}").getUTF8String(1).toString())
        .isEqualTo("{\"a\":[1,\"x\"]}");
    assertThat(rescued(convertValue(DataTypes.StringType, "{\"a\":1}"))).isNull();
  }

  @Test
  void emptyStringIsNullForNonStringColumnsAndTextForStrings() {
    assertThat(convertValue(DataTypes.LongType, "\"\"").isNullAt(1)).isTrue();
    assertThat(convertValue(DataTypes.TimestampType, "\"\"").isNullAt(1)).isTrue();
    assertThat(convertValue(MONEY, "\"\"").isNullAt(1)).isTrue();
    assertThat(rescued(convertValue(DataTypes.TimestampType, "\"\""))).isNull();
    assertThat(convertValue(DataTypes.StringType, "\"\"").getUTF8String(1).toString()).isEmpty();
  }

  @Test
  void nullAndAbsentValuesAreNullWithoutRescue() {
    InternalRow explicitNull = convertValue(DataTypes.LongType, "null");
    InternalRow absent = Records.single(DataTypes.LongType).convert(Records.json("{\"id\":1}"));

    assertThat(explicitNull.isNullAt(1)).isTrue();
    assertThat(rescued(explicitNull)).isNull();
    assertThat(absent.isNullAt(1)).isTrue();
    assertThat(rescued(absent)).isNull();
  }

  @Test
  void binaryComesFromBase64() {
    assertThat(convertValue(DataTypes.BinaryType, "\"aGk=\"").getBinary(1)).isEqualTo("hi".getBytes());
    assertThat(rescued(convertValue(DataTypes.BinaryType, "\"not base64!\""))).isEqualTo("{\"v\":\"not base64!\"}");
  }
}
