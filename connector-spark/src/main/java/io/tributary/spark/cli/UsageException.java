package io.tributary.spark.cli;

import io.tributary.api.OptionSet;
import java.util.List;
import java.util.TreeSet;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;

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

  /**
   * Picocli's parse error in the CLI's own words: an unknown option names the closest valid one, a
   * missing one says what it is for (from its description).
   */
  static UsageException from(ParameterException e) {
    CommandSpec spec = e.getCommandLine().getCommandSpec();
    String command = spec.parent() == null ? null : spec.name();
    return new UsageException(command, message(e, spec));
  }

  private static String message(ParameterException e, CommandSpec spec) {
    // Picocli checks required options before it reports unmatched arguments, so a misspelt
    // required option would otherwise show as missing rather than as the typo it is.
    List<String> unmatched = e instanceof CommandLine.UnmatchedArgumentException u
        ? u.getUnmatched() : e.getCommandLine().getUnmatchedArguments();
    if (!unmatched.isEmpty()) {
      String arg = unmatched.get(0);
      if (arg.startsWith("-")) {
        TreeSet<String> valid = new TreeSet<>();
        spec.options().stream().filter(o -> !o.hidden()).forEach(o -> valid.add(o.longestName()));
        return OptionSet.unknownOption(arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg, valid);
      }
      if (spec.parent() == null) {
        List<String> suggestions = e instanceof CommandLine.UnmatchedArgumentException u
            ? u.getSuggestions() : List.of();
        return "Unknown command '" + arg + "'"
            + (suggestions.isEmpty() ? "" : "; did you mean '" + suggestions.get(0) + "'?");
      }
      return "Unexpected argument '" + arg + "'";
    }
    if (e instanceof CommandLine.MissingParameterException missing && !missing.getMissing().isEmpty()) {
      ArgSpec arg = missing.getMissing().get(0);
      String name = arg instanceof OptionSpec option ? "option '" + option.longestName() + "'" : arg.paramLabel();
      String[] description = arg.description();
      return "Missing " + name + (description.length == 0 ? "" : ": " + description[0]);
    }
    if (e instanceof CommandLine.OverwrittenOptionException twice && twice.getOverwritten() instanceof OptionSpec option) {
      return "Option '" + option.longestName() + "' is given twice";
    }
    return e.getMessage();
  }
}
