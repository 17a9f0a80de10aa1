package io.tributary.http;

/**
 * Supplies bearer tokens, for OAuth. {@link RestClient} asks for {@link #token()} before each
 * request and, after a 401, calls {@link #refresh()} once and repeats the request with the new
 * token. Implementations are thread-safe; {@link RestClient} never calls {@code refresh()} from two
 * threads at once for the same client.
 */
public interface TokenSource {

  /** The current access token; may obtain one on first use. Never null or empty. */
  String token();

  /**
   * Obtains a new access token after the provider rejected the current one (for example with the
   * OAuth {@code refresh_token} grant) and returns it. Returning the same token as {@link #token()}
   * means it cannot be refreshed, and the 401 is reported as rejected credentials.
   */
  String refresh();

  /** A token that cannot be refreshed. */
  static TokenSource fixed(String token) {
    return new TokenSource() {
      @Override
      public String token() {
        return token;
      }

      @Override
      public String refresh() {
        return token;
      }

      @Override
      public String toString() {
        return "TokenSource[fixed]";
      }
    };
  }
}
