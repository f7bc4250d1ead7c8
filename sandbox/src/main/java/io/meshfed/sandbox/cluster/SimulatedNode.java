package io.meshfed.sandbox.cluster;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A node of a simulated cluster and the locality labels Istio reads from it.
 *
 * @param name node name
 * @param region {@code topology.kubernetes.io/region}
 * @param zone {@code topology.kubernetes.io/zone}
 * @param subzone {@code topology.istio.io/subzone}; none when null
 */
public record SimulatedNode(String name, String region, String zone, String subzone) {

  public static final String REGION_LABEL = "topology.kubernetes.io/region";
  public static final String ZONE_LABEL = "topology.kubernetes.io/zone";
  public static final String SUBZONE_LABEL = "topology.istio.io/subzone";

  public SimulatedNode {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("a node needs a name");
    }
    if (region == null || region.isBlank() || zone == null || zone.isBlank()) {
      throw new IllegalArgumentException("node " + name + " needs a region and a zone");
    }
  }

  /** The Node object: labelled with its locality, Ready. */
  public Node toNode() {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put("kubernetes.io/hostname", name);
    labels.put("kubernetes.io/os", "linux");
    labels.put(REGION_LABEL, region);
    labels.put(ZONE_LABEL, zone);
    if (subzone != null && !subzone.isBlank()) {
      labels.put(SUBZONE_LABEL, subzone);
    }
    return new NodeBuilder()
        .withNewMetadata()
        .withName(name)
        .withLabels(labels)
        .endMetadata()
        .withNewStatus()
        .addNewCondition()
        .withType("Ready")
        .withStatus("True")
        .withReason("KubeletReady")
        .endCondition()
        .endStatus()
        .build();
  }
}
