package io.tributary.examples.layers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * Checks the module arrows of DESIGN.md's module table against a source tree: each module's
 * pom.xml dependencies on other modules, and the {@code io.tributary.*} packages its main Java
 * code refers to. A reference resolves to the module whose main code declares the longest matching
 * package, so a new package or module needs no change here.
 *
 * <pre>
 * api      -> nothing internal
 * http     -> api
 * testkit  -> api, http
 * spark    -> api                (testkit in test scope)
 * source/* -> api, http          (testkit in test scope)
 * examples -> everything
 * </pre>
 *
 * Nothing depends on a source except examples, in any scope.
 */
final class ModuleLayers {
  enum Layer { API, HTTP, TESTKIT, SPARK, SOURCE, EXAMPLES }

  private static final Map<Layer, Set<Layer>> MAIN = Map.of(
      Layer.API, Set.of(),
      Layer.HTTP, Set.of(Layer.API),
      Layer.TESTKIT, Set.of(Layer.API, Layer.HTTP),
      Layer.SPARK, Set.of(Layer.API),
      Layer.SOURCE, Set.of(Layer.API, Layer.HTTP),
      Layer.EXAMPLES, Set.of(Layer.values()));
  private static final Map<Layer, Set<Layer>> TEST_ONLY = Map.of(
      Layer.SPARK, Set.of(Layer.TESTKIT),
      Layer.SOURCE, Set.of(Layer.TESTKIT));

  private static final Pattern PACKAGE = Pattern.compile("(?m)^\\s*package\\s+([\\w.]+)\\s*;");
  private static final Pattern COMMENT = Pattern.compile("(?s)/\\*.*?\\*/|//[^\n]*");
  private static final Pattern REFERENCE = Pattern.compile("\\bio\\.tributary(?:\\.[a-z_][a-z0-9_]*)+");

  record Module(String dir, String artifactId, Layer layer, Path path) {}

  private final Path root;
  private final Map<String, Module> byDir = new LinkedHashMap<>();

  private ModuleLayers(Path root) {
    this.root = root;
  }

  /** The violations in the reactor rooted at {@code root}, one line each, sorted; empty when clean. */
  static List<String> check(Path root) {
    return new ModuleLayers(root).run();
  }

  private List<String> run() {
    List<String> violations = new ArrayList<>();
    for (String dir : childTexts(parse(root.resolve("pom.xml")).getDocumentElement(), "modules", "module")) {
      Path path = root.resolve(dir);
      Layer layer = layerOf(dir);
      if (layer == null) {
        violations.add(dir + ": not a module DESIGN.md's module table knows; add it there and to ModuleLayers");
        continue;
      }
      String artifactId = directChild(parse(path.resolve("pom.xml")).getDocumentElement(), "artifactId");
      byDir.put(dir, new Module(dir, artifactId, layer, path));
    }
    Map<String, Module> byArtifact = new TreeMap<>();
    byDir.values().forEach(m -> byArtifact.put(m.artifactId(), m));
    Map<String, Module> byPackage = new TreeMap<>();
    for (Module module : byDir.values()) {
      for (Path file : javaFiles(module.path().resolve("src/main/java"))) {
        Matcher m = PACKAGE.matcher(read(file));
        if (m.find()) {
          byPackage.putIfAbsent(m.group(1), module);
        }
      }
    }
    for (Module module : byDir.values()) {
      checkPom(module, byArtifact, violations);
      checkSources(module, byPackage, violations);
    }
    return violations.stream().distinct().sorted().toList();
  }

  private void checkPom(Module module, Map<String, Module> byArtifact, List<String> violations) {
    Element project = parse(module.path().resolve("pom.xml")).getDocumentElement();
    Element dependencies = child(project, "dependencies");
    if (dependencies == null) {
      return;
    }
    for (Element dependency : children(dependencies, "dependency")) {
      Module target = byArtifact.get(directChild(dependency, "artifactId"));
      String group = directChild(dependency, "groupId");
      if (target == null || target == module || !(group.equals("io.tributary") || group.equals("${project.groupId}"))) {
        continue;
      }
      String scope = directChild(dependency, "scope");
      boolean testScope = "test".equals(scope);
      if (!allowed(module.layer(), target, testScope)) {
        violations.add(module.dir() + "/pom.xml depends on " + target.artifactId()
            + " (" + (scope.isEmpty() ? "compile" : scope) + " scope): " + rule(module.layer()));
      }
    }
  }

