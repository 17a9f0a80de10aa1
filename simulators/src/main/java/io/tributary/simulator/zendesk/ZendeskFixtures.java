package io.tributary.simulator.zendesk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.api.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** The example records under {@code src/test/resources/fixtures}, shaped like Zendesk's documented examples. */
public final class ZendeskFixtures {
  private ZendeskFixtures() {}

  /** A fresh copy of the example record of {@code name}. */
  public static ObjectNode record(String name) {
    return (ObjectNode) read("fixtures/" + name + ".json");
  }

  /** The example without the fields the simulator stamps itself. */
  public static ObjectNode template(String name, String... stamped) {
    ObjectNode record = record(name);
    record.remove("id");
    for (String field : stamped) {
      record.remove(field);
    }
    return record;
  }

  private static JsonNode read(String resource) {
    try (InputStream in = ZendeskFixtures.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("Cannot find fixture " + resource + " on the class path");
      }
      return Json.MAPPER.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read fixture " + resource, e);
    }
  }
}
