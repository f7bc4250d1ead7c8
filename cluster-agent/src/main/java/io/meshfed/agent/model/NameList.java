package io.meshfed.agent.model;

import java.util.Collection;
import java.util.List;

/**
 * Cluster names in a condition's message: the first few, sorted, and how many more. A status goes
 * to the hub with every change and heartbeat, and a mesh may have a thousand members: a message
 * that listed them all would make it grow with the mesh.
 */
public final class NameList {

  /** How many names a message lists before it only counts the others. */
  public static final int SHOWN = 5;

  private NameList() {}

  /** E.g. {@code a, b, c, d, e and 994 more}. */
  public static String of(Collection<String> names) {
    List<String> sorted = names.stream().sorted().toList();
    if (sorted.size() <= SHOWN) {
      return String.join(", ", sorted);
    }
    return String.join(", ", sorted.subList(0, SHOWN))
        + " and "
        + (sorted.size() - SHOWN)
        + " more";
  }
}
