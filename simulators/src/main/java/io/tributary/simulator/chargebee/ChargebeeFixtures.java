package io.tributary.simulator.chargebee;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.tributary.api.Json;
import io.tributary.simulator.RecordFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.Map;

/**
 * Record templates from {@code fixtures/<name>.json}, shaped after Chargebee's documented samples.
 * The {@code id} and any {@code PLACEHOLDER} become the record's own number, except that
 * {@code cus_PLACEHOLDER} and {@code sub_PLACEHOLDER} outside {@code id} become references to
 * existing customers and subscriptions.
 */
public final class ChargebeeFixtures {
  static final int CUSTOMERS = 12;
  static final int SUBSCRIPTIONS = 12;

  private ChargebeeFixtures() {}

  public static ObjectNode load(String name) {
    String resource = "fixtures/" + name + ".json";
    try (InputStream in = ChargebeeFixtures.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("Cannot find fixture " + resource);
      }
      return (ObjectNode) Json.MAPPER.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read fixture " + resource, e);
    }
  }

  /** Records from the template, numbered by their simulator id; amounts vary with it. */
  static RecordFactory factory(String name) {
    ObjectNode template = load(name);
    return (id, random) -> {
      ObjectNode record = template.deepCopy();
      String own = String.format("%05d", id);
      String customer = String.format("cus_%05d", 1 + (id - 1) % CUSTOMERS);
      String subscription = String.format("sub_%05d", 1 + (id - 1) % SUBSCRIPTIONS);
      replace(record, Map.of("cus_PLACEHOLDER", customer, "sub_PLACEHOLDER", subscription,
          "PLACEHOLDER", own));
      // A record's own id is always its own number, also where it has a customer or
      // subscription prefix.
      record.put("id", template.get("id").asText().replace("PLACEHOLDER", own));
      if (record.has("mrr")) {
        record.put("mrr", 1000 + random.nextInt(90) * 100);
      }
      return record;
    };
  }

  private static void replace(JsonNode node, Map<String, String> tokens) {
    if (node instanceof ObjectNode object) {
      for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> field = it.next();
        if (field.getValue().isTextual()) {
          field.setValue(new TextNode(substitute(field.getValue().asText(), tokens)));
        } else {
          replace(field.getValue(), tokens);
        }
      }
    } else if (node != null && node.isArray()) {
      for (JsonNode element : node) {
        replace(element, tokens);
      }
    }
  }

  private static String substitute(String text, Map<String, String> tokens) {
    String result = text.replace("cus_PLACEHOLDER", tokens.get("cus_PLACEHOLDER"))
        .replace("sub_PLACEHOLDER", tokens.get("sub_PLACEHOLDER"));
    return result.replace("PLACEHOLDER", tokens.get("PLACEHOLDER"));
  }
}
