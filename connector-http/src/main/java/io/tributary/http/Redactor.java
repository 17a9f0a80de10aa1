package io.tributary.http;

import io.tributary.api.OptionValues;

/** Removes secrets and query strings from text before it reaches a message or a log line. */
final class Redactor {
  private final HttpSettings settings;

  Redactor(HttpSettings settings) {
    this.settings = settings;
  }

  /** {@code text} with every secret replaced; the bearer token is read afresh, since it changes. */
  String text(String text) {
    return OptionValues.redact(text, settings.allSecrets());
  }

  /** A URL without its query string, then redacted. */
  String url(String url) {
    return text(Urls.redactQuery(url));
  }
}
