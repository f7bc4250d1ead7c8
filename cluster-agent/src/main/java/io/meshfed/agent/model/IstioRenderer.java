package io.meshfed.agent.model;

import static io.meshfed.agent.model.Trees.map;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.meshfed.events.model.NetworkSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Sail {@code Istio default}. A primary gets its mesh ID, network and cluster name, {@code
 * externalIstiod} when it serves remotes and {@code meshNetworks} in a multi-network mesh; a remote
 * gets {@code profile: remote}, its injection path and its primary's east-west address.
 */
public final class IstioRenderer {

  private IstioRenderer() {}

  /** The Istio resource, or empty while a remote has no discovery address yet. */
  public static Optional<GenericKubernetesResource> render(MemberTopology topology) {
    if (topology.primary()) {
      return Optional.of(resource(topology, primarySpec(topology)));
    }
    return topology.discoveryAddress().map(address -> resource(topology, remoteSpec(topology)));
  }

  private static Map<String, Object> primarySpec(MemberTopology topology) {
    Map<String, Object> global =
        map(
            "meshID",
            topology.meshId(),
            "network",
            topology.network().orElse(null),
            "multiCluster",
            map("clusterName", topology.clusterName()),
            "externalIstiod",
            topology.externalIstiod() ? Boolean.TRUE : null,
            "meshNetworks",
            topology.meshNetworksInValues() ? meshNetworks(topology) : null);
    return map(
        "version",
        topology.istioVersion(),
        "namespace",
        IstioNames.ISTIO_SYSTEM,
        "values",
        map("global", global));
  }

  private static Map<String, Object> remoteSpec(MemberTopology topology) {
    String injectionPath =
        "/inject/cluster/"
            + topology.clusterName()
            + topology.network().map(n -> "/net/" + n).orElse("");
    return map(
        "version",
        topology.istioVersion(),
        "namespace",
        IstioNames.ISTIO_SYSTEM,
        "profile",
        "remote",
        "values",
        map(
            "istiodRemote",
            map("injectionPath", injectionPath),
            "global",
            map("remotePilotAddress", topology.discoveryAddress().orElseThrow())));
  }

  /** {@code values.global.meshNetworks} from the hub's assembly, by network. */
  static Map<String, Object> meshNetworks(MemberTopology topology) {
    Map<String, Object> networks = new LinkedHashMap<>();
    topology
        .mesh()
        .ifPresent(mesh -> mesh.meshNetworks().forEach((name, n) -> networks.put(name, of(n))));
    return networks;
  }

  private static Map<String, Object> of(NetworkSpec network) {
    List<Object> endpoints = new ArrayList<>();
    network.endpoints().forEach(e -> endpoints.add(map("fromRegistry", e.fromRegistry())));
    List<Object> gateways = new ArrayList<>();
    network.gateways().forEach(g -> gateways.add(map("address", g.address(), "port", g.port())));
    return map(
        "endpoints",
        endpoints.isEmpty() ? null : endpoints,
        "gateways",
        gateways.isEmpty() ? null : gateways);
  }

  private static GenericKubernetesResource resource(
      MemberTopology topology, Map<String, Object> spec) {
    return new GenericKubernetesResourceBuilder()
        .withApiVersion(IstioNames.SAIL_API_VERSION)
        .withKind(IstioNames.ISTIO_KIND)
        .withNewMetadata()
        .withName(IstioNames.DEFAULT)
        .withLabels(topology.ownedLabels())
        .endMetadata()
        .withAdditionalProperties(Map.of("spec", spec))
        .build();
  }
}
