package io.meshfed.agent.reconcile;

import java.time.Duration;

/** Exponential backoff between retries of a failed reconcile. Not thread-safe. */
public final class Backoff {

  private final Duration initial;
  private final Duration max;
  private final double multiplier;
  private Duration next;

  public Backoff(Duration initial, Duration max, double multiplier) {
    if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0 || multiplier < 1) {
      throw new IllegalArgumentException(
          "backoff needs 0 < initial <= max and multiplier >= 1, got "
              + initial
              + ", "
              + max
              + ", "
              + multiplier);
    }
    this.initial = initial;
    this.max = max;
    this.multiplier = multiplier;
    this.next = initial;
  }

  /** The wait before the next retry; each call grows the following one, up to the maximum. */
  public Duration next() {
    Duration current = next;
    long grown = (long) Math.min((double) max.toMillis(), current.toMillis() * multiplier);
    next = Duration.ofMillis(Math.max(grown, current.toMillis()));
    return current;
  }

  /** After a success, the next failure waits the initial time again. */
  public void reset() {
    next = initial;
  }
}
