package io.tributary.http;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.api.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Describes a response body in one short line that quotes structure, never a record's values: the
 * provider's own error fields when the body is a vendor error, otherwise only the body's shape.
 * Messages built from it reach stderr and the ingestion log, which {@code pii=drop} also covers, so
 * a record that slipped into an error body (a truncated page, a proxy echoing the request) must not
 * be copied from there.
 *
 * <p>The error fields read are those the five vendors document: Freshdesk and Freshservice
 * {@code {description, errors: [{field, message, code}]}}, Zendesk {@code {error, description,
 * details}} (and {@code errors: [{code, title, detail}]}), Salesforce {@code [{message, errorCode,
 * fields}]}, Chargebee {@code {message, api_error_code, error_code, error_param, type}}, and the
 * OAuth {@code {error, error_description}} pair. An object with an {@code id} is a record, not an
 * error, whatever else it holds.
 */
final class ErrorBodies {
  static final int MAX_LENGTH = 300;
  /** Each quoted error field is cut to this, so one long message cannot crowd out the rest. */
  static final int MAX_FIELD_LENGTH = 120;
  private static final int MAX_KEYS = 8;
  private static final int MAX_PARTS = 5;
  private static final List<String> MESSAGE_FIELDS =
      List.of("message", "description", "error_description", "error_msg", "title", "detail");
  private static final List<String> CODE_FIELDS =
      List.of("errorCode", "api_error_code", "error_code", "code", "type");
  private static final List<String> FIELD_FIELDS = List.of("field", "error_param", "param");
  private static final Pattern TITLE =
      Pattern.compile("<title[^>]*>(.*?)</title>", Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
  private static final Pattern HEADING =
      Pattern.compile("<h1[^>]*>(.*?)</h1>", Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
  private static final Pattern TAG = Pattern.compile("<[^>]*>");
  /** A key is quoted only when it looks like a field name; a map keyed by values is not echoed. */
  private static final Pattern KEY = Pattern.compile("[A-Za-z_$][A-Za-z0-9_.$-]{0,39}");
  private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_.:-]{1,80}");
  private static final Pattern EMAIL = Pattern.compile("[\\w.+-]+@[\\w-]+(\\.[\\w-]+)+");

  private ErrorBodies() {}

  /** The summary, or null for an empty body. */
  static String summarize(byte[] body) {
    String text = new String(body, StandardCharsets.UTF_8).strip();
    if (text.isEmpty()) {
      return null;
    }
    if (text.startsWith("{") || text.startsWith("[")) {
      JsonNode node;
      try {
        node = Json.MAPPER.readTree(body);
      } catch (IOException notJson) {
        return truncate(notJson(body));
      }
      String errors = errorFields(node);
      return truncate(errors != null ? errors : shape(node) + " (no error message field)");
    }
    if (text.startsWith("<")) {
      return truncate(html(text, body.length));
    }
    return notJson(body);
  }

  /**
   * The shape of a 2xx body that should have been JSON and is not: never its content, except an
   * HTML page's title.
   */
  static String shapeOfNonJson(byte[] body) {
    String text = new String(body, StandardCharsets.UTF_8).strip();
    if (text.isEmpty()) {
      return "an empty body";
    }
    return truncate(text.startsWith("<") ? html(text, body.length) : notJson(body));
  }

  private static String errorFields(JsonNode node) {
    List<String> parts = new ArrayList<>();
    collect(node, parts, 0);
    if (parts.isEmpty()) {
      return null;
    }
    List<String> distinct = new ArrayList<>(new LinkedHashSet<>(parts));
    if (distinct.size() > MAX_PARTS) {
      int more = distinct.size() - MAX_PARTS;
      distinct = new ArrayList<>(distinct.subList(0, MAX_PARTS));
      distinct.add("and " + more + " more");
    }
    return String.join("; ", distinct);
  }

  private static void collect(JsonNode node, List<String> parts, int depth) {
    if (depth > 3 || node == null) {
      return;
    }
    if (node.isArray()) {
      for (JsonNode element : node) {
        collect(element, parts, depth + 1);
      }
      return;
    }
    if (!node.isObject() || node.has("id")) {
      return;
    }
    String field = first(node, FIELD_FIELDS);
    String message = first(node, MESSAGE_FIELDS);
    String code = first(node, CODE_FIELDS);
    JsonNode error = node.get("error");
    String errorText = error != null && error.isTextual() && !error.asText().isBlank() ? error.asText() : null;
    if (errorText != null && message != null && code == null && TOKEN.matcher(errorText).matches()
        && !node.has("error_description")) {
      // Zendesk: {"error": "RecordNotFound", "description": "Not found"}; the error is a code. OAuth's
      // {"error", "error_description"} pair keeps its own order, code first.
      code = errorText;
      errorText = null;
    }
    if (errorText != null) {
      parts.add(quote(errorText));
    } else if (error != null && error.isObject()) {
      collect(error, parts, depth + 1);
    }
    if (message != null && !message.equals(errorText)) {
      String prefix = field != null && KEY.matcher(field).matches() ? field + ": " : "";
      String suffix = code != null && !message.contains(code) ? " (" + quote(code) + ")" : "";
      parts.add(prefix + quote(message) + suffix);
    } else if (message == null && code != null) {
      parts.add(quote(code));
    }
    collect(node.get("errors"), parts, depth + 1);
    JsonNode details = node.get("details");
    if (details != null && details.isObject()) {
      // Zendesk: {"details": {"email": [{"description": "...", "error": "..."}]}}
      for (Iterator<String> names = details.fieldNames(); names.hasNext(); ) {
        String name = names.next();
        List<String> inner = new ArrayList<>();
        collect(details.get(name), inner, depth + 1);
        String label = KEY.matcher(name).matches() ? name + ": " : "";
        inner.forEach(part -> parts.add(label + part));
      }
    }
  }

  private static String first(JsonNode node, List<String> names) {
    for (String name : names) {
      JsonNode value = node.get(name);
      if (value != null && value.isValueNode() && !value.isNull() && !value.asText().isBlank()) {
        return value.asText();
      }
    }
    return null;
  }

  /** A provider's error text, on one line, bounded, with any email address in it masked. */
  private static String quote(String text) {
    String line = EMAIL.matcher(oneLine(text)).replaceAll("<email>");
    return line.length() <= MAX_FIELD_LENGTH ? line : line.substring(0, MAX_FIELD_LENGTH - 3) + "...";
  }

  /** "JSON object with keys id, email, name" or "JSON array of 3 elements". */
  private static String shape(JsonNode node) {
    if (node.isObject()) {
      List<String> keys = new ArrayList<>();
      node.fieldNames().forEachRemaining(keys::add);
      return "JSON object " + keys(keys, node.size());
    }
    if (node.isArray()) {
      return "JSON array of " + count(node.size(), "element");
    }
    return "JSON " + node.getNodeType().toString().toLowerCase(Locale.ROOT);
  }

  private static String keys(List<String> names, int total) {
    if (total == 0) {
      return "without keys";
    }
    List<String> shown = names.stream().filter(k -> KEY.matcher(k).matches()).limit(MAX_KEYS).toList();
    int hidden = total - shown.size();
    String more = hidden == 0 ? "" : (shown.isEmpty() ? "" : ", ") + "and " + hidden + " more";
    return "with keys " + String.join(", ", shown) + more;
  }

  /**
   * "a body of 2,341 bytes that is not JSON (truncated at byte 2,341; top-level keys records)": a
   * streaming parse finds where it breaks and the top-level keys it passed, which are structure.
   */
  private static String notJson(byte[] body) {
    String size = "a body of " + number(body.length) + " bytes that is not JSON";
    String text = new String(body, StandardCharsets.UTF_8).strip();
    if (!text.startsWith("{") && !text.startsWith("[")) {
      return size;
    }
    Set<String> topKeys = new LinkedHashSet<>();
    String where;
    try (JsonParser parser = Json.MAPPER.getFactory().createParser(body)) {
      int depth = 0;
      JsonToken token;
      while ((token = parser.nextToken()) != null) {
        if (token == JsonToken.FIELD_NAME && depth == 1) {
          topKeys.add(parser.currentName());
        } else if (token.isStructStart()) {
          depth++;
        } else if (token.isStructEnd()) {
          depth--;
        }
      }
      where = "it holds more than one JSON value";
    } catch (JsonEOFException e) {
      where = "truncated at byte " + number(body.length);
    } catch (IOException e) {
      long at = e instanceof com.fasterxml.jackson.core.JsonProcessingException p && p.getLocation() != null
          ? p.getLocation().getByteOffset() : -1;
      where = at >= 0 ? "invalid at byte " + number(at) : "invalid";
    }
    List<String> keys = new ArrayList<>(topKeys);
    String seen = keys.isEmpty() ? "" : "; top-level " + keys(keys, keys.size());
    return size + " (" + where + seen + ")";
  }

  private static String html(String html, int bytes) {
    Matcher title = TITLE.matcher(html);
    if (title.find() && !clean(title.group(1)).isEmpty()) {
      return "HTML page titled '" + quote(clean(title.group(1))) + "'";
    }
    Matcher heading = HEADING.matcher(html);
    if (heading.find() && !clean(heading.group(1)).isEmpty()) {
      return "HTML page headed '" + quote(clean(heading.group(1))) + "'";
    }
    return "HTML page of " + number(bytes) + " bytes without a title";
  }

  private static String clean(String html) {
    return oneLine(TAG.matcher(html).replaceAll(" ")
        .replace("&nbsp;", " ").replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">"));
  }

  private static String oneLine(String text) {
    return text.replaceAll("\\s+", " ").strip();
  }

  private static String count(int n, String word) {
    return number(n) + " " + word + (n == 1 ? "" : "s");
  }

  static String number(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }

  private static String truncate(String text) {
    return text.length() <= MAX_LENGTH ? text : text.substring(0, MAX_LENGTH - 3) + "...";
  }
}
