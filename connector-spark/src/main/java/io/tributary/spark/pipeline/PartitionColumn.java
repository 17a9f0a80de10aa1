package io.tributary.spark.pipeline;

import io.tributary.api.UserException;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One entry of the {@code partition_by} pipeline option: a plain column, or a column derived from
 * a timestamp, such as {@code month(created_at)}, which adds a {@code month} column holding
 * {@code YYYY-MM}. Deriving the value lets any source partition by month although no API returns
 * such a column.
 *
 * @param name the destination's partition column
 * @param sourceColumn the column the value comes from
 * @param dateFormat the Spark date pattern of a derived value; empty for a plain column
 */
public record PartitionColumn(String name, String sourceColumn, Optional<String> dateFormat) {
  private static final Pattern DERIVED = Pattern.compile("\\s*(\\w+)\\s*\\(\\s*([\\w.]+)\\s*\\)\\s*");
  private static final Pattern PLAIN = Pattern.compile("\\s*([\\w]+)\\s*");

  public PartitionColumn {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(sourceColumn, "sourceColumn");
    Objects.requireNonNull(dateFormat, "dateFormat");
  }

  /**
   * Parses {@code status}, {@code year(created_at)}, {@code month(created_at)} or {@code
   * day(created_at)}.
   *
   * @throws UserException naming the expression and what is accepted
   */
  public static PartitionColumn parse(String expression) {
    Matcher derived = DERIVED.matcher(expression);
    if (derived.matches()) {
      String function = derived.group(1).toLowerCase(Locale.ROOT);
      String format = switch (function) {
        case "year" -> "yyyy";
        case "month" -> "yyyy-MM";
        case "day" -> "yyyy-MM-dd";
        default -> null;
      };
      if (format == null) {
        throw new UserException("Invalid partition_by '" + expression.trim()
            + "': the function must be year, month or day, as in month(created_at)");
      }
      return new PartitionColumn(function, derived.group(2), Optional.of(format));
    }
    Matcher plain = PLAIN.matcher(expression);
    if (plain.matches()) {
      return new PartitionColumn(plain.group(1), plain.group(1), Optional.empty());
    }
    throw new UserException("Invalid partition_by '" + expression.trim()
        + "': use a column name or year(column), month(column) or day(column)");
  }

  public boolean derived() {
    return dateFormat.isPresent();
  }
}
