package io.tributary.benchmarks;

import java.util.Locale;
import java.util.Objects;
import java.util.function.DoublePredicate;

/**
 * One line of the benchmark table: a figure's value as measured in this run, against the target
 * the issue set for it.
 *
 * @param id P1 to P7, with a suffix when a figure has several lines ({@code P3 tickets})
 * @param what what the value is a ratio of, in a few words
 * @param value the measured value; a ratio, except where {@code unit} says otherwise
 * @param unit empty for a ratio, else the unit ({@code s})
 * @param target the target, as text ({@code <= 1.05})
 * @param met whether the value meets the target
 * @param detail how the value was obtained: the numbers it is a ratio of
 */
public record Figure(String id, String what, double value, String unit, String target, boolean met, String detail) {
  public Figure {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(what, "what");
    Objects.requireNonNull(unit, "unit");
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(detail, "detail");
  }

  /** A ratio checked against {@code target}, which {@code meets} decides. */
  static Figure ratio(String id, String what, double value, String target, DoublePredicate meets, String detail) {
    return new Figure(id, what, value, "", target, meets.test(value), detail);
  }

  static Figure at(String id, String what, double value, String unit, String target, DoublePredicate meets,
      String detail) {
    return new Figure(id, what, value, unit, target, meets.test(value), detail);
  }

  /** The value with its unit, three significant decimals for a ratio. */
  String shown() {
    String number = Double.isFinite(value) ? String.format(Locale.ROOT, unit.isEmpty() ? "%.2f" : "%.1f", value)
        : String.valueOf(value);
    return unit.isEmpty() ? number : number + " " + unit;
  }
}
