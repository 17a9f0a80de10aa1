package io.tributary.api;

import java.io.Serializable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Validated option values, with defaults filled in. Typed accessors parse what {@link OptionSet}
 * already checked. {@link #toString()} and {@link #redact} never show a secret. Serializable, so
 * values validated once on a Spark driver reach its executors as they are.
 */
public final class OptionValues implements Serializable {
  private static final String REDACTED = "*****";
  private final OptionSet definitions;
  private final Map<String, String> values;
  /** The access token a driver delegated in place of the secrets; null for a connection's own values. */
  private final DelegatedToken delegated;

  OptionValues(OptionSet definitions, Map<String, String> values) {
    this(definitions, values, null);
  }

  private OptionValues(OptionSet definitions, Map<String, String> values, DelegatedToken delegated) {
    this.definitions = definitions;
    this.values = Collections.unmodifiableMap(new TreeMap<>(values));
    this.delegated = delegated;
  }

  /** Values without definitions checks, for tests and tools; every key is treated as a string. */
  public static OptionValues empty() {
    return new OptionValues(OptionSet.of(), Map.of());
  }

  public OptionSet definitions() {
    return definitions;
  }

  public boolean has(String name) {
    return values.containsKey(name);
  }

  public Optional<String> optional(String name) {
    requireDeclared(name);
    return Optional.ofNullable(values.get(name));
  }

  /** The value, or its default; fails if neither exists (declare it required or give a default). */
  public String string(String name) {
    return optional(name).orElseThrow(() -> new UserException(
        "Missing option '" + name + "': it is required"));
  }

  public int integer(String name) {
    return Integer.parseInt(string(name).trim());
  }

  public boolean flag(String name) {
    return Boolean.parseBoolean(string(name).trim());
  }

  public Optional<Instant> instant(String name) {
    return optional(name).map(v -> Instant.parse(v.trim()));
  }

  public List<String> list(String name) {
    return optional(name)
        .map(v -> Arrays.stream(v.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList())
        .orElse(List.of());
  }

  /**
   * These values for another JVM, such as a Spark executor: every secret option removed (the
   * grant's client secret, refresh token or private key, which that JVM must never redeem) and
   * {@code token} carried instead. See {@link DelegatesAuth}.
   */
  public OptionValues delegating(DelegatedToken token) {
    Objects.requireNonNull(token, "token");
    Map<String, String> kept = new TreeMap<>(values);
    kept.keySet().removeIf(this::isSecret);
    return new OptionValues(definitions, kept, token);
  }

  /** The access token a driver delegated, when these values were made by {@link #delegating}. */
  public Optional<DelegatedToken> delegatedToken() {
    return Optional.ofNullable(delegated);
  }

  /** Every value, secrets included. Use only to pass options on to a connector, never to print. */
  public Map<String, String> asMap() {
    return values;
  }

  /** The values that are secrets, for redaction by components that print text. */
  public List<String> secretValues() {
    List<String> secrets = new ArrayList<>(definitions.definitions().stream()
        .filter(OptionDef::isSecret)
        .map(def -> values.get(def.name()))
        .filter(v -> v != null && !v.isEmpty())
        .toList());
    if (delegated != null) {
      secrets.add(delegated.accessToken());
    }
    return List.copyOf(secrets);
  }

  /** {@code text} with every secret value replaced by {@value #REDACTED}. */
  public String redact(String text) {
    return redact(text, secretValues());
  }

  public static String redact(String text, List<String> secrets) {
    if (text == null) {
      return null;
    }
    String result = text;
    for (String secret : secrets) {
      if (secret.length() >= 3) {
        result = result.replace(secret, REDACTED);
      }
    }
    return result;
  }

  @Override
  public String toString() {
    return values.entrySet().stream()
        .map(e -> e.getKey() + "=" + (isSecret(e.getKey()) ? REDACTED : e.getValue()))
        .collect(Collectors.joining(", ", "{", delegated == null ? "}" : ", delegated token=" + REDACTED + "}"));
  }

  private boolean isSecret(String name) {
    return definitions.find(name).map(OptionDef::isSecret).orElse(false);
  }

  private void requireDeclared(String name) {
    if (!definitions.names().isEmpty() && definitions.find(name).isEmpty()) {
      throw new InternalException("Cannot read option '" + name + "': it is not declared");
    }
  }
}
