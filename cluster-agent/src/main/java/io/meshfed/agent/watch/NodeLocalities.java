package io.meshfed.agent.watch;

import io.fabric8.kubernetes.api.model.Node;
import io.meshfed.events.model.Locality;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The node localities seen in the cluster ({@code topology.kubernetes.io/region}, {@code zone},
 * {@code topology.istio.io/subzone}) of one cluster, kept up to date by its {@link ClusterWatches}.
 */
public final class NodeLocalities {

  public static final String REGION = "topology.kubernetes.io/region";
  public static final String ZONE = "topology.kubernetes.io/zone";
  public static final String SUBZONE = "topology.istio.io/subzone";

  private volatile List<Locality> current = List.of();

  public List<Locality> current() {
    return current;
  }

  /**
   * Replaces the localities with those of the given nodes.
   *
   * @return whether they changed
   */
  public boolean update(Collection<Node> nodes) {
    List<Locality> next = of(nodes);
    boolean changed = !next.equals(current);
    current = next;
    return changed;
  }

  /** The distinct localities of nodes that carry at least a region or a zone, sorted. */
  public static List<Locality> of(Collection<Node> nodes) {
    return nodes.stream()
        .map(n -> n.getMetadata().getLabels())
        .filter(Objects::nonNull)
        .map(NodeLocalities::locality)
        .filter(l -> l.region() != null || l.zone() != null)
        .distinct()
        .sorted(
            Comparator.comparing(Locality::region, Comparator.nullsFirst(Comparator.naturalOrder()))
                .thenComparing(Locality::zone, Comparator.nullsFirst(Comparator.naturalOrder()))
                .thenComparing(Locality::subzone, Comparator.nullsFirst(Comparator.naturalOrder())))
        .toList();
  }

  private static Locality locality(Map<String, String> labels) {
    return new Locality(labels.get(REGION), labels.get(ZONE), labels.get(SUBZONE));
  }
}
