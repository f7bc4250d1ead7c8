package io.meshfed.sandbox.e2e;

import io.meshfed.sandbox.Topology;
import io.meshfed.sandbox.e2e.ManagedObjects.Ref;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * DESIGN.md's table of what a member cluster gets, and its planning rules, worked out from a
 * topology alone: the test's own oracle, independent of what the hub planned or the agent rendered.
 */
final class DesignTable {

  static final String EAST_WEST = "istio-eastwestgateway";
  static final int EAST_WEST_PORT = 15443;

  private final Topology topology;

  DesignTable(Topology topology) {
    this.topology = topology;
  }

  Topology topology() {
    return topology;
  }

  Topology.ClusterSpec spec(String cluster) {
    return topology.clusters().stream()
        .filter(c -> c.name().equals(cluster))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("not in the topology: " + cluster));
  }

  boolean multiNetwork() {
    return topology.clusters().stream().map(Topology.ClusterSpec::network).distinct().count() > 1;
  }

  boolean primary(String cluster) {
    return !spec(cluster).remote();
  }

  /** The remotes a primary serves, sorted. */
  List<String> remotesOf(String primary) {
    return topology.clusters().stream()
        .filter(c -> c.remote() && primary.equals(c.controlPlaneCluster()))
        .map(Topology.ClusterSpec::name)
        .sorted()
        .toList();
  }

  /** A primary that serves at least one remote runs with {@code externalIstiod}. */
  boolean externalIstiod(String cluster) {
    return primary(cluster) && !remotesOf(cluster).isEmpty();
  }

  boolean eastWestGateway(String cluster) {
    return multiNetwork() || externalIstiod(cluster);
  }

  boolean crossNetworkGateway(String cluster) {
    return multiNetwork() && primary(cluster);
  }

  boolean exposeIstiod(String cluster) {
    return externalIstiod(cluster);
  }

  boolean meshNetworksInIstio(String cluster) {
    return multiNetwork() && primary(cluster);
  }

  /** Every other primary and, for a primary, each of its remotes; none for a remote. Sorted. */
  List<String> remoteSecretPeers(String cluster) {
    if (!primary(cluster)) {
      return List.of();
    }
    Set<String> peers = new TreeSet<>(remotesOf(cluster));
    topology.clusters().stream()
        .filter(c -> !c.remote() && !c.name().equals(cluster))
        .forEach(c -> peers.add(c.name()));
    return List.copyOf(peers);
  }

  /** Exactly the objects DESIGN.md's table lists for the member. */
  Set<Ref> objects(String cluster) {
    Set<Ref> refs = new TreeSet<>();
    refs.add(Ref.cluster("Namespace", "istio-cni"));
    refs.add(Ref.cluster("Namespace", "istio-system"));
    refs.add(Ref.cluster("IstioCNI", "default"));
    refs.add(Ref.cluster("Istio", "default"));
    if (eastWestGateway(cluster)) {
      refs.add(Ref.inSystem("ServiceAccount", EAST_WEST + "-service-account"));
      refs.add(Ref.inSystem("Deployment", EAST_WEST));
      refs.add(Ref.inSystem("PodDisruptionBudget", EAST_WEST));
      refs.add(Ref.inSystem("Role", EAST_WEST + "-sds"));
      refs.add(Ref.inSystem("RoleBinding", EAST_WEST + "-sds"));
      refs.add(Ref.inSystem("HorizontalPodAutoscaler", EAST_WEST));
      refs.add(Ref.inSystem("Service", EAST_WEST));
    }
    if (crossNetworkGateway(cluster)) {
      refs.add(Ref.inSystem("Gateway", "cross-network-gateway"));
    }
    if (exposeIstiod(cluster)) {
      refs.add(Ref.inSystem("Gateway", "istiod-gateway"));
      refs.add(Ref.inSystem("VirtualService", "istiod-vs"));
    }
    for (String peer : remoteSecretPeers(cluster)) {
      refs.add(Ref.inSystem("Secret", "istio-remote-secret-" + peer));
    }
    return refs;
  }

  /**
   * {@code values.global.meshNetworks}: per network, its clusters from the registry and, when the
   * mesh spans networks, the east-west gateway address of each of them.
   *
   * @param eastWestAddress the east-west address each cluster's load balancer gave, by cluster
   */
  Map<String, Object> meshNetworks(Function<String, String> eastWestAddress) {
    Map<String, Object> networks = new TreeMap<>();
    Map<String, List<String>> byNetwork = new TreeMap<>();
    for (Topology.ClusterSpec c : topology.clusters()) {
      byNetwork.computeIfAbsent(c.network(), n -> new ArrayList<>()).add(c.name());
    }
    byNetwork.forEach(
        (network, clusters) -> {
          List<Object> endpoints = new ArrayList<>();
          List<Object> gateways = new ArrayList<>();
          for (String c : clusters.stream().sorted().toList()) {
            endpoints.add(Map.of("fromRegistry", c));
            if (multiNetwork()) {
              Map<String, Object> gateway = new LinkedHashMap<>();
              gateway.put("address", eastWestAddress.apply(c));
              gateway.put("port", EAST_WEST_PORT);
              gateways.add(gateway);
            }
          }
          networks.put(network, Map.of("endpoints", endpoints, "gateways", gateways));
        });
    return networks;
  }
}
