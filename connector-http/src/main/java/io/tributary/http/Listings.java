package io.tributary.http;

import io.tributary.api.ExternalException;
import io.tributary.api.OptionValues;
import java.util.Optional;

/** What the two listings share. */
final class Listings {
  private Listings() {}

  /** The option's value; {@code fallback} where it has none (per_page may have no default). */
  static int intOption(OptionValues options, String name, int fallback) {
    return options.optional(name).map(v -> Integer.parseInt(v.trim())).orElse(fallback);
  }

  /** A provider that answers a token with the same token would have us page forever. */
  static void requireProgress(String table, Optional<String> current, Optional<String> next) {
    if (current.isPresent() && current.equals(next)) {
      throw new ExternalException(
          "Cannot page through table '" + table + "': the provider returned the page token it was "
              + "given as the next one, which would repeat the same page forever",
          0, null, false);
    }
  }
}
