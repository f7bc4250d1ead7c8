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
    // istiod injects the pods of its remotes with its own values: CNI runs in every member, so
    // the injection template uses istio-validation instead of a privileged istio-init
    Map<String, Object> pilot = map("cni", map("enabled", Boolean.TRUE));
    if (topology.externalIstiod() && topology.discoveryAddressIsHostname()) {
      // the remotes call the injection webhook by the load balancer's name: istiod's serving
      // certificate must carry it (pilot/pkg/bootstrap/server.go, getDNSNames)
      pilot.put("env", map("ISTIOD_CUSTOM_HOST", topology.discoveryAddress().orElseThrow()));
    }
    return map(
        "version",
        topology.istioVersion(),
        "namespace",
        IstioNames.ISTIO_SYSTEM,
        "values",
        map("global", global, "pilot", pilot));
  }

  private static Map<String, Object> remoteSpec(MemberTopology topology) {
    String address = topology.discoveryAddress().orElseThrow();
    Map<String, Object> values;
    if (topology.discoveryAddressIsHostname()) {
      // an ExternalName istiod Service loses the 443 to 15017 mapping: the API server calls the
      // primary's east-west gateway on 15017 by name (istio.io, external control plane guide)
      String base = "https://" + address + ":15017";
      values =
          map(
              "istiodRemote",
              map("injectionURL", base + topology.injectionPath()),
              "base",
              map("validationURL", base + "/validate"),
              "global",
              map("remotePilotAddress", address));
    } else {
      values =
          map(
              "istiodRemote",
              map("injectionPath", topology.injectionPath()),
              "global",
              map("remotePilotAddress", address));
    }
    return map(
        "version",
        topology.istioVersion(),
        "namespace",
        IstioNames.ISTIO_SYSTEM,
        "profile",
        "remote",
        "values",
        values);
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

  /** A reference to {@code Istio default}, for keeping one that is not rewritten now. */
  public static GenericKubernetesResource reference(MemberTopology topology) {
    return resource(topology, Map.of());
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
