package io.tributary.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ExternalExceptionTest {

  @Test
  void quotaPauseIsMarkedRetryableAndKeepsItsMessage() {
    ExternalException pause = ExternalException.quotaPaused("Cannot continue: API quota 80% used");

    assertThat(pause.quotaPause()).isTrue();
    assertThat(pause.retryable()).isTrue();
    assertThat(pause.status()).isZero();
    assertThat(pause.providerMessage()).isEmpty();
    assertThat(pause).hasMessage("Cannot continue: API quota 80% used");
  }

  @Test
  void ordinaryProviderFailuresAreNotQuotaPauses() {
    ExternalException failure = new ExternalException("Cannot GET /x: 503", 503, "down", true);

    assertThat(failure.quotaPause()).isFalse();
  }
}
