package io.tributary.spark.pipeline;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.api.Json;
import io.tributary.api.UserException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.SparkConf;
import scala.Tuple2;

/**
 * The connections a pipeline spec's {@code connection_name} can refer to, from a JSON file
 *
 * <pre>{ "fs_prod": { "source": "freshservice",
 *              "options": { "domain": "acme", "api_key": "${env:FS_API_KEY}" } } }</pre>
 *
 * or from Spark configuration {@code spark.tributary.connection.<name>.source} and {@code
 * spark.tributary.connection.<name>.<option>}. References are resolved when a connection is
 * asked for, so an unused connection with an unset variable does no harm. {@link #toString()}
 * shows names and sources only.
 */
public final class Connections {
  public static final String CONF_PREFIX = "spark.tributary.connection.";
  private static final Pattern REFERENCE = Pattern.compile("\\$\\{(env|file):([^}]*)}");

  private record Raw(String source, Map<String, String> options) {}

  private final Map<String, Raw> byName;
  private final String origin;
  /** Where {@code ${file:PATH}} is relative to: a directory or a Hadoop URI. */
  private final String baseDir;
  private final Function<String, String> environment;

  private Connections(Map<String, Raw> byName, String origin, String baseDir, Function<String, String> environment) {
    this.byName = byName;
    this.origin = origin;
    this.baseDir = baseDir;
    this.environment = environment;
  }

  public static Connections none() {
    return new Connections(Map.of(), "no connections", workingDirectory(), System::getenv);
  }

  /** Reads a connections file; {@code ${file:PATH}} is relative to the file's directory. */
  public static Connections load(Path file) {
    return load(Location.uriOf(file));
  }

  /**
   * Reads a connections file at a local path or a Hadoop URI (such as {@code dbfs:/...} or {@code
   * hdfs://...}); {@code ${file:PATH}} is relative to the file's directory.
   */
  public static Connections load(String file) {
    return load(file, System::getenv);
  }

  static Connections load(Path file, Function<String, String> environment) {
    return load(Location.uriOf(file), environment);
  }

  static Connections load(String file, Function<String, String> environment) {
    Location location = Location.of(file, "connections file");
    String text;
    try {
      text = location.readString();
    } catch (java.io.FileNotFoundException e) {
      throw new UserException("Cannot read connections file " + file + ": it does not exist");
    }
    return fromJson(text, file, location.parent().uri(), environment);
  }

  /**
   * Connections from the text of a connections file, as a notebook passes them; {@code
   * ${file:PATH}} is relative to the working directory.
   */
  public static Connections fromJson(String json) {
    return fromJson(json, "connections JSON", workingDirectory(), System::getenv);
  }

  private static Connections fromJson(String json, String origin, String baseDir, Function<String, String> environment) {
    return new Connections(parse(json, origin), origin, baseDir, environment);
  }

  private static String workingDirectory() {
    return "file:" + Path.of("").toAbsolutePath();
  }

  /** Connections declared as {@code spark.tributary.connection.<name>.<option>} settings. */
  public static Connections fromSparkConf(SparkConf conf) {
    Map<String, String> settings = new TreeMap<>();
    for (Tuple2<String, String> entry : conf.getAllWithPrefix(CONF_PREFIX)) {
      settings.put(entry._1(), entry._2());
    }
    return fromSettings(settings, System::getenv);
  }

  static Connections fromSettings(Map<String, String> settings, Function<String, String> environment) {
    Map<String, String> sources = new TreeMap<>();
    Map<String, Map<String, String>> options = new TreeMap<>();
    for (Map.Entry<String, String> entry : settings.entrySet()) {
      int dot = entry.getKey().indexOf('.');
      if (dot <= 0 || dot == entry.getKey().length() - 1) {
        throw new UserException("Cannot read Spark setting '" + CONF_PREFIX + entry.getKey()
            + "': use " + CONF_PREFIX + "<name>.source or " + CONF_PREFIX + "<name>.<option>");
      }
      String name = entry.getKey().substring(0, dot);
      String option = entry.getKey().substring(dot + 1);
      if (option.equals("source")) {
        sources.put(name, entry.getValue());
      } else {
        options.computeIfAbsent(name, n -> new TreeMap<>()).put(option, entry.getValue());
      }
    }
    Map<String, Raw> byName = new LinkedHashMap<>();
    List<String> problems = new ArrayList<>();
    for (String name : options.keySet()) {
      if (!sources.containsKey(name)) {
        problems.add("Cannot use connection '" + name + "' from Spark configuration: set "
            + CONF_PREFIX + name + ".source to the connector's name");
      }
    }
    if (!problems.isEmpty()) {
      throw new UserException(problems);
    }
    sources.forEach((name, source) -> byName.put(name, new Raw(source, options.getOrDefault(name, Map.of()))));
    return new Connections(byName, "Spark configuration", workingDirectory(), environment);
  }

