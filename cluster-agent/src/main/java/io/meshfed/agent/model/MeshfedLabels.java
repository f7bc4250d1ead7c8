package io.meshfed.agent.model;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** The labels and annotations meshfed writes, and which of them it owns on shared objects. */
public final class MeshfedLabels {

  /** Marks an object meshfed created; only such objects are ever deleted. */
  public static final String MANAGED_BY = "app.kubernetes.io/managed-by";

  public static final String MANAGED_BY_VALUE = "meshfed";

  /** The mesh an object belongs to. */
  public static final String MESH = "meshfed.io/mesh";

  /** The cluster whose agent wrote the object. */
  public static final String CLUSTER = "meshfed.io/cluster";

  /** Hash of the desired content last written by meshfed, to notice a changed desired state. */
  public static final String DESIRED_HASH = "meshfed.io/desired-hash";

  /** Istio's network label on {@code istio-system} and the east-west gateway. */
  public static final String NETWORK = "topology.istio.io/network";

  /** Istio's annotation on a remote's {@code istio-system}: its control-plane cluster. */
  public static final String CONTROL_PLANE_CLUSTERS = "topology.istio.io/controlPlaneClusters";

  /**
   * Labels meshfed owns on a namespace it did not create: the only keys it adds to, changes on or
   * removes from such a namespace.
   */
  public static final Set<String> SHARED_NAMESPACE_LABELS = Set.of(MESH, CLUSTER, NETWORK);

  /** Annotations meshfed owns on a namespace it did not create. */
  public static final Set<String> SHARED_NAMESPACE_ANNOTATIONS =
      Set.of(CONTROL_PLANE_CLUSTERS, DESIRED_HASH);

  private MeshfedLabels() {}

  /** The labels every object meshfed creates carries. */
  public static Map<String, String> owned(String mesh, String cluster) {
    Map<String, String> labels = new TreeMap<>();
    labels.put(MANAGED_BY, MANAGED_BY_VALUE);
    labels.put(MESH, mesh);
    labels.put(CLUSTER, cluster);
    return labels;
  }
}
