package io.meshfed.sandbox.oracle;

import io.fabric8.kubernetes.api.model.LoadBalancerIngress;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.meshfed.sandbox.cluster.SimulatedCluster;
import io.meshfed.sandbox.cluster.SimulatedWorld;
import io.meshfed.sandbox.cluster.dataplane.GatewayConfig;
import io.meshfed.sandbox.cluster.dataplane.Injection;
import io.meshfed.sandbox.cluster.dataplane.IstiodRoutes;
import io.meshfed.sandbox.cluster.istiod.IstiodSimulator;
import io.meshfed.sandbox.cluster.sail.IstioSpec;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Whether traffic can flow, computed only from the simulated clusters' objects and their istiods,
 * the way istiod and the data plane would use them. For every ordered pair (a client in cluster A,
 * a service that runs only in cluster B):
 *
 * <ol>
 *   <li>workloads of A and of B can run in the mesh ({@link ClusterFacts}: a control plane that
 *       reads them, injection, CNI);
 *   <li>A's control plane reads B (it holds a working remote secret for B, or is B);
 *   <li>A's and B's control planes sign under the same root (mTLS across clusters);
 *   <li>when A and B are on different networks, A's control plane knows an east-west gateway of B's
 *       network (in its {@code meshNetworks}, or a Service labelled with the network in a cluster
 *       it reads: istio {@code pilot/pkg/serviceregistry/kube/controller/network.go}) whose load
 *       balancer leads to a ready gateway pod on B's network, configured by its own control plane
 *       with an {@code AUTO_PASSTHROUGH} server on that port, and that control plane knows B's
 *       endpoints.
 * </ol>
 *
 * The first link that is missing is the pair's reason, in words.
 */
public final class ReachabilityOracle {

  private static final String GATEWAY_PORT_LABEL = "networking.istio.io/gatewayPort";
  private static final int DEFAULT_GATEWAY_PORT = 15443;

  private final SimulatedWorld world;
  private final IstiodRoutes routes;
  private final Injection injection;

  public ReachabilityOracle(SimulatedWorld world) {
    this.world = world;
    this.routes = new IstiodRoutes(world);
    this.injection = new Injection(routes);
  }

  /** The matrix of the given clusters (one mesh). */
  public Reachability evaluate(List<SimulatedCluster> clusters) {
    Map<String, ClusterFacts> facts = new LinkedHashMap<>();
    for (SimulatedCluster c : clusters) {
      facts.put(c.name(), ClusterFacts.of(c, routes, injection));
    }
    Map<String, Optional<String>> gatewayProblems = new LinkedHashMap<>();
    // The gateways a control plane knows, by network, per istiod snapshot: the same for every pair
    // that control plane serves.
    Map<IstiodSimulator.State, Map<String, Set<String>>> known = new IdentityHashMap<>();
    List<Reachability.Unreachable> unreachable = new ArrayList<>();
    int pairs = 0;
    for (ClusterFacts a : facts.values()) {
      for (ClusterFacts b : facts.values()) {
        if (a == b) {
          continue;
        }
        pairs++;
        Optional<String> why = problem(a, b, gatewayProblems, known);
        why.ifPresent(
            w ->
                unreachable.add(
                    new Reachability.Unreachable(a.cluster().name(), b.cluster().name(), w)));
      }
    }
    return new Reachability(pairs, pairs - unreachable.size(), unreachable);
  }

