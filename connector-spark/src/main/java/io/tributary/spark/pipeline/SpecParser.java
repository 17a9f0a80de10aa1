package io.tributary.spark.pipeline;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.api.Json;
import io.tributary.api.OptionSet;
import io.tributary.api.UserException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** Reads a pipeline spec's JSON, collecting every shape problem with its JSON path. */
final class SpecParser {
  private static final List<String> TOP_KEYS = List.of("connection_name", "objects");
  private static final List<String> OBJECT_KEYS = List.of("table");
  private static final List<String> TABLE_KEYS = List.of(
      "source_table", "destination_catalog", "destination_schema", "destination_table",
      "table_configuration");

  /** The spec (null when too broken to use) and the problems found. */
  record Parsed(PipelineSpec spec, List<String> problems) {}

  private final List<String> problems = new ArrayList<>();

  private SpecParser() {}

  static Parsed parse(String json) {
    JsonNode root;
    try {
      root = Json.MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      return new Parsed(null, List.of("Cannot read pipeline spec: it is not valid JSON ("
          + e.getOriginalMessage() + " at line " + e.getLocation().getLineNr() + ")"));
    }
    if (root == null || !root.isObject()) {
      return new Parsed(null, List.of("Cannot read pipeline spec: it must be a JSON object"));
    }
    return new SpecParser().read(root);
  }

  private Parsed read(JsonNode root) {
    unknownKeys(root, "", TOP_KEYS);
    String connection = text(root, "connection_name", "connection_name", true).orElse("");
    JsonNode objects = root.path("objects");
    List<TableSpec> tables = new ArrayList<>();
    if (!objects.isArray() || objects.isEmpty()) {
      problems.add("objects: must be a non-empty array of {\"table\": {...}} entries");
    } else {
      for (int i = 0; i < objects.size(); i++) {
        table(objects.get(i), i).ifPresent(tables::add);
      }
    }
    duplicates(tables);
    PipelineSpec spec = new PipelineSpec(connection, tables);
    return new Parsed(spec, List.copyOf(problems));
  }

