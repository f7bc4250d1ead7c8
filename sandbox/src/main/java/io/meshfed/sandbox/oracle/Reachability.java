package io.meshfed.sandbox.oracle;

import java.util.List;

/**
 * The reachability matrix of a mesh: of every ordered pair of clusters (a client in the first, a
 * service only in the second), how many are reachable, and for each that is not, the first link
 * that is missing.
 *
 * @param pairs the ordered pairs of distinct clusters
 * @param reachable how many of them are reachable
 * @param unreachable the others, in cluster order
 */
public record Reachability(int pairs, int reachable, List<Unreachable> unreachable) {

  /** A pair that is not reachable and why, in words. */
  public record Unreachable(String from, String to, String reason) {
    @Override
    public String toString() {
      return from + " -> " + to + ": " + reason;
    }
  }

  public Reachability {
    unreachable = List.copyOf(unreachable);
  }

  /** Whether every pair is reachable. */
  public boolean full() {
    return reachable == pairs;
  }

  /** {@code N of M pairs reachable}, with the first reasons when some are not. */
  public String summary(int reasons) {
    StringBuilder out = new StringBuilder(reachable + " of " + pairs + " pairs reachable");
    unreachable.stream()
        .limit(reasons)
        .forEach(u -> out.append(System.lineSeparator()).append("  ").append(u));
    if (unreachable.size() > reasons) {
      out.append(System.lineSeparator())
          .append("  ... and ")
          .append(unreachable.size() - reasons)
          .append(" more");
    }
    return out.toString();
  }
}
