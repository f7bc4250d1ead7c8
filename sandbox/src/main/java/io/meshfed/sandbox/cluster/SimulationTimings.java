package io.meshfed.sandbox.cluster;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How long the simulated parts of a cluster take, as their real counterparts do: istiod's start
 * (image pulled, caches synced, ready probe passing), a rolling update of istiod, the CNI
 * DaemonSet's and a gateway's pods becoming ready, Sail's readiness probe period, and how often an
 * istiod re-checks a peer it reads when nothing about the peer's credentials changed.
 *
 * @param istiodStart the least time from an istiod pod's creation to Ready
 * @param jitter up to this much more, drawn per start
 * @param istiodRollout how long the surge pod of a rolling update stays unready
 * @param podStart a gateway's or CNI node pod's time to Ready
 * @param probePeriod Sail's remote readiness probe period ({@code periodSeconds}, 3 s upstream)
 * @param peerRecheck how often a peer read is re-checked anyway
 * @param tick how often the simulated controllers look at time-driven state
 */
public record SimulationTimings(
    Duration istiodStart,
    Duration jitter,
    Duration istiodRollout,
    Duration podStart,
    Duration probePeriod,
    Duration peerRecheck,
    Duration tick) {

  /** A few seconds per istiod start, as on a small real cluster with cached images. */
  public static SimulationTimings defaults() {
    return new SimulationTimings(
        Duration.ofSeconds(2),
        Duration.ofSeconds(1),
        Duration.ofSeconds(2),
        Duration.ofMillis(500),
        Duration.ofSeconds(3),
        Duration.ofSeconds(15),
        Duration.ofMillis(500));
  }

  /** {@code base} plus a random part of {@link #jitter()}. */
  public Duration withJitter(Duration base) {
    long extra =
        jitter.toMillis() <= 0 ? 0 : ThreadLocalRandom.current().nextLong(jitter.toMillis());
    return base.plusMillis(extra);
  }
}
