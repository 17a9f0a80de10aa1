package io.tributary.api;

import java.io.Serializable;
import java.util.Objects;

/**
 * One refused option: its name, what is wrong with it, and the message that tells the user what
 * to do, such as "Invalid value 500 for option 'per_page': must be between 1 and 100".
 *
 * @param option the option as the user spelt it
 * @param kind what is wrong
 * @param message the whole message, naming the option and, for a table option, the table
 */
public record OptionProblem(String option, Kind kind, String message) implements Serializable {

  /** What is wrong with an option. */
  public enum Kind {
    /** No option of that name is declared. */
    UNKNOWN,
    /** The value does not parse or is out of range. */
    INVALID,
    /** A required option is absent; listing tables and schemas goes on without it. */
    MISSING,
    /** The connection's {@code externalOptionsAllowList} does not permit this table option. */
    NOT_ALLOWED
  }

  public OptionProblem {
    Objects.requireNonNull(option, "option");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(message, "message");
  }

  @Override
  public String toString() {
    return message;
  }
}
