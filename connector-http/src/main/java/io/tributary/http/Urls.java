package io.tributary.http;

import io.tributary.api.OptionDef;
import io.tributary.api.UserException;
import okhttp3.HttpUrl;

/** URL checks and the forms of a URL that are safe to print. */
final class Urls {
  private Urls() {}

  /**
   * The base URL, parsed, without a trailing slash.
   *
   * @throws UserException when it is not an absolute http(s) URL, or plain http to a non-loopback
   *     host, naming {@code option}
   */
  static HttpUrl parseBase(String baseUrl, String option) {
    String trimmed = baseUrl.trim();
    // The option's own check is the one rule for base URLs; reuse it rather than restate it.
    OptionDef.url(option).check(trimmed).ifPresent(problem -> {
      throw new UserException(redactQueryInMessage(problem, trimmed));
    });
    HttpUrl url = HttpUrl.parse(trimmed);
    if (url == null) {
      throw new UserException("Invalid value '" + redactQuery(trimmed) + "' for option '" + option
          + "': must be an absolute URL such as https://example.com");
    }
    if (url.query() != null || url.fragment() != null) {
      throw new UserException("Invalid value '" + redactQuery(trimmed) + "' for option '" + option
          + "': must not have a query string or fragment");
    }
    String path = url.encodedPath();
    while (path.endsWith("/") && path.length() > 1) {
      path = path.substring(0, path.length() - 1);
    }
    return url.newBuilder().encodedPath(path).build();
  }

  /** The path of {@code url}, without query string or fragment. */
  static String pathOf(String url) {
    HttpUrl parsed = HttpUrl.parse(url);
    if (parsed != null) {
      return parsed.encodedPath();
    }
    return stripQuery(url);
  }

  /** {@code url} with any query string replaced by {@code ?...}, since queries may hold tokens. */
  static String redactQuery(String url) {
    int q = url.indexOf('?');
    return q < 0 ? stripFragment(url) : url.substring(0, q) + "?...";
  }

  private static String stripQuery(String url) {
    int q = url.indexOf('?');
    return stripFragment(q < 0 ? url : url.substring(0, q));
  }

  private static String stripFragment(String url) {
    int f = url.indexOf('#');
    return f < 0 ? url : url.substring(0, f);
  }

  private static String redactQueryInMessage(String message, String url) {
    return message.replace(url, redactQuery(url));
  }
}