  private Optional<String> problem(
      ClusterFacts a,
      ClusterFacts b,
      Map<String, Optional<String>> gatewayProblems,
      Map<IstiodSimulator.State, Map<String, Set<String>>> known) {
    if (!a.ok()) {
      return Optional.of(a.problem());
    }
    if (!b.ok()) {
      return Optional.of(b.problem());
    }
    SimulatedCluster p = a.controlPlane().orElseThrow();
    IstiodSimulator.State istiod = a.istiod();
    String bId = b.cluster().clusterId();
    if (p != b.cluster() && !istiod.reads().contains(bId)) {
      return Optional.of(
          p.name()
              + "'s istiod does not read "
              + b.cluster().name()
              + ": "
              + Optional.ofNullable(istiod.unread().get(bId))
                  .orElse("it holds no remote secret for it"));
    }
    if (!Objects.equals(a.root(), b.root())) {
      return Optional.of(
          "the istiod of "
              + p.name()
              + " and the istiod of "
              + b.controlPlane().orElseThrow().name()
              + " sign under different roots: mTLS between "
              + a.cluster().name()
              + " and "
              + b.cluster().name()
              + " fails");
    }
    String netA = a.network().orElse("");
    String netB = b.network().orElse("");
    if (netA.equals(netB)) {
      return Optional.empty();
    }
    String key = p.name() + "|" + netB + "|" + b.cluster().name();
    Set<String> candidates =
        known.computeIfAbsent(istiod, i -> knownGateways(p, i)).getOrDefault(netB, Set.of());
    return gatewayProblems.computeIfAbsent(key, k -> crossNetwork(p, candidates, netB, b));
  }

  /**
   * The east-west gateways ({@code address:port}) {@code p}'s istiod knows, by network: in its
   * {@code meshNetworks}, then labelled gateway Services in the clusters it reads.
   */
  private Map<String, Set<String>> knownGateways(SimulatedCluster p, IstiodSimulator.State istiod) {
    Map<String, Set<String>> byNetwork = new LinkedHashMap<>();
    istiod
        .spec()
        .map(IstioSpec::meshNetworkGateways)
        .orElse(Map.of())
        .forEach(
            (network, gateways) ->
                gateways.forEach(
                    g ->
                        byNetwork
                            .computeIfAbsent(network, n -> new LinkedHashSet<>())
                            .add(g.address() + ":" + g.port())));
    for (SimulatedCluster read : readClusters(p, istiod)) {
      for (Service s : read.view().services()) {
        Map<String, String> labels = s.getMetadata().getLabels();
        String network = labels == null ? null : labels.get(ClusterFacts.NETWORK_LABEL);
        if (network == null) {
          continue;
        }
        int port = gatewayPort(labels);
        if (s.getStatus() != null
            && s.getStatus().getLoadBalancer() != null
            && s.getStatus().getLoadBalancer().getIngress() != null) {
          for (LoadBalancerIngress in : s.getStatus().getLoadBalancer().getIngress()) {
            String address = in.getIp() != null ? in.getIp() : in.getHostname();
            if (address != null) {
              byNetwork
                  .computeIfAbsent(network, n -> new LinkedHashSet<>())
                  .add(address + ":" + port);
            }
          }
        }
      }
    }
    return byNetwork;
  }

  /** Why {@code p}'s proxies cannot reach B's network, or empty when a gateway carries them. */
  private Optional<String> crossNetwork(
      SimulatedCluster p, Set<String> candidates, String network, ClusterFacts b) {
    if (candidates.isEmpty()) {
      return Optional.of(
          p.name()
              + "'s istiod knows no east-west gateway of network "
              + network
              + " (none in its meshNetworks, no labelled gateway Service in a cluster it reads)");
    }
    String first = null;
    for (String candidate : candidates) {
      int colon = candidate.lastIndexOf(':');
      Optional<String> why =
          throughGateway(
              candidate.substring(0, colon),
              Integer.parseInt(candidate.substring(colon + 1)),
              network,
              b);
      if (why.isEmpty()) {
        return Optional.empty();
      }
      if (first == null) {
        first = why.get();
      }
    }
    return Optional.of(first);
  }

