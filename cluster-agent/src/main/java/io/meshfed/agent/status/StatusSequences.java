package io.meshfed.agent.status;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The sequence of each served cluster's status reports: strictly increasing per cluster, in memory
 * only. The next is the greater of the previous one plus one and the current time in epoch
 * milliseconds, so that a restarted agent, which remembers nothing, still continues above what it
 * sent before. That holds as long as the clock does not go back past the previous run's last report
 * across a restart; while the agent runs, a clock that stands still or goes back only slows the
 * sequence to one more than before.
 */
public final class StatusSequences {

  private final Clock clock;
  private final Map<String, Long> last = new ConcurrentHashMap<>();

  public StatusSequences(Clock clock) {
    this.clock = clock;
  }

  /** The sequence of the cluster's next report, greater than any it was given before. */
  public long next(String cluster) {
    return last.compute(
        cluster, (k, previous) -> next(previous == null ? 0 : previous, clock.millis()));
  }

  /**
   * The sequence after {@code previous} (0 for none) at {@code nowMillis}: the greater of the two
   * candidates, at least 1.
   */
  static long next(long previous, long nowMillis) {
    return Math.max(Math.max(previous + 1, nowMillis), 1);
  }
}
