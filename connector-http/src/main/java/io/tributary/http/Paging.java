package io.tributary.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.api.ExternalException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Derives a page's records and its {@link Page#next()} from a response, for each paging style
 * providers use. Locations in a body are JSON pointers ({@code /meta/after_cursor}); {@code ""} is
 * the body itself.
 *
 * <pre>
 * // Link header (Freshservice, Freshdesk)
 * new Page(Paging.records(r, "/tickets"), Paging.linkNext(r));
 * // page number, stop on a short page (next holds the page number)
 * new Page(recs, Paging.nextPageNumber(next, recs.size(), perPage));
 * // cursor in the body (Zendesk incremental export, Chargebee, Zendesk cursor paging)
 * new Page(recs, Paging.afterCursor(r.body()));
 * new Page(recs, Paging.nextOffset(r.body()));
 * new Page(recs, Paging.tokenWhileMore(r.body(), "/meta/after_cursor", "/meta/has_more"));
 * // next URL in the body (Zendesk offset paging, Salesforce)
 * new Page(recs, Paging.nextPageUrl(r.body()));
 * new Page(recs, Paging.nextRecordsUrl(r.body()));
 * </pre>
 */
public final class Paging {
  private static final Pattern LINK_PART =
      Pattern.compile("<([^>]*)>\\s*((?:;\\s*[^;,]+)*)");
  private static final Pattern REL_NEXT =
      Pattern.compile(";\\s*rel\\s*=\\s*\"?([^\";]*)\"?", Pattern.CASE_INSENSITIVE);

  private Paging() {}

  /**
   * The objects of the array at {@code arrayPointer}. A JSON null there is an empty page.
   *
   * @throws ExternalException when the body has no array there, naming the pointer and path
   */
  public static List<ObjectNode> records(JsonResponse response, String arrayPointer) {
    JsonNode node = response.body().at(arrayPointer);
    if (node.isNull()) {
      return List.of();
    }
    if (!node.isArray()) {
      throw new ExternalException(
          "Cannot read records" + TableContext.current().map(t -> " of table '" + t + "' from ").orElse(" of ")
              + response.path() + ": the response has no array at '"
              + arrayPointer + "'" + describe(response.body()),
          response.status(), null, false);
    }
    List<ObjectNode> records = new ArrayList<>(node.size());
    for (JsonNode element : node) {
      if (!element.isObject()) {
        throw new ExternalException(
            "Cannot read records" + TableContext.current().map(t -> " of table '" + t + "' from ").orElse(" of ")
                + response.path() + ": an element of '" + arrayPointer
                + "' is " + element.getNodeType().toString().toLowerCase() + ", not an object",
            response.status(), null, false);
      }
      records.add((ObjectNode) element);
    }
    return records;
  }

  /** The URL of the {@code Link} header's {@code rel="next"} entry (RFC 8288). */
  public static Optional<String> linkNext(JsonResponse response) {
    for (String header : response.headers().getOrDefault("Link", List.of())) {
      Optional<String> next = linkNext(header);
      if (next.isPresent()) {
        return next;
      }
    }
    return Optional.empty();
  }

  /** The {@code rel="next"} URL of one {@code Link} header value. */
  public static Optional<String> linkNext(String linkHeader) {
    Matcher part = LINK_PART.matcher(linkHeader);
    while (part.find()) {
      Matcher rel = REL_NEXT.matcher(part.group(2));
      while (rel.find()) {
        for (String value : rel.group(1).trim().split("\\s+")) {
          if (value.equalsIgnoreCase("next")) {
            return Optional.of(part.group(1).trim());
          }
        }
      }
    }
    return Optional.empty();
  }

  /** The page number {@code next} stands for; page 1 when empty. */
  public static int pageNumber(Optional<String> next) {
    return next.map(Integer::parseInt).orElse(1);
  }

  /**
   * Page-number paging without a Link header: the following page's number, or empty after a short
   * page (fewer than {@code perPage} records), which is the last.
   */
  public static Optional<String> nextPageNumber(Optional<String> current, int received, int perPage) {
    return received < perPage ? Optional.empty() : Optional.of(String.valueOf(pageNumber(current) + 1));
  }

  /** Zendesk incremental export: {@code after_cursor}, until {@code end_of_stream} is true. */
  public static Optional<String> afterCursor(JsonNode body) {
    return tokenUntil(body, "/after_cursor", "/end_of_stream");
  }

  /** Chargebee: {@code next_offset} while present. */
  public static Optional<String> nextOffset(JsonNode body) {
    return token(body, "/next_offset");
  }

  /** Zendesk offset paging: the {@code next_page} URL while not null. */
  public static Optional<String> nextPageUrl(JsonNode body) {
    return token(body, "/next_page");
  }

  /** Salesforce query: {@code nextRecordsUrl} until {@code done} is true. */
  public static Optional<String> nextRecordsUrl(JsonNode body) {
    return tokenUntil(body, "/nextRecordsUrl", "/done");
  }

  /** The text at {@code pointer} while it is present, not null and not empty. */
  public static Optional<String> token(JsonNode body, String pointer) {
    JsonNode node = body.at(pointer);
    if (node.isMissingNode() || node.isNull() || node.isContainerNode()) {
      return Optional.empty();
    }
    String text = node.asText();
    return text.isEmpty() ? Optional.empty() : Optional.of(text);
  }

  /** {@link #token} at {@code tokenPointer}, unless the boolean at {@code endPointer} is true. */
  public static Optional<String> tokenUntil(JsonNode body, String tokenPointer, String endPointer) {
    return body.at(endPointer).asBoolean(false) ? Optional.empty() : token(body, tokenPointer);
  }

  /** {@link #token} at {@code tokenPointer}, only while the boolean at {@code hasMorePointer} is true. */
  public static Optional<String> tokenWhileMore(JsonNode body, String tokenPointer, String hasMorePointer) {
    return body.at(hasMorePointer).asBoolean(false) ? token(body, tokenPointer) : Optional.empty();
  }

  private static String describe(JsonNode body) {
    if (body.isObject()) {
      List<String> names = new ArrayList<>();
      body.fieldNames().forEachRemaining(names::add);
      return "; its top-level keys are " + (names.isEmpty() ? "none" : String.join(", ", names));
    }
    return "; the body is " + body.getNodeType().toString().toLowerCase();
  }
}
