package io.meshfed.hub.signing;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The times the hub signs its records at ({@code ce_meshfedsignedat}): the wall clock in
 * milliseconds, but always greater than the last one handed out and than every record already on
 * the log ({@link #notBefore}), so that agents, which drop a record not signed after the newest of
 * its key they took in, take in every record the hub writes, also after a restart on a host whose
 * clock is behind.
 */
@ApplicationScoped
public class SigningTimes {

  private final Clock clock;
  private final AtomicLong last = new AtomicLong();

  public SigningTimes() {
    this(Clock.systemUTC());
  }

  SigningTimes(Clock clock) {
    this.clock = clock;
  }

  /** The time to sign the next record at: greater than any handed out before. */
  public long next() {
    long now = clock.millis();
    return last.updateAndGet(previous -> Math.max(now, previous + 1));
  }

  /** Hands out only times after {@code floor} from now on (the newest record on the log). */
  public void notBefore(Instant floor) {
    long ms = floor.toEpochMilli();
    last.accumulateAndGet(ms, Math::max);
  }
}
