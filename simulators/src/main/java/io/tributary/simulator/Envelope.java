package io.tributary.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.api.Json;
import java.util.List;

/**
 * How an endpoint wraps records in its response body. Paging fields (next token, has_more...)
 * are added to the same top-level object, so body-cursor paging needs an object envelope.
 */
public final class Envelope {
  private final String listKey;
  private final String entityKey;

  private Envelope(String listKey, String entityKey) {
    this.listKey = listKey;
    this.entityKey = entityKey;
  }

  /** {@code {"tickets":[{...}]}} for lists; {@code {"ticket":{...}}} for an item endpoint. */
  public static Envelope key(String key) {
    return new Envelope(key, null);
  }

  /** A bare JSON array {@code [{...}]}; an item endpoint then returns the bare object. */
  public static Envelope array() {
    return new Envelope(null, null);
  }

  /** A list of wrapped entities, as Chargebee: {@code {"list":[{"customer":{...}}]}}. */
  public static Envelope wrapped(String listKey, String entityKey) {
    return new Envelope(listKey, entityKey);
  }

  /** True when paging fields can be added to the body. */
  boolean isObject() {
    return listKey != null;
  }

  JsonNode wrapList(List<ObjectNode> records) {
    ArrayNode array = Json.MAPPER.createArrayNode();
    for (ObjectNode record : records) {
      array.add(entityKey == null ? record : Json.object().set(entityKey, record));
    }
    if (listKey == null) {
      return array;
    }
    ObjectNode body = Json.object();
    body.set(listKey, array);
    return body;
  }

  JsonNode wrapItem(ObjectNode record) {
    JsonNode inner = entityKey == null ? record : Json.object().set(entityKey, record);
    return listKey == null ? inner : Json.object().set(listKey, inner);
  }

  @Override
  public String toString() {
    return listKey == null ? "array" : entityKey == null ? "key(" + listKey + ")"
        : "wrapped(" + listKey + ", " + entityKey + ")";
  }
}
