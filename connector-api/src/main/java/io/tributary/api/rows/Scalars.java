package io.tributary.api.rows;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Base64;
import org.apache.spark.sql.types.BinaryType;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.ByteType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DateType;
import org.apache.spark.sql.types.Decimal;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.DoubleType;
import org.apache.spark.sql.types.FloatType;
import org.apache.spark.sql.types.IntegerType;
import org.apache.spark.sql.types.LongType;
import org.apache.spark.sql.types.ShortType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.TimestampNTZType;
import org.apache.spark.sql.types.TimestampType;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * Converters for scalar types. None of them rounds, truncates or guesses: a value either fits
 * exactly or is rescued. An empty string is null for every type but strings, because APIs write
 * "" for "no date" or "no amount".
 */
final class Scalars {
  private static final BigInteger LONG_MIN = BigInteger.valueOf(Long.MIN_VALUE);
  private static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);

  private Scalars() {}

  /** The converter for a scalar type, or null when {@code type} is not a scalar this supports. */
  static ValueConverter forType(DataType type) {
    if (type instanceof LongType) {
      return (v, r) -> integral(v, Long.MIN_VALUE, Long.MAX_VALUE, Long::valueOf);
    }
    if (type instanceof IntegerType) {
      return (v, r) -> integral(v, Integer.MIN_VALUE, Integer.MAX_VALUE, l -> (int) l);
    }
    if (type instanceof ShortType) {
      return (v, r) -> integral(v, Short.MIN_VALUE, Short.MAX_VALUE, l -> (short) l);
    }
    if (type instanceof ByteType) {
      return (v, r) -> integral(v, Byte.MIN_VALUE, Byte.MAX_VALUE, l -> (byte) l);
    }
    if (type instanceof DoubleType) {
      return (v, r) -> floating(v, false);
    }
    if (type instanceof FloatType) {
      return (v, r) -> floating(v, true);
    }
    if (type instanceof StringType) {
      return Scalars::string;
    }
    if (type instanceof BooleanType) {
      return Scalars::bool;
    }
    if (type instanceof DecimalType decimal) {
      int precision = decimal.precision();
      int scale = decimal.scale();
      return (v, r) -> decimal(v, precision, scale);
    }
    if (type instanceof TimestampType) {
      return (v, r) -> Timestamps.instantMicros(v);
    }
    if (type instanceof TimestampNTZType) {
      return (v, r) -> Timestamps.localMicros(v);
    }
    if (type instanceof DateType) {
      return (v, r) -> Timestamps.epochDay(v);
    }
    if (type instanceof BinaryType) {
      return Scalars::base64;
    }
    return null;
  }

  interface Narrow {
    Object of(long value);
  }

  /**
   * Whole numbers: JSON integers, decimals without a fractional part (1.0), and strings of digits,
   * which some APIs use for 64-bit ids.
   */
  static Object integral(JsonNode value, long min, long max, Narrow narrow) {
    if (value.isInt() || value.isLong()) {
      long result = value.longValue();
      return result < min || result > max ? ValueConverter.NO_FIT : narrow.of(result);
    }
    BigInteger whole;
    if (value.isIntegralNumber()) {
      whole = value.bigIntegerValue();
    } else if (value.isNumber()) {
      whole = exactWhole(value.decimalValue());
    } else if (value.isTextual()) {
      String text = value.textValue();
      if (text.isEmpty()) {
        return null;
      }
      whole = parseWhole(text);
    } else {
      return ValueConverter.NO_FIT;
    }
    if (whole == null || whole.compareTo(LONG_MIN) < 0 || whole.compareTo(LONG_MAX) > 0) {
      return ValueConverter.NO_FIT;
    }
    long result = whole.longValue();
    return result < min || result > max ? ValueConverter.NO_FIT : narrow.of(result);
  }

  private static BigInteger exactWhole(BigDecimal decimal) {
    try {
      return decimal.toBigIntegerExact();
    } catch (ArithmeticException e) {
      return null;
    }
  }

  private static BigInteger parseWhole(String text) {
    int start = text.startsWith("-") || text.startsWith("+") ? 1 : 0;
    if (text.length() == start || text.length() > 40) {
      return null;
    }
    for (int i = start; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        return null;
      }
    }
    return new BigInteger(text);
  }

  private static Object floating(JsonNode value, boolean single) {
    double result;
    if (value.isNumber()) {
      result = value.doubleValue();
    } else if (value.isTextual()) {
      String text = value.textValue();
      if (text.isEmpty()) {
        return null;
      }
      try {
        result = Double.parseDouble(text);
      } catch (NumberFormatException e) {
        return ValueConverter.NO_FIT;
      }
    } else {
      return ValueConverter.NO_FIT;
    }
    if (Double.isInfinite(result) && !(value.isTextual() && value.textValue().contains("Infinity"))) {
      return ValueConverter.NO_FIT;
    }
    if (single) {
      float narrowed = (float) result;
      return Float.isInfinite(narrowed) && !Double.isInfinite(result) ? ValueConverter.NO_FIT : narrowed;
    }
    return result;
  }

  /**
   * Strings keep their text. Numbers and booleans become their JSON text; objects and arrays their
   * compact JSON, as Spark's own JSON reader does for a string column: nothing is lost, and a
   * free-form field declared as a string stays queryable with JSON functions.
   */
  private static Object string(JsonNode value, Rescue rescue) {
    if (value.isTextual()) {
      return UTF8String.fromString(value.textValue());
    }
    // Json.MAPPER normalizes 100.00 to 1E+2; plain digits are what the API meant.
    if (value.isBigDecimal()) {
      return UTF8String.fromString(value.decimalValue().toPlainString());
    }
    return UTF8String.fromString(RowConverter.PLAIN.writeValueAsStringUnchecked(value));
  }

  /** Only real booleans and the exact strings "true" and "false": 0, 1 or "yes" are rescued. */
  private static Object bool(JsonNode value, Rescue rescue) {
    if (value.isBoolean()) {
      return value.booleanValue();
    }
    if (value.isTextual()) {
      switch (value.textValue()) {
        case "true":
          return Boolean.TRUE;
        case "false":
          return Boolean.FALSE;
        case "":
          return null;
        default:
          return ValueConverter.NO_FIT;
      }
    }
    return ValueConverter.NO_FIT;
  }

  /**
   * Keeps precision and scale exactly: 1.5 fits DECIMAL(10,2) as 1.50, but 1.005 (a digit would be
   * rounded away) and 123456789.1 (too many integer digits) do not.
   */
  static Object decimal(JsonNode value, int precision, int scale) {
    BigDecimal parsed;
    if (value.isNumber()) {
      parsed = value.isIntegralNumber() ? new BigDecimal(value.bigIntegerValue()) : value.decimalValue();
    } else if (value.isTextual()) {
      String text = value.textValue().trim();
      if (text.isEmpty()) {
        return null;
      }
      if (text.length() > 100) {
        return ValueConverter.NO_FIT;
      }
      try {
        parsed = new BigDecimal(text);
      } catch (NumberFormatException e) {
        return ValueConverter.NO_FIT;
      }
    } else {
      return ValueConverter.NO_FIT;
    }
    BigDecimal scaled;
    try {
      scaled = parsed.setScale(scale);
    } catch (ArithmeticException e) {
      return ValueConverter.NO_FIT;
    }
    if (scaled.precision() > precision) {
      return ValueConverter.NO_FIT;
    }
    // Spark keeps a decimal of up to 18 digits as a long, and only a longer one as a BigDecimal.
    return precision <= Decimal.MAX_LONG_DIGITS()
        ? Decimal.createUnsafe(scaled.unscaledValue().longValueExact(), precision, scale)
        : Decimal.apply(scaled, precision, scale);
  }

  private static Object base64(JsonNode value, Rescue rescue) {
    if (!value.isTextual()) {
      return ValueConverter.NO_FIT;
    }
    try {
      return Base64.getDecoder().decode(value.textValue());
    } catch (IllegalArgumentException e) {
      return ValueConverter.NO_FIT;
    }
  }
}
