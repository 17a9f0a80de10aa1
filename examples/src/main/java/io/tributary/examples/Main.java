package io.tributary.examples;

import io.tributary.examples.demo.Demo;
import io.tributary.examples.docs.ConnectorDocs;
import io.tributary.spark.cli.TributaryCli;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;

/**
 * The entry point of the distributable jar and of {@code bin/tributary}: {@code demo} and {@code
 * docs} live here, next to every connector and simulator; the other commands are {@link
 * TributaryCli}'s.
 */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    TributaryCli.quietLogging();
    int code = run(args, System.out, System.err);
    System.out.flush();
    System.exit(code);
  }

  public static int run(String[] args, PrintStream out, PrintStream err) {
    List<String> list = Arrays.asList(args);
    List<String> flags = List.of("--verbose", "--help", "-h");
    String command = list.stream().filter(a -> !flags.contains(a)).findFirst().orElse("");
    List<String> rest = list.stream().filter(a -> a != command).toList();
    return switch (command) {
      case "demo" -> Demo.main(rest, out, err);
      case "docs" -> ConnectorDocs.run(rest, out, err);
      default -> {
        int code = TributaryCli.run(args, out, err);
        if (command.isEmpty()) {
          (list.isEmpty() ? err : out).println("""

              Also in this build:
                demo     Start every source's simulator, ingest, change data, ingest again
                docs     Check (or --write) the generated blocks of docs/connectors/*.md""");
        }
        yield code;
      }
    };
  }
}
