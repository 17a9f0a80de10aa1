package io.tributary.simulator.freshservice;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.api.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** The example records under {@code src/test/resources/fixtures}, shaped like the vendor's documented examples. */
public final class FreshserviceFixtures {
  private FreshserviceFixtures() {}

  /** A fresh copy of the example record of {@code table}. */
  static ObjectNode record(String table) {
    return (ObjectNode) read("fixtures/" + table + ".json");
  }

  /** The example record without the fields the simulator stamps itself (id, timestamps). */
  static ObjectNode template(String table) {
    ObjectNode record = record(table);
    record.remove("id");
    record.remove("created_at");
    record.remove("updated_at");
    return record;
  }

  private static com.fasterxml.jackson.databind.JsonNode read(String resource) {
    try (InputStream in = FreshserviceFixtures.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("Cannot find fixture " + resource + " on the class path");
      }
      return Json.MAPPER.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read fixture " + resource, e);
    }
  }
}