  private Optional<String> throughGateway(
      String address, int port, String network, ClusterFacts b) {
    Optional<SimulatedWorld.LoadBalancerTarget> lb = world.loadBalancer(address);
    if (lb.isEmpty()) {
      return Optional.of(
          "no load balancer answers at " + address + ", the gateway of network " + network);
    }
    SimulatedCluster g = lb.get().cluster();
    Optional<Service> service = g.view().service(lb.get().namespace(), lb.get().service());
    if (service.isEmpty()) {
      return Optional.of("the Service behind " + address + " is gone");
    }
    Optional<ServicePort> servicePort =
        service.get().getSpec().getPorts().stream()
            .filter(sp -> Objects.equals(sp.getPort(), port))
            .findFirst();
    if (servicePort.isEmpty()) {
      return Optional.of(
          "the gateway " + address + " of cluster " + g.name() + " has no port " + port);
    }
    int target =
        servicePort.get().getTargetPort() != null
                && servicePort.get().getTargetPort().getIntVal() != null
            ? servicePort.get().getTargetPort().getIntVal()
            : port;
    String gNetwork =
        g.view()
            .namespace("istio-system")
            .map(ns -> ns.getMetadata().getLabels())
            .map(l -> l.get(ClusterFacts.NETWORK_LABEL))
            .orElse("");
    if (!network.equals(gNetwork)) {
      return Optional.of(
          "the gateway "
              + address
              + " is in cluster "
              + g.name()
              + " on network "
              + gNetwork
              + ", not "
              + network);
    }
    Optional<Deployment> pods =
        IstiodRoutes.readyPods(g, lb.get().namespace(), service.get().getSpec().getSelector());
    if (pods.isEmpty()) {
      return Optional.of(
          "the east-west gateway of "
              + g.name()
              + " ("
              + address
              + ") has no ready pod"
              + g.workloads()
                  .blocked("istio-system", "istio-eastwestgateway")
                  .map(r -> ": " + r)
                  .orElse(""));
    }
    Optional<SimulatedCluster> configCluster =
        g.istiod().map(IstiodSimulator::state).filter(IstiodSimulator.State::serving).isPresent()
            ? Optional.of(g)
            : routes.controlPlaneOf(g);
    if (configCluster.isEmpty()) {
      return Optional.of("the east-west gateway of " + g.name() + " reaches no istiod");
    }
    Map<String, String> podLabels = pods.get().getSpec().getTemplate().getMetadata().getLabels();
    Optional<GatewayConfig.Server> server =
        GatewayConfig.server(configCluster.get().view().gateways(), podLabels, target);
    if (server.isEmpty() || !"AUTO_PASSTHROUGH".equals(server.get().tlsMode())) {
      return Optional.of(
          configCluster.get().name()
              + " holds no Gateway with an AUTO_PASSTHROUGH server on port "
              + target
              + " for the east-west gateway of "
              + g.name());
    }
    IstiodSimulator.State gatewayIstiod = configCluster.get().istiod().orElseThrow().state();
    if (configCluster.get() != b.cluster()
        && !gatewayIstiod.reads().contains(b.cluster().clusterId())) {
      return Optional.of(
          "the east-west gateway of "
              + g.name()
              + " is configured by "
              + configCluster.get().name()
              + ", whose istiod does not read "
              + b.cluster().name());
    }
    return Optional.empty();
  }

  private List<SimulatedCluster> readClusters(SimulatedCluster p, IstiodSimulator.State istiod) {
    List<SimulatedCluster> read = new ArrayList<>();
    read.add(p);
    for (SimulatedCluster c : world.clusters()) {
      if (c != p && istiod.reads().contains(c.clusterId())) {
        read.add(c);
      }
    }
    return read;
  }

  private static int gatewayPort(Map<String, String> labels) {
    try {
      return labels.containsKey(GATEWAY_PORT_LABEL)
          ? Integer.parseInt(labels.get(GATEWAY_PORT_LABEL))
          : DEFAULT_GATEWAY_PORT;
    } catch (NumberFormatException e) {
      return DEFAULT_GATEWAY_PORT;
    }
  }
}
