package io.tributary.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.api.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Summarizes a provider's error body in one short line: the messages of a JSON error, the title
 * of an HTML page, or the start of plain text. A whole body never reaches a message.
 */
final class ErrorBodies {
  static final int MAX_LENGTH = 300;
  private static final Pattern TITLE =
      Pattern.compile("<title[^>]*>(.*?)</title>", Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
  private static final Pattern HEADING =
      Pattern.compile("<h1[^>]*>(.*?)</h1>", Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
  private static final Pattern TAG = Pattern.compile("<[^>]*>");
  private static final Pattern SCRIPT =
      Pattern.compile("<(script|style)[^>]*>.*?</\\1>", Pattern.CASE_INSENSITIVE | Pattern.DOTALL);

  private ErrorBodies() {}

  /** The summary, or null for an empty body. */
  static String summarize(byte[] body) {
    String text = new String(body, StandardCharsets.UTF_8).strip();
    if (text.isEmpty()) {
      return null;
    }
    if (text.startsWith("{") || text.startsWith("[")) {
      try {
        String fromJson = fromJson(Json.MAPPER.readTree(text));
        if (fromJson != null) {
          return truncate(fromJson);
        }
      } catch (IOException notJson) {
        // fall through to the plain-text summary
      }
    }
    if (text.startsWith("<")) {
      return truncate("HTML page: " + fromHtml(text));
    }
    return truncate(oneLine(text));
  }

  private static String fromJson(JsonNode node) {
    List<String> parts = new ArrayList<>();
    collect(node, parts, 0);
    return parts.isEmpty() ? null : String.join("; ", parts.stream().distinct().toList());
  }

  private static void collect(JsonNode node, List<String> parts, int depth) {
    if (depth > 3 || node == null) {
      return;
    }
    if (node.isTextual()) {
      if (!node.asText().isBlank()) {
        parts.add(oneLine(node.asText()));
      }
      return;
    }
    if (node.isArray()) {
      int n = 0;
      for (JsonNode element : node) {
        if (n++ == 5) {
          parts.add("and " + (node.size() - 5) + " more");
          break;
        }
        collect(element, parts, depth + 1);
      }
      return;
    }
    if (!node.isObject()) {
      return;
    }
    String field = text(node, "field");
    String message = first(node, "message", "description", "error_description", "title", "detail");
    String code = first(node, "errorCode", "api_error_code", "code");
    JsonNode error = node.get("error");
    if (message == null && error != null && error.isTextual()) {
      message = error.asText();
    } else if (error != null && error.isObject()) {
      collect(error, parts, depth + 1);
    }
    if (message != null) {
      String prefix = field != null ? field + ": " : "";
      String suffix = code != null && !message.contains(code) ? " (" + code + ")" : "";
      parts.add(prefix + oneLine(message) + suffix);
    } else if (code != null) {
      parts.add(code);
    }
    if (node.has("errors")) {
      collect(node.get("errors"), parts, depth + 1);
    }
    if (error != null && error.isTextual() && message != null && !message.equals(error.asText())) {
      parts.add(0, error.asText());
    }
  }

  private static String first(JsonNode node, String... names) {
    for (String name : names) {
      String value = text(node, name);
      if (value != null) {
        return value;
      }
    }
    return null;
  }

  private static String text(JsonNode node, String name) {
    JsonNode value = node.get(name);
    return value != null && value.isValueNode() && !value.isNull() && !value.asText().isBlank()
        ? value.asText() : null;
  }

  private static String fromHtml(String html) {
    Matcher title = TITLE.matcher(html);
    if (title.find() && !clean(title.group(1)).isEmpty()) {
      return clean(title.group(1));
    }
    Matcher heading = HEADING.matcher(html);
    if (heading.find() && !clean(heading.group(1)).isEmpty()) {
      return clean(heading.group(1));
    }
    return clean(SCRIPT.matcher(html).replaceAll(" "));
  }

  private static String clean(String html) {
    return oneLine(TAG.matcher(html).replaceAll(" ")
        .replace("&nbsp;", " ").replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">"));
  }

  private static String oneLine(String text) {
    return text.replaceAll("\\s+", " ").strip();
  }

  private static String truncate(String text) {
    return text.length() <= MAX_LENGTH ? text : text.substring(0, MAX_LENGTH - 3) + "...";
  }
}
