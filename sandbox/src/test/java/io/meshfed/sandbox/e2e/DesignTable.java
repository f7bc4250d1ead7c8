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

  /** The agent's signing and recipient keys, kept across restarts and when the cluster leaves. */
  static final String AGENT_KEYS = "meshfed-agent-keys";

  /** The token Secrets of the reader account, one per token, named with a serial. */
  static final String READER_TOKENS = "meshfed-reader-token-*";

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

  /**
   * For a primary, every other cluster of the mesh (its own remotes and other primaries' remotes
   * alike); none for a remote. Sorted.
   */
  List<String> remoteSecretPeers(String cluster) {
    if (!primary(cluster)) {
      return List.of();
    }
    Set<String> peers = new TreeSet<>();
    topology.clusters().stream()
        .filter(c -> !c.name().equals(cluster))
        .forEach(c -> peers.add(c.name()));
    return List.copyOf(peers);
  }

  /** Whether some member holds this cluster's remote secret, so that it shares a credential. */
  boolean sharesCredentials(String cluster) {
    return topology.clusters().stream()
        .anyMatch(c -> remoteSecretPeers(c.name()).contains(cluster));
  }

  /**
   * Exactly the objects DESIGN.md's table lists for the member, with the agent's own keys and, for
   * a cluster whose remote secret a peer holds, the token Secret(s) of Istio's reader account that
   * docs/security.md adds (token Secrets are named {@value #READER_TOKENS}: their names carry a
   * serial; the account is Istio's, made by Sail's install of the base chart).
   */
  Set<Ref> objects(String cluster) {
    Set<Ref> refs = new TreeSet<>();
    refs.add(Ref.cluster("Namespace", "istio-cni"));
    // istio-system is not among them: it holds the agent's keys, made before anything else and
    // kept when the cluster leaves, so the agent labels it but does not own it.
    refs.add(Ref.cluster("IstioCNI", "default"));
    refs.add(Ref.cluster("Istio", "default"));
    if (primary(cluster)) {
      // a remote runs no istiod: no CA key
      refs.add(Ref.inSystem("Secret", "cacerts"));
    }
    refs.add(Ref.inSystem("Secret", AGENT_KEYS));
    if (sharesCredentials(cluster)) {
      refs.add(Ref.inSystem("Secret", READER_TOKENS));
    }
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
