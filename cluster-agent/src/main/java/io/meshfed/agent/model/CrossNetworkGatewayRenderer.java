package io.meshfed.agent.model;

import static io.meshfed.agent.model.Trees.list;
import static io.meshfed.agent.model.Trees.map;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import java.util.Map;

/**
 * {@code Gateway cross-network-gateway}: exposes the services of the cluster on the east-west
 * gateway's port 15443 with TLS {@code AUTO_PASSTHROUGH} for hosts {@code *.local} (Istio's {@code
 * expose-services.yaml}).
 */
public final class CrossNetworkGatewayRenderer {

  private CrossNetworkGatewayRenderer() {}

  public static GenericKubernetesResource render(MemberTopology topology) {
    Map<String, Object> server =
        map(
            "port",
            map("number", IstioNames.CROSS_NETWORK_PORT, "name", "tls", "protocol", "TLS"),
            "tls",
            map("mode", "AUTO_PASSTHROUGH"),
            "hosts",
            list("*.local"));
    Map<String, Object> spec =
        map("selector", map("istio", "eastwestgateway"), "servers", list(server));
    return new GenericKubernetesResourceBuilder()
        .withApiVersion(IstioNames.NETWORKING_API_VERSION)
        .withKind(IstioNames.GATEWAY_KIND)
        .withNewMetadata()
        .withName(IstioNames.CROSS_NETWORK_GATEWAY)
        .withNamespace(IstioNames.ISTIO_SYSTEM)
        .withLabels(topology.ownedLabels())
        .endMetadata()
        .withAdditionalProperties(Map.of("spec", spec))
        .build();
  }
}
