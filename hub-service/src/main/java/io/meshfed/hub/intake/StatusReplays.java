package io.meshfed.hub.intake;

import io.meshfed.hub.registry.MeshRegistry;
import io.meshfed.hub.registry.ObservedCluster;
import java.util.OptionalLong;

/**
 * Decides whether a status report that speaks for its cluster is new, or an earlier report of the
 * cluster sent again: a report is taken in only if its signed {@code sequence} is greater than that
 * of the last report the hub took in for the cluster (kept with the member's observed status,
 * {@link ObservedCluster#sequence}). Of a cluster's reports in one batch the one with the greatest
 * sequence is kept; the others are superseded, as the newest report of a batch always superseded
 * the ones before it; a second report with the same sequence is a replay. A report without a
 * sequence (an agent from before sequences, 0) is new only while the hub never took in a sequenced
 * report of the cluster; of several such reports in one batch the last one is kept. Pure.
 */
public final class StatusReplays {

  /** The reason a replayed report is refused with: a metric tag and a dead letter's cause. */
  public static final String REPLAYED = "Replayed";

  /** What becomes of a report. */
  public enum Fate {
    /** It is the cluster's newest so far: kept (a report kept before it is superseded). */
    KEEP,
    /** A report of the cluster with a greater sequence is kept in the same batch. */
    SUPERSEDED,
    /** An earlier report sent again: refused. */
    REPLAYED
  }

  private StatusReplays() {}

  /**
   * @param lastTaken the sequence of the last report taken in for the cluster in an earlier batch
   *     (0: none, or one without a sequence)
   * @param kept the sequence of the report of the cluster kept so far in this batch, if any
   * @param offered the report's sequence (0: it carries none)
   */
  public static Fate decide(long lastTaken, OptionalLong kept, long offered) {
    if (replays(lastTaken, offered)) {
      return Fate.REPLAYED;
    }
    if (kept.isEmpty() || offered > kept.getAsLong()) {
      return Fate.KEEP;
    }
    if (offered == kept.getAsLong()) {
      return offered == 0 ? Fate.KEEP : Fate.REPLAYED;
    }
    return Fate.SUPERSEDED;
  }

  /** The sequence of the last report the hub took in for the cluster; 0 for none. */
  public static long lastTaken(MeshRegistry registry, String cluster) {
    return registry.observed(cluster).map(ObservedCluster::sequence).orElse(0L);
  }

  /** What an operator reads of a refused report. */
  public static String message(String cluster, long lastTaken, OptionalLong kept, long offered) {
    if (offered == 0) {
      return "the status of cluster "
          + cluster
          + " carries no sequence, but the hub took in a sequenced one of it (sequence "
          + lastTaken
          + "): an earlier report sent again, or an agent from before sequences";
    }
    if (offered > lastTaken && kept.isPresent() && kept.getAsLong() == offered) {
      return "the status of cluster "
          + cluster
          + " carries sequence "
          + offered
          + " a second time in the same batch: a report sent again";
    }
    return "the status of cluster "
        + cluster
        + " carries sequence "
        + offered
        + ", not greater than "
        + lastTaken
        + " of the last status the hub took in for it: an earlier report sent again";
  }

  private static boolean replays(long lastTaken, long offered) {
    return offered == 0 ? lastTaken > 0 : offered <= lastTaken;
  }
}
