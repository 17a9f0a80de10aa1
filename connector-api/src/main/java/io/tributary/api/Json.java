package io.tributary.api;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The one Jackson mapper Tributary uses. Thread-safe; never reconfigure it. */
public final class Json {
  // Decimals keep their scale exactly as the provider sent them ("12.50" stays 12.50), so that
  // money and string columns show what the API returned.
  public static final ObjectMapper MAPPER =
      new ObjectMapper()
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .configure(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES, false);

  private Json() {}

  public static ObjectNode object() {
    return MAPPER.createObjectNode();
  }
}