  /** These connections plus {@code others}'; on a name defined in both, this one's wins. */
  public Connections orElse(Connections others) {
    Map<String, Raw> merged = new LinkedHashMap<>(others.byName);
    merged.putAll(byName);
    return new Connections(merged, origin + " and " + others.origin, baseDir, environment);
  }

  public Set<String> names() {
    return new TreeMap<>(byName).keySet();
  }

  /**
   * The connection named {@code name}, with references resolved.
   *
   * @throws UserException when no such connection exists, or a reference cannot be resolved;
   *     the message names the connection, the option and the variable or file, never a value
   */
  public Connection connection(String name) {
    Raw raw = byName.get(name);
    if (raw == null) {
      throw new UserException("Cannot use connection '" + name + "': it is not defined in " + origin
          + (byName.isEmpty() ? "" : "; defined connections: " + String.join(", ", names())));
    }
    Map<String, String> resolved = new TreeMap<>();
    List<String> problems = new ArrayList<>();
    raw.options.forEach((option, value) -> {
      try {
        resolved.put(option, resolve(value));
      } catch (UserException e) {
        problems.add("Cannot resolve option '" + option + "' of connection '" + name + "': " + e.getMessage());
      }
    });
    if (!problems.isEmpty()) {
      throw new UserException(problems);
    }
    return new Connection(name, raw.source, resolved);
  }

  private String resolve(String value) {
    Matcher matcher = REFERENCE.matcher(value);
    StringBuilder out = new StringBuilder();
    while (matcher.find()) {
      String kind = matcher.group(1);
      String target = matcher.group(2).trim();
      String replacement = kind.equals("env") ? env(target) : file(target);
      matcher.appendReplacement(out, Matcher.quoteReplacement(replacement));
    }
    matcher.appendTail(out);
    return out.toString();
  }

  private String env(String variable) {
    String value = environment.apply(variable);
    if (value == null) {
      throw new UserException("environment variable " + variable + " is not set");
    }
    return value;
  }

  private String file(String path) {
    Location file = Location.of(baseDir, "the directory of ${file:...}").resolve(path);
    try {
      // Secret files usually end with a newline that is not part of the secret.
      return file.readString().strip();
    } catch (java.io.FileNotFoundException e) {
      throw new UserException("file " + file + " does not exist");
    } catch (UserException e) {
      throw new UserException("file " + file + " cannot be read");
    }
  }

  private static Map<String, Raw> parse(String text, String origin) {
    JsonNode root;
    try {
      root = Json.MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      throw new UserException("Cannot read connections file " + origin + ": it is not valid JSON ("
          + e.getOriginalMessage() + " at line " + e.getLocation().getLineNr() + ")");
    }
    if (root == null || !root.isObject()) {
      throw new UserException("Cannot read connections file " + origin
          + ": it must be a JSON object of connection names to {\"source\": ..., \"options\": {...}}");
    }
    Map<String, Raw> byName = new LinkedHashMap<>();
    List<String> problems = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> entry = it.next();
      String name = entry.getKey();
      JsonNode node = entry.getValue();
      if (!node.isObject()) {
        problems.add(name + ": must be an object {\"source\": ..., \"options\": {...}}");
        continue;
      }
      for (Iterator<String> keys = node.fieldNames(); keys.hasNext(); ) {
        String key = keys.next();
        if (!key.equals("source") && !key.equals("options")) {
          problems.add(name + "." + key + ": Unknown key '" + key + "'. Valid keys: options, source");
        }
      }
      JsonNode source = node.get("source");
      if (source == null || !source.isTextual() || source.asText().isBlank()) {
        problems.add(name + ".source: is required: the connector's name, such as freshservice");
        continue;
      }
      Map<String, String> options = new TreeMap<>();
      JsonNode optionsNode = node.path("options");
      if (!optionsNode.isMissingNode() && !optionsNode.isObject()) {
        problems.add(name + ".options: must be an object of option names to values");
        continue;
      }
      optionsNode.fields().forEachRemaining(option -> {
        if (option.getValue().isValueNode() && !option.getValue().isNull()) {
          options.put(option.getKey(), option.getValue().asText());
        } else {
          problems.add(name + ".options." + option.getKey() + ": must be a string, number or boolean");
        }
      });
      byName.put(name, new Raw(source.asText().trim(), options));
    }
    if (!problems.isEmpty()) {
      problems.replaceAll(p -> "Cannot read connections file " + origin + ": " + p);
      throw new UserException(problems);
    }
    return byName;
  }

  @Override
  public String toString() {
    Map<String, String> sources = new TreeMap<>();
    byName.forEach((name, raw) -> sources.put(name, raw.source));
    return "Connections" + sources + " from " + origin;
  }
}
