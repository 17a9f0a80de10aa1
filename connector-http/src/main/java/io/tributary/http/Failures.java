package io.tributary.http;

import io.tributary.api.ExternalException;
import io.tributary.api.TributaryException;
import io.tributary.api.UserException;
import java.net.UnknownHostException;
import okhttp3.HttpUrl;

/** Turns a final failed {@link Attempt} into the exception that says what to fix. */
final class Failures {
  private Failures() {}

  static TributaryException of(
      Attempt last, String method, String path, HttpUrl base, HttpSettings settings,
      Redactor redactor, boolean waitBudgetExceeded, java.time.Duration elapsed) {
    String source = settings.sourceName();
    String cannot = "Cannot " + method + " " + path + TableContext.phrase() + " from " + source + ": ";
    String provider = last.providerMessage() == null ? "" : ": " + last.providerMessage();
    if (last.failure() instanceof UnknownHostException) {
      return new UserException(java.util.List.of(redactor.text("Cannot reach " + source + " at "
          + base.host() + ": the host is unknown (DNS lookup failed); check "
          + settings.hostOption())), last.failure());
    }
    if (last.retryable()) {
      String why = spentTheBound(elapsed, settings.maxTotalWait())
          ? "gave up after " + plural(last.number(), "attempt") + " in " + Durations.text(elapsed)
              + ", the most one request may take in all (attempts and waits)"
          : waitBudgetExceeded
              ? "gave up after " + plural(last.number(), "attempt") + ": waiting "
                  + Durations.text(last.delay()) + " more would pass the " + Durations.text(settings.maxTotalWait())
                  + " one request may take in all (attempts and waits)"
              : "gave up after " + plural(last.number(), "attempt");
      String hint = last.failure() instanceof java.net.ConnectException
          ? "; check " + settings.hostOption() + " if " + base.host() + " is not the right host"
          : "";
      return new ExternalException(redactor.text(cannot + why + "; last " + last.describe() + hint),
          last.status(), redactor.text(last.providerMessage()), true, last.failure());
    }
    if (last.failure() != null) {
      return new ExternalException(redactor.text(cannot + last.describe()), 0, null, false, last.failure());
    }
    int status = last.status();
    String message = switch (status) {
      case 401 -> null;
      case 403 -> cannot + "access is forbidden (403" + provider + "); the credentials lack "
          + "permission for it, or the account's plan does not include this feature";
      case 404 -> isRoot(path, base)
          ? null
          : cannot + "not found (404" + provider + ")";
      default -> cannot + "the provider refused the request (" + status + provider + ")";
    };
    if (status == 401) {
      return new UserException(redactor.text(cannot + "the credentials were rejected (401"
          + provider + "); check " + settings.credentialOption()));
    }
    if (message == null) {
      return new UserException(redactor.text(cannot + "the API root was not found (404"
          + provider + "), so " + base.host() + " is not a " + source + " API; check "
          + settings.hostOption()));
    }
    return new ExternalException(redactor.text(message), status,
        redactor.text(last.providerMessage()), false);
  }

  /** Whether the last attempt ran into the bound: it was given only what was left of it. */
  private static boolean spentTheBound(java.time.Duration elapsed, java.time.Duration bound) {
    java.time.Duration slack = bound.dividedBy(20).compareTo(java.time.Duration.ofMillis(50)) < 0
        ? bound.dividedBy(20) : java.time.Duration.ofMillis(50);
    return elapsed.compareTo(bound.minus(slack)) >= 0;
  }

  private static boolean isRoot(String path, HttpUrl base) {
    String p = strip(path);
    return p.isEmpty() || p.equals(strip(base.encodedPath()));
  }

  private static String strip(String path) {
    String p = path;
    while (p.endsWith("/")) {
      p = p.substring(0, p.length() - 1);
    }
    return p;
  }

  private static String plural(int n, String word) {
    return n + " " + word + (n == 1 ? "" : "s");
  }
}
