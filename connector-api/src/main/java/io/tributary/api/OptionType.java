package io.tributary.api;

/** The value types an option can have. Values always arrive as strings and are parsed once. */
public enum OptionType {
  STRING("string"),
  INT("integer"),
  BOOLEAN("boolean"),
  /** An ISO-8601 instant with a zone, such as {@code 2024-01-01T00:00:00Z}. */
  INSTANT("ISO-8601 timestamp"),
  /** One of a fixed list of values. */
  ENUM("one of a list"),
  /** A comma-separated list of strings. */
  LIST("comma-separated list"),
  /** An absolute http(s) URL. */
  URL("URL");

  private final String label;

  OptionType(String label) {
    this.label = label;
  }

  /** How docs name the type. */
  public String label() {
    return label;
  }
}
