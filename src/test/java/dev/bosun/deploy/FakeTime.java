package dev.bosun.deploy;

import dev.bosun.support.Sleeper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A clock that only moves when the code under test sleeps, so waits and timeouts take no real time.
 */
public final class FakeTime extends Clock implements Sleeper {

  private Instant now;
  private Duration slept = Duration.ZERO;

  public FakeTime(Instant start) {
    this.now = start;
  }

  @Override
  public synchronized void sleep(Duration d) {
    now = now.plus(d);
    slept = slept.plus(d);
  }

  public synchronized Duration slept() {
    return slept;
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return this;
  }

  @Override
  public synchronized Instant instant() {
    return now;
  }
}