  private void checkSources(Module module, Map<String, Module> byPackage, List<String> violations) {
    Path main = module.path().resolve("src/main/java");
    for (Path file : javaFiles(main)) {
      Matcher m = REFERENCE.matcher(withoutComments(read(file)));
      while (m.find()) {
        Module target = resolve(m.group(), byPackage);
        if (target != null && target != module && !allowed(module.layer(), target, false)) {
          violations.add(module.dir() + "/src/main/java/" + main.relativize(file).toString().replace('\\', '/')
              + " refers to " + m.group() + " of " + target.dir() + ": " + rule(module.layer()));
        }
      }
    }
  }

  /** Prose may name any package; only code that refers to one is a dependency. */
  private static String withoutComments(String java) {
    return COMMENT.matcher(java).replaceAll(" ");
  }

  private static boolean allowed(Layer from, Module to, boolean testScope) {
    if (from == Layer.EXAMPLES) {
      return true;
    }
    if (to.layer() == Layer.SOURCE || to.layer() == Layer.EXAMPLES) {
      return false;
    }
    return MAIN.get(from).contains(to.layer())
        || (testScope && TEST_ONLY.getOrDefault(from, Set.of()).contains(to.layer()));
  }

  private static String rule(Layer layer) {
    return switch (layer) {
      case API -> "connector-api depends on no other module";
      case HTTP -> "connector-http may depend only on connector-api";
      case TESTKIT -> "connector-testkit may depend only on connector-api and connector-http";
      case SPARK -> "connector-spark may depend only on connector-api (connector-testkit in test scope)";
      case SOURCE -> "a source may depend only on connector-api and connector-http (connector-testkit in test scope)";
      case EXAMPLES -> "examples may depend on everything";
    };
  }

  private static Module resolve(String reference, Map<String, Module> byPackage) {
    for (String name = reference; name.contains("."); name = name.substring(0, name.lastIndexOf('.'))) {
      Module module = byPackage.get(name);
      if (module != null) {
        return module;
      }
    }
    return null;
  }

  static Layer layerOf(String dir) {
    return switch (dir) {
      case "connector-api" -> Layer.API;
      case "connector-http" -> Layer.HTTP;
      case "connector-testkit" -> Layer.TESTKIT;
      case "connector-spark" -> Layer.SPARK;
      case "examples" -> Layer.EXAMPLES;
      default -> dir.startsWith("sources/") ? Layer.SOURCE : null;
    };
  }

  private static List<Path> javaFiles(Path dir) {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(p -> p.toString().endsWith(".java")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Document parse(Path pom) {
    try {
      return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(pom.toFile());
    } catch (Exception e) {
      throw new IllegalStateException("Cannot parse " + pom + ": " + e.getMessage(), e);
    }
  }

  private static List<String> childTexts(Element parent, String container, String name) {
    Element list = child(parent, container);
    return list == null ? List.of() : children(list, name).stream().map(e -> e.getTextContent().trim()).toList();
  }

  private static Element child(Element parent, String name) {
    List<Element> found = children(parent, name);
    return found.isEmpty() ? null : found.get(0);
  }

  private static String directChild(Element parent, String name) {
    Element found = child(parent, name);
    return found == null ? "" : found.getTextContent().trim();
  }

  private static List<Element> children(Element parent, String name) {
    List<Element> result = new ArrayList<>();
    NodeList nodes = parent.getChildNodes();
    for (int i = 0; i < nodes.getLength(); i++) {
      Node node = nodes.item(i);
      if (node instanceof Element element && element.getTagName().equals(name)) {
        result.add(element);
      }
    }
    return result;
  }
}
