package io.meshfed.agent.model;

import static io.meshfed.agent.model.Trees.list;
import static io.meshfed.agent.model.Trees.map;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.List;
import java.util.Map;

/**
 * Exposes istiod on a primary that serves remotes (Istio's {@code expose-istiod.yaml}): {@code
 * Gateway istiod-gateway} passing TLS through on 15012 and 15017, and {@code VirtualService
 * istiod-vs} routing them to istiod's 15012 and 443.
 */
public final class ExposeIstiodRenderer {

  private static final String ISTIOD_HOST = "istiod.istio-system.svc.cluster.local";

  private ExposeIstiodRenderer() {}

  public static List<HasMetadata> render(MemberTopology topology) {
    return List.of(gateway(topology), virtualService(topology));
  }

  static GenericKubernetesResource gateway(MemberTopology topology) {
    Map<String, Object> spec =
        map(
            "selector",
            map("istio", "eastwestgateway"),
            "servers",
            list(passthrough("tls-istiod", 15012), passthrough("tls-istiodwebhook", 15017)));
    return resource(topology, IstioNames.GATEWAY_KIND, IstioNames.ISTIOD_GATEWAY, spec);
  }

  private static Map<String, Object> passthrough(String name, int port) {
    return map(
        "port",
        map("name", name, "number", port, "protocol", "tls"),
        "tls",
        map("mode", "PASSTHROUGH"),
        "hosts",
        list("*"));
  }

  static GenericKubernetesResource virtualService(MemberTopology topology) {
    Map<String, Object> spec =
        map(
            "hosts",
            list("*"),
            "gateways",
            list(IstioNames.ISTIOD_GATEWAY),
            "tls",
            list(route(15012, 15012), route(15017, 443)));
    return resource(
        topology, IstioNames.VIRTUAL_SERVICE_KIND, IstioNames.ISTIOD_VIRTUAL_SERVICE, spec);
  }

  private static Map<String, Object> route(int port, int targetPort) {
    return map(
        "match",
        list(map("port", port, "sniHosts", list("*"))),
        "route",
        list(map("destination", map("host", ISTIOD_HOST, "port", map("number", targetPort)))));
  }

  private static GenericKubernetesResource resource(
      MemberTopology topology, String kind, String name, Map<String, Object> spec) {
    return new GenericKubernetesResourceBuilder()
        .withApiVersion(IstioNames.NETWORKING_API_VERSION)
        .withKind(kind)
        .withNewMetadata()
        .withName(name)
        .withNamespace(IstioNames.ISTIO_SYSTEM)
        .withLabels(topology.ownedLabels())
        .endMetadata()
        .withAdditionalProperties(Map.of("spec", spec))
        .build();
  }
}