  private Optional<TableSpec> table(JsonNode object, int index) {
    String objectPath = "objects[" + index + "]";
    if (!object.isObject()) {
      problems.add(objectPath + ": must be an object such as {\"table\": {\"source_table\": \"...\"}}");
      return Optional.empty();
    }
    unknownKeys(object, objectPath + ".", OBJECT_KEYS);
    JsonNode table = object.get("table");
    String path = objectPath + ".table";
    if (table == null || !table.isObject()) {
      problems.add(path + ": is required and must be an object");
      return Optional.empty();
    }
    unknownKeys(table, path + ".", TABLE_KEYS);
    Optional<String> source = text(table, "source_table", path + ".source_table", true);
    Optional<String> catalog = text(table, "destination_catalog", path + ".destination_catalog", false);
    String schema = text(table, "destination_schema", path + ".destination_schema", false)
        .orElse(TableSpec.DEFAULT_SCHEMA);
    Optional<String> destination = text(table, "destination_table", path + ".destination_table", false);
    identifier(schema, path + ".destination_schema");
    destination.ifPresent(name -> identifier(name, path + ".destination_table"));

    Map<String, String> options = new LinkedHashMap<>();
    ScdType scd = ScdType.SCD_TYPE_1;
    List<String> keys = List.of();
    Optional<String> sequence = Optional.empty();
    List<String> cluster = List.of();
    List<String> stats = List.of();
    List<PartitionColumn> partitions = new ArrayList<>();
    JsonNode config = table.path("table_configuration");
    String configPath = path + ".table_configuration";
    if (!config.isMissingNode() && !config.isNull() && !config.isObject()) {
      problems.add(configPath + ": must be an object of option names to values");
    } else if (config.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> it = config.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> entry = it.next();
        String key = entry.getKey();
        String keyPath = configPath + "." + key;
        JsonNode value = entry.getValue();
        switch (key) {
          case "scd_type" -> {
            String raw = value.asText();
            Optional<ScdType> parsed = value.isValueNode() ? ScdType.parse(raw) : Optional.empty();
            if (parsed.isEmpty()) {
              problems.add(keyPath + ": Invalid value '" + raw + "' for option 'scd_type': must be one of "
                  + Arrays.stream(ScdType.values()).map(Enum::name).collect(Collectors.joining(", ")));
            } else {
              scd = parsed.get();
            }
          }
          case "primary_keys" -> keys = list(value, keyPath);
          case "cluster_by" -> cluster = list(value, keyPath);
          case "stats_columns" -> {
            stats = list(value, keyPath);
            if (stats.contains(TableSpec.DELTA_STATS) && stats.size() > 1) {
              problems.add(keyPath + ": Invalid value " + stats + " for option 'stats_columns': '"
                  + TableSpec.DELTA_STATS + "' (Delta's own choice) stands alone; list columns or give '"
                  + TableSpec.DELTA_STATS + "'");
            }
          }
          case "sequence_by" -> {
            if (!value.isTextual() || value.asText().isBlank()) {
              problems.add(keyPath + ": must be a column name");
            } else {
              sequence = Optional.of(value.asText().trim());
            }
          }
          case "partition_by" -> {
            for (String expression : list(value, keyPath)) {
              try {
                partitions.add(PartitionColumn.parse(expression));
              } catch (UserException e) {
                problems.add(keyPath + ": " + e.getMessage());
              }
            }
          }
          default -> {
            if (value.isValueNode() && !value.isNull()) {
              options.put(key, value.asText());
            } else if (value.isArray()) {
              options.put(key, String.join(",", list(value, keyPath)));
            } else {
              problems.add(keyPath + ": must be a string, number or boolean");
            }
          }
        }
      }
    }
    if (!cluster.isEmpty() && !partitions.isEmpty()) {
      problems.add(configPath + ": Cannot use both cluster_by and partition_by: Delta tables are "
          + "either clustered or partitioned; keep one");
    }
    // An entry with shape problems is still returned when it names its source table, so that
    // checks against the connector can report its other problems in the same round.
    if (source.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new TableSpec(index, source.get(), catalog, schema,
        destination.orElse(source.get()), options, scd, keys, sequence, cluster, partitions, stats));
  }

  private void duplicates(List<TableSpec> tables) {
    Map<String, TableSpec> seen = new HashMap<>();
    for (TableSpec table : tables) {
      String key = table.destinationCatalog().orElse("") + "." + table.destination();
      TableSpec first = seen.putIfAbsent(key.toLowerCase(), table);
      if (first != null) {
        problems.add(table.path() + ".destination_table: Cannot write '" + table.sourceTable()
            + "' to " + table.destination() + ": " + first.path() + " already writes there; "
            + "set a different destination_table or destination_schema");
      }
    }
  }

  private void unknownKeys(JsonNode node, String prefix, List<String> valid) {
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String name = it.next();
      if (!valid.contains(name)) {
        problems.add(prefix + name + ": " + OptionSet.unknownOption(name, valid).replace("Unknown option", "Unknown key")
            .replace("' Valid options:", "'. Valid options:").replace("Valid options:", "Valid keys:"));
      }
    }
  }

  private Optional<String> text(JsonNode node, String key, String path, boolean required) {
    JsonNode value = node.get(key);
    if (value == null || value.isNull()) {
      if (required) {
        problems.add(path + ": is required");
      }
      return Optional.empty();
    }
    if (!value.isTextual() || value.asText().isBlank()) {
      problems.add(path + ": must be a non-empty string");
      return Optional.empty();
    }
    return Optional.of(value.asText().trim());
  }

  private void identifier(String name, String path) {
    if (!name.matches("[A-Za-z0-9_]+")) {
      problems.add(path + ": Invalid name '" + name + "': use letters, digits and underscores");
    }
  }

  /** A JSON array of strings, or one comma-separated string. */
  private List<String> list(JsonNode value, String path) {
    List<String> items = new ArrayList<>();
    if (value.isTextual()) {
      for (String part : value.asText().split(",")) {
        if (!part.isBlank()) {
          items.add(part.trim());
        }
      }
    } else if (value.isArray()) {
      for (JsonNode item : value) {
        if (!item.isTextual() || item.asText().isBlank()) {
          problems.add(path + ": must be a list of column names");
          return List.of();
        }
        items.add(item.asText().trim());
      }
    } else {
      problems.add(path + ": must be a list of column names");
      return List.of();
    }
    if (items.isEmpty()) {
      problems.add(path + ": must name at least one column");
    }
    return items;
  }
}
