package io.tributary.http;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A UTC clock a test sets by hand. */
final class HandClock extends Clock {
  private volatile Instant now;

  HandClock(Instant now) {
    this.now = now;
  }

  void set(Instant value) {
    now = value;
  }

  @Override
  public Instant instant() {
    return now;
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return this;
  }
}
