package io.tributary.source.chargebee;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.api.ExternalException;
import io.tributary.api.InternalException;
import io.tributary.api.Json;
import io.tributary.source.chargebee.ChargebeeTable.Nested;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Reshapes Chargebee's list elements into records: unwrapping, custom fields, nested lists. */
final class ChargebeeRecords {
  private static final String CF_PREFIX = "cf_";

  private ChargebeeRecords() {}

  /**
   * The record a list element wraps under {@code entity}; lists may put related objects beside it
   * (a subscription's customer and card), which belong to other tables.
   */
  static ObjectNode unwrap(ObjectNode element, String entity, String path) {
    JsonNode record = element.get(entity);
    if (record == null || !record.isObject()) {
      List<String> keys = new ArrayList<>();
      element.fieldNames().forEachRemaining(keys::add);
      throw new ExternalException("Cannot read a record of " + path + ": the list element has no '"
          + entity + "' object; its keys are " + (keys.isEmpty() ? "none" : String.join(", ", keys)),
          200, null, false);
    }
    return (ObjectNode) record;
  }

  /**
   * Moves every {@code cf_*} field into the {@code custom_fields} object, values as text, except
   * those {@code typed} keeps as top-level columns. Custom fields differ per site, so a static
   * schema can only hold them as a map.
   */
  static ObjectNode gatherCustomFields(ObjectNode record, Set<String> typed) {
    ObjectNode custom = null;
    for (Iterator<Map.Entry<String, JsonNode>> it = record.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      if (field.getKey().startsWith(CF_PREFIX) && !typed.contains(field.getKey())) {
        if (custom == null) {
          custom = Json.object();
        }
        JsonNode value = field.getValue();
        if (value.isNull()) {
          custom.putNull(field.getKey());
        } else {
          custom.put(field.getKey(), value.isValueNode() ? value.asText() : value.toString());
        }
        it.remove();
      }
    }
    if (custom != null) {
      record.set(ChargebeeSchemas.CUSTOM_FIELDS, custom);
    }
    return record;
  }

  /** An event's {@code content} as JSON text: its shape depends on the event type. */
  static ObjectNode eventContentAsText(ObjectNode event) {
    JsonNode content = event.get("content");
    if (content != null && !content.isNull() && !content.isTextual()) {
      try {
        event.put("content", Json.MAPPER.writeValueAsString(content));
      } catch (JsonProcessingException e) {
        throw new InternalException("Cannot serialize the content of event " + event.path("id"), e);
      }
    }
    return event;
  }

  /** The parent key object {@code {parentKeyColumn: id}} the pipeline replaces children by. */
  static ObjectNode parentKey(ObjectNode parent, Nested nested) {
    ObjectNode key = Json.object();
    key.set(nested.parentKeyColumn(), parent.get("id"));
    return key;
  }

  /**
   * The elements of the parent's nested list as child records: each gets the parent's id and the
   * parent's {@code updated_at} (the child's cursor), and, for lists without ids, its position.
   */
  static List<ObjectNode> children(ObjectNode parent, Nested nested) {
    JsonNode list = parent.get(nested.field());
    List<ObjectNode> children = new ArrayList<>();
    if (list == null || !list.isArray()) {
      return children;
    }
    int position = 0;
    for (JsonNode element : list) {
      if (element.isObject()) {
        ObjectNode child = Json.object();
        child.set(nested.parentKeyColumn(), parent.get("id"));
        if (nested.itemKey().isEmpty()) {
          child.put(ChargebeeTables.POSITION, position);
        }
        child.setAll((ObjectNode) element);
        if (parent.has("updated_at")) {
          child.set("updated_at", parent.get("updated_at"));
        }
        children.add(child);
      }
      position++;
    }
    return children;
  }

  static boolean isDeleted(ObjectNode record) {
    return record.path("deleted").asBoolean(false);
  }
}
