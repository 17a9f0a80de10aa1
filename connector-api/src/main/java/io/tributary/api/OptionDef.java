package io.tributary.api;

import java.io.Serializable;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The one declaration of an option: its name, type, default, range or allowed values, docs and
 * whether it is a secret. Validation, redaction and generated docs all read it.
 *
 * <pre>
 * OptionDef.integer("per_page", 1, 100).withDefault("100").doc("Records per page.")
 * OptionDef.string("api_key").secret().required().doc("The API key.")
 * </pre>
 *
 * @param pattern for strings: a regular expression the whole value must match
 * @param patternHint what to say when {@code pattern} does not match
 * @param hintForValue when set, builds that message from the rejected value instead, so it can
 *     show the user the value to pass
 *
 * <p>Serializable, with everything it holds, so that validated {@link OptionValues} can be shipped
 * to Spark executors instead of being validated again there.
 */
public record OptionDef(
    String name,
    OptionType type,
    String defaultValue,
    Long min,
    Long max,
    List<String> allowedValues,
    String doc,
    boolean isSecret,
    boolean isRequired,
    Pattern pattern,
    String patternHint,
    Hint hintForValue) implements Serializable {

  /** Builds the reason a rejected value gives; serializable so its definition is. */
  @FunctionalInterface
  public interface Hint extends Function<String, String>, Serializable {}

  public OptionDef {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    allowedValues = List.copyOf(allowedValues);
    doc = doc == null ? "" : doc;
    if (type == OptionType.ENUM && allowedValues.isEmpty()) {
      throw new IllegalArgumentException("enum option '" + name + "' needs allowed values");
    }
    if (defaultValue != null) {
      Optional<String> problem = checkValue(name, type, defaultValue, min, max, allowedValues, pattern, patternHint);
      if (problem.isPresent()) {
        throw new IllegalArgumentException("bad default for option '" + name + "': " + problem.get());
      }
    }
  }

  public static OptionDef string(String name) {
    return new OptionDef(name, OptionType.STRING, null, null, null, List.of(), "", false, false, null, null, null);
  }

  public static OptionDef integer(String name, long min, long max) {
    return new OptionDef(name, OptionType.INT, null, min, max, List.of(), "", false, false, null, null, null);
  }

  public static OptionDef bool(String name) {
    return new OptionDef(name, OptionType.BOOLEAN, null, null, null, List.of(), "", false, false, null, null, null);
  }

  public static OptionDef instant(String name) {
    return new OptionDef(name, OptionType.INSTANT, null, null, null, List.of(), "", false, false, null, null, null);
  }

  public static OptionDef oneOf(String name, String... allowed) {
    return new OptionDef(name, OptionType.ENUM, null, null, null, List.of(allowed), "", false, false, null, null, null);
  }

  public static OptionDef list(String name) {
    return new OptionDef(name, OptionType.LIST, null, null, null, List.of(), "", false, false, null, null, null);
  }

  public static OptionDef url(String name) {
    return new OptionDef(name, OptionType.URL, null, null, null, List.of(), "", false, false, null, null, null);
  }

  public OptionDef withDefault(String value) {
    return new OptionDef(name, type, value, min, max, allowedValues, doc, isSecret, isRequired, pattern, patternHint, hintForValue);
  }

  public OptionDef doc(String text) {
    return new OptionDef(name, type, defaultValue, min, max, allowedValues, text, isSecret, isRequired, pattern, patternHint, hintForValue);
  }

  public OptionDef secret() {
    return new OptionDef(name, type, defaultValue, min, max, allowedValues, doc, true, isRequired, pattern, patternHint, hintForValue);
  }

  public OptionDef required() {
    return new OptionDef(name, type, defaultValue, min, max, allowedValues, doc, isSecret, true, pattern, patternHint, hintForValue);
  }

  /** For strings: the whole value must match {@code regex}; {@code hint} says what to pass instead. */
  public OptionDef matching(String regex, String hint) {
    return new OptionDef(name, type, defaultValue, min, max, allowedValues, doc, isSecret, isRequired, Pattern.compile(regex), hint, null);
  }

  /**
   * For strings: the whole value must match {@code regex}; {@code hint} builds the reason from the
   * rejected value, and {@code docHint} describes the accepted form in docs.
   */
  public OptionDef matching(String regex, String docHint, Hint hint) {
    return new OptionDef(name, type, defaultValue, min, max, allowedValues, doc, isSecret, isRequired, Pattern.compile(regex), docHint, hint);
  }

  /** Checks one raw value; the message has the form "Invalid value X for option 'Y': reason". */
  public Optional<String> check(String value) {
    return checkValue(name, type, value, min, max, allowedValues, pattern,
            hintForValue == null ? patternHint : hintForValue.apply(value))
        .map(reason -> "Invalid value " + (isSecret ? "<redacted>" : quote(value)) + " for option '" + name + "': " + reason);
  }

  /** How docs describe the accepted values, such as "1 to 100" or "one of keep, drop". */
  public String rangeText() {
    return switch (type) {
      case INT -> min + " to " + max;
      case ENUM -> String.join(", ", allowedValues);
      case INSTANT -> "YYYY-MM-DDTHH:MM:SSZ";
      case URL -> "https URL (http only for loopback hosts)";
      case BOOLEAN -> "true, false";
      default -> pattern != null && patternHint != null ? patternHint : "";
    };
  }

  private static String quote(String value) {
    return value.isEmpty() ? "''" : value.matches("-?\\d+") ? value : "'" + value + "'";
  }

  private static Optional<String> checkValue(
      String name, OptionType type, String value, Long min, Long max, List<String> allowed,
      Pattern pattern, String hint) {
    switch (type) {
      case INT -> {
        long parsed;
        try {
          parsed = Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
          return Optional.of("must be a whole number between " + min + " and " + max);
        }
        if (parsed < min || parsed > max) {
          return Optional.of("must be between " + min + " and " + max);
        }
      }
      case BOOLEAN -> {
        if (!value.equalsIgnoreCase("true") && !value.equalsIgnoreCase("false")) {
          return Optional.of("must be true or false");
        }
      }
      case INSTANT -> {
        try {
          Instant.parse(value.trim());
        } catch (DateTimeParseException e) {
          return Optional.of("must be an ISO-8601 timestamp such as 2024-01-31T00:00:00Z");
        }
      }
      case ENUM -> {
        if (!allowed.contains(value)) {
          return Optional.of("must be one of " + String.join(", ", allowed));
        }
      }
      case URL -> {
        return checkUrl(value);
      }
      case STRING, LIST -> {
        if (pattern != null && !pattern.matcher(value).matches()) {
          return Optional.of(hint == null ? "must match " + pattern.pattern() : hint);
        }
      }
    }
    return Optional.empty();
  }

  private static Optional<String> checkUrl(String value) {
    URI uri;
    try {
      uri = new URI(value.trim());
    } catch (URISyntaxException e) {
      return Optional.of("must be an absolute URL such as https://example.com");
    }
    if (uri.getScheme() == null || uri.getHost() == null) {
      return Optional.of("must be an absolute URL such as https://example.com");
    }
    String scheme = uri.getScheme().toLowerCase();
    if (scheme.equals("https")) {
      return Optional.empty();
    }
    if (scheme.equals("http") && isLoopback(uri.getHost())) {
      return Optional.empty();
    }
    return Optional.of("must use https (plain http is allowed only for localhost and 127.0.0.1)");
  }

  static boolean isLoopback(String host) {
    String h = host.toLowerCase();
    return h.equals("localhost") || h.startsWith("127.") || h.equals("[::1]") || h.equals("::1");
  }
}
