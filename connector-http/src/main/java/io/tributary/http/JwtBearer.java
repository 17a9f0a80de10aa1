package io.tributary.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.api.Json;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Objects;

/**
 * Signed assertions for the OAuth 2.0 JWT bearer grant (RFC 7523): an RS256 JWT with {@code
 * iss}, {@code sub}, {@code aud} and a short {@code exp}, signed with the client's private key.
 * Each {@link #assertion()} is freshly signed. {@link #toString()} never shows the key.
 */
public final class JwtBearer {
  /** The grant type the token endpoint expects with an assertion. */
  public static final String GRANT_TYPE = "urn:ietf:params:oauth:grant-type:jwt-bearer";

  private final String issuer;
  private final String subject;
  private final String audience;
  private final PrivateKey key;
  private final Duration lifetime;
  private final Clock clock;

  private JwtBearer(String issuer, String subject, String audience, PrivateKey key, Duration lifetime, Clock clock) {
    this.issuer = Objects.requireNonNull(issuer, "issuer");
    this.subject = Objects.requireNonNull(subject, "subject");
    this.audience = Objects.requireNonNull(audience, "audience");
    this.key = key;
    this.lifetime = lifetime;
    this.clock = clock;
  }

  /**
   * @param privateKeyPem an RSA key in PEM, PKCS#8 ({@code BEGIN PRIVATE KEY}) or PKCS#1
   *     ({@code BEGIN RSA PRIVATE KEY})
   * @throws IllegalArgumentException when the key cannot be read; the message never holds it
   */
  public static JwtBearer rs256(
      String issuer, String subject, String audience, String privateKeyPem, Duration lifetime, Clock clock) {
    return new JwtBearer(issuer, subject, audience, readKey(privateKeyPem), lifetime, clock);
  }

  /** A signed assertion valid for the configured lifetime from now. */
  public String assertion() {
    ObjectNode header = Json.object().put("alg", "RS256").put("typ", "JWT");
    ObjectNode claims = Json.object()
        .put("iss", issuer)
        .put("sub", subject)
        .put("aud", audience)
        .put("exp", clock.instant().plus(lifetime).getEpochSecond());
    String signingInput = base64Url(header.toString()) + "." + base64Url(claims.toString());
    try {
      Signature signer = Signature.getInstance("SHA256withRSA");
      signer.initSign(key);
      signer.update(signingInput.getBytes(StandardCharsets.US_ASCII));
      return signingInput + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(signer.sign());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Cannot sign the JWT assertion: " + e.getMessage(), e);
    }
  }

  static PrivateKey readKey(String pem) {
    if (pem == null || !pem.contains("-----BEGIN")) {
      throw new IllegalArgumentException(
          "Cannot read the private key: it must be PEM text starting with -----BEGIN PRIVATE KEY----- "
              + "or -----BEGIN RSA PRIVATE KEY-----");
    }
    boolean pkcs1 = pem.contains("BEGIN RSA PRIVATE KEY");
    String base64 = pem.replaceAll("-----(BEGIN|END)[A-Z ]+-----", "").replaceAll("\\s", "");
    byte[] der;
    try {
      der = Base64.getDecoder().decode(base64);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("Cannot read the private key: its PEM body is not base64");
    }
    try {
      byte[] pkcs8 = pkcs1 ? wrapPkcs1(der) : der;
      return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("Cannot read the private key: it is not an RSA private key");
    }
  }

  /** Wraps a PKCS#1 RSAPrivateKey in the PKCS#8 envelope Java's KeyFactory reads. */
  private static byte[] wrapPkcs1(byte[] pkcs1) {
    byte[] algorithm = {0x30, 0x0d, 0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7,
        0x0d, 0x01, 0x01, 0x01, 0x05, 0x00};
    byte[] version = {0x02, 0x01, 0x00};
    byte[] octet = concat(new byte[] {0x04}, length(pkcs1.length), pkcs1);
    byte[] body = concat(version, algorithm, octet);
    return concat(new byte[] {0x30}, length(body.length), body);
  }

  private static byte[] length(int n) {
    if (n < 0x80) {
      return new byte[] {(byte) n};
    }
    if (n < 0x100) {
      return new byte[] {(byte) 0x81, (byte) n};
    }
    if (n < 0x10000) {
      return new byte[] {(byte) 0x82, (byte) (n >> 8), (byte) n};
    }
    return new byte[] {(byte) 0x83, (byte) (n >> 16), (byte) (n >> 8), (byte) n};
  }

  private static byte[] concat(byte[]... parts) {
    int total = 0;
    for (byte[] p : parts) {
      total += p.length;
    }
    byte[] out = new byte[total];
    int at = 0;
    for (byte[] p : parts) {
      System.arraycopy(p, 0, out, at, p.length);
      at += p.length;
    }
    return out;
  }

  private static String base64Url(String json) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public String toString() {
    return "JwtBearer[iss=" + issuer + ", aud=" + audience + "]";
  }
}
