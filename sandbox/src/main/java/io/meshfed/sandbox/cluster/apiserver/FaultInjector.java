package io.meshfed.sandbox.cluster.apiserver;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Faults a test lays on a simulated API server for a while: every request from outside the cluster
 * is answered with an error status ({@code 500}, {@code 429} with {@code Retry-After}, {@code 503})
 * or not answered within a client's timeout. The cluster's own controllers (the simulated
 * operators, which reach the store with the cluster's internal credential) are not affected: the
 * fault models the path from agents and peers to the API server, not the store behind it.
 */
public final class FaultInjector {

  /** A fault in force until {@code until}. */
  public record Fault(Kind kind, Instant until) {}

  /** What the API server does while the fault lasts. */
  public enum Kind {
    /** {@code 500 InternalError}. */
    INTERNAL_ERROR(500),
    /** {@code 429 TooManyRequests} with {@code Retry-After: 1} (API priority and fairness). */
    TOO_MANY_REQUESTS(429),
    /** {@code 503 ServiceUnavailable}. */
    UNAVAILABLE(503),
    /** No answer until the fault ends (clients time out). */
    TIMEOUT(504);

    private final int code;

    Kind(int code) {
      this.code = code;
    }

    public int code() {
      return code;
    }
  }

  private final Clock clock;
  private volatile Fault fault;

  public FaultInjector(Clock clock) {
    this.clock = clock;
  }

  /** Lays a fault for the given time, replacing any other. */
  public void inject(Kind kind, Duration duration) {
    fault = new Fault(kind, clock.instant().plus(duration));
  }

  /** Lifts any fault now. */
  public void clear() {
    fault = null;
  }

  /** The fault in force now, if any. */
  public Optional<Fault> current() {
    Fault f = fault;
    if (f == null || !clock.instant().isBefore(f.until())) {
      return Optional.empty();
    }
    return Optional.of(f);
  }

  /** How long the current fault still lasts. */
  public Duration remaining(Fault f) {
    Duration left = Duration.between(clock.instant(), f.until());
    return left.isNegative() ? Duration.ZERO : left;
  }
}
