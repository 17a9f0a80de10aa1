package io.tributary.spark.cli;

/**
 * A command line the CLI cannot run: an unknown command or flag, a missing or malformed value.
 * Exits with {@link TributaryCli#BAD_INPUT}, and the message points at {@code --help}.
 */
final class UsageException extends RuntimeException {
  private final String command;

  UsageException(String command, String message) {
    super(message);
    this.command = command;
  }

  /** The command whose usage applies, or null for the top level. */
  String command() {
    return command;
  }
}
