package io.meshfed.agent.model;

import static io.meshfed.agent.model.Trees.map;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.meshfed.events.model.CniSettings;
import java.util.ArrayList;
import java.util.Map;

/** The Sail {@code IstioCNI default}: version, namespace and the CNI settings of the cluster. */
public final class IstioCniRenderer {

  private IstioCniRenderer() {}

  public static GenericKubernetesResource render(MemberTopology topology) {
    CniSettings cni = topology.cni();
    Map<String, Object> cniValues =
        map(
            "cniConfDir",
            cni.cniConfDir(),
            "excludeNamespaces",
            cni.excludeNamespaces().isEmpty() ? null : new ArrayList<>(cni.excludeNamespaces()));
    Map<String, Object> spec =
        map(
            "version",
            topology.istioVersion(),
            "namespace",
            IstioNames.ISTIO_CNI,
            "values",
            cniValues.isEmpty() ? null : map("cni", cniValues));
    return new GenericKubernetesResourceBuilder()
        .withApiVersion(IstioNames.SAIL_API_VERSION)
        .withKind(IstioNames.ISTIO_CNI_KIND)
        .withNewMetadata()
        .withName(IstioNames.DEFAULT)
        .withLabels(topology.ownedLabels())
        .endMetadata()
        .withAdditionalProperties(Map.of("spec", spec))
        .build();
  }
}
