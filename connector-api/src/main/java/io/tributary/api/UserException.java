package io.tributary.api;

import java.util.List;

/**
 * A problem the user can fix: an invalid option, an invalid pipeline spec, rejected credentials.
 * When several problems are found at once, all of them are carried, one per line, so the user
 * fixes everything in one round.
 */
public final class UserException extends TributaryException {
  private final List<String> problems;

  public UserException(String problem) {
    this(List.of(problem));
  }

  public UserException(List<String> problems) {
    this(problems, null);
  }

  public UserException(List<String> problems, Throwable cause) {
    super(join(problems), cause);
    this.problems = List.copyOf(problems);
  }

  /** Each problem on its own; never empty. */
  public List<String> problems() {
    return problems;
  }

  private static String join(List<String> problems) {
    if (problems.isEmpty()) {
      throw new IllegalArgumentException("a UserException needs at least one problem");
    }
    if (problems.size() == 1) {
      return problems.get(0);
    }
    return problems.size() + " problems:\n  - " + String.join("\n  - ", problems);
  }
}
