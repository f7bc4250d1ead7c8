package io.meshfed.agent.model;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The namespaces {@code istio-cni} and {@code istio-system}, with the network label and, on a
 * remote, the {@code topology.istio.io/controlPlaneClusters} annotation.
 *
 * <p>Either may exist before meshfed comes; the applier then adds only meshfed's own labels and
 * annotations to it and never deletes it.
 */
public final class NamespaceRenderer {

  private NamespaceRenderer() {}

  public static List<Namespace> render(MemberTopology topology) {
    return List.of(istioCni(topology), istioSystem(topology));
  }

  static Namespace istioCni(MemberTopology topology) {
    return new NamespaceBuilder()
        .withNewMetadata()
        .withName(IstioNames.ISTIO_CNI)
        .withLabels(topology.ownedLabels())
        .endMetadata()
        .build();
  }

  static Namespace istioSystem(MemberTopology topology) {
    Map<String, String> labels = new TreeMap<>(topology.ownedLabels());
    topology.network().ifPresent(n -> labels.put(MeshfedLabels.NETWORK, n));
    Map<String, String> annotations = new TreeMap<>();
    if (!topology.primary()) {
      topology
          .controlPlaneCluster()
          .ifPresent(cp -> annotations.put(MeshfedLabels.CONTROL_PLANE_CLUSTERS, cp));
    }
    return new NamespaceBuilder()
        .withNewMetadata()
        .withName(IstioNames.ISTIO_SYSTEM)
        .withLabels(labels)
        .withAnnotations(annotations.isEmpty() ? null : annotations)
        .endMetadata()
        .build();
  }
}
