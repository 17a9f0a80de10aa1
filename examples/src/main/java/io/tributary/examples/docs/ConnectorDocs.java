package io.tributary.examples.docs;

import io.tributary.api.ConnectorFactory;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.ServiceLoader;

/**
 * Generates the option and table reference of each connector page, {@code
 * docs/connectors/<name>.md}. A page is prose written by hand plus blocks this class owns:
 *
 * <pre>
 * &lt;!-- BEGIN GENERATED: options --&gt; ... &lt;!-- END GENERATED: options --&gt;
 * &lt;!-- BEGIN GENERATED: tables --&gt; ... &lt;!-- END GENERATED: tables --&gt;
 * </pre>
 *
 * {@code --write} rewrites the blocks (creating a page, or appending missing blocks, when needed);
 * {@code --check} (the default) reports every page whose blocks differ and exits 1. The build runs
 * the check as a test, so a changed option or schema fails until the docs are regenerated.
 */
public final class ConnectorDocs {
  public static final String REGENERATE = "mvn -B -DskipTests install && bin/tributary docs --write";
  static final List<String> BLOCKS = List.of("options", "tables");

  private ConnectorDocs() {}

  public static void main(String[] args) {
    System.exit(run(List.of(args), System.out, System.err));
  }

  /** {@code [--write | --check] [--dir DIR]}; returns the exit code. */
  public static int run(List<String> args, PrintStream out, PrintStream err) {
    boolean write = false;
    Path dir = defaultDirectory();
    for (int i = 0; i < args.size(); i++) {
      switch (args.get(i)) {
        case "--write" -> write = true;
        case "--check" -> write = false;
        case "--dir" -> {
          if (i + 1 == args.size()) {
            err.println("error: Missing value for '--dir'");
            return 2;
          }
          dir = Path.of(args.get(++i));
        }
        case "--help", "-h" -> {
          out.println("Usage: tributary docs [--write | --check] [--dir DIR]  (default dir: " + dir + ")");
          return 0;
        }
        default -> {
          err.println("error: Unknown option '" + args.get(i) + "'; valid: --write, --check, --dir");
          return 2;
        }
      }
    }
    List<ConnectorFactory> factories = factories();
    if (write) {
      for (Path page : write(dir, factories)) {
        out.println("wrote " + page);
      }
      return 0;
    }
    List<String> problems = check(dir, factories);
    problems.forEach(p -> err.println("error: " + p));
    if (problems.isEmpty()) {
      out.println("connector pages are up to date: " + dir);
    }
    return problems.isEmpty() ? 0 : 1;
  }

  /** Every connector on the class path, by name. */
  public static List<ConnectorFactory> factories() {
    return ServiceLoader.load(ConnectorFactory.class).stream()
        .map(ServiceLoader.Provider::get)
        .sorted(Comparator.comparing(ConnectorFactory::name))
        .toList();
  }

  /** One line per page that is missing or whose generated blocks differ from the definitions. */
  public static List<String> check(Path dir, List<ConnectorFactory> factories) {
    List<String> problems = new ArrayList<>();
    for (ConnectorFactory factory : factories) {
      Path page = dir.resolve(factory.name() + ".md");
      if (!Files.exists(page)) {
        problems.add("Connector '" + factory.name() + "' has no page " + page
            + "; create it (prose plus generated blocks) with: " + REGENERATE);
        continue;
      }
      String text = read(page);
      for (String block : BLOCKS) {
        String expected = generate(factory, block);
        String actual = GeneratedBlocks.find(text, block);
        if (actual == null) {
          problems.add(page + " lacks the block " + GeneratedBlocks.begin(block) + " ... "
              + GeneratedBlocks.end(block) + "; add it with: " + REGENERATE);
        } else if (!actual.equals(expected)) {
          problems.add(page + ": the generated '" + block + "' block is out of date with connector '"
              + factory.name() + "'; regenerate it with: " + REGENERATE);
        }
      }
    }
    return problems;
  }

  /** Rewrites the generated blocks of every page; returns the pages that changed. */
  public static List<Path> write(Path dir, List<ConnectorFactory> factories) {
    List<Path> changed = new ArrayList<>();
    for (ConnectorFactory factory : factories) {
      Path page = dir.resolve(factory.name() + ".md");
      String before = Files.exists(page) ? read(page) : newPage(factory);
      String after = before;
      for (String block : BLOCKS) {
        after = GeneratedBlocks.replace(after, block, generate(factory, block));
      }
      if (!after.equals(before) || !Files.exists(page)) {
        try {
          Files.createDirectories(dir);
          Files.writeString(page, after);
        } catch (IOException e) {
          throw new UncheckedIOException("Cannot write " + page, e);
        }
        changed.add(page);
      }
    }
    return changed;
  }

  static String generate(ConnectorFactory factory, String block) {
    return switch (block) {
      case "options" -> DocsMarkdown.options(factory);
      case "tables" -> DocsMarkdown.tables(factory);
      default -> throw new IllegalArgumentException("no generated block named " + block);
    };
  }

  private static String newPage(ConnectorFactory factory) {
    return "# " + factory.name() + "\n\n" + factory.description() + "\n\n## Options\n\n"
        + GeneratedBlocks.begin("options") + "\n" + GeneratedBlocks.end("options") + "\n\n## Tables\n\n"
        + GeneratedBlocks.begin("tables") + "\n" + GeneratedBlocks.end("tables") + "\n";
  }

  private static Path defaultDirectory() {
    String home = System.getProperty("tributary.home");
    return home == null ? Path.of("docs", "connectors") : Path.of(home, "docs", "connectors");
  }

  private static String read(Path page) {
    try {
      return Files.readString(page);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + page, e);
    }
  }
}
