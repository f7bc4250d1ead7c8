package io.meshfed.sandbox.cluster;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What a simulated cluster looks like: its name, its nodes, the address pool of its load-balancer
 * controller, the further names its API server's certificate carries, and how long its simulated
 * parts take.
 *
 * @param name the cluster name, a DNS-1123 label
 * @param nodes at least one node
 * @param loadBalancerPool the addresses LoadBalancer Services get, in order
 * @param apiServerNames DNS names or IPs added to the API server's certificate ({@code
 *     --apiserver-cert-extra-sans})
 * @param timings how long istiod, pods and probes take
 */
public record SimulatedClusterSpec(
    String name,
    List<SimulatedNode> nodes,
    AddressPool loadBalancerPool,
    List<String> apiServerNames,
    SimulationTimings timings) {

  private static final Pattern DNS_LABEL = Pattern.compile("^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$");

  /** Nodes a cluster gets when only its locality is given. */
  public static final int DEFAULT_NODES = 3;

  public SimulatedClusterSpec {
    if (name == null || !DNS_LABEL.matcher(name).matches()) {
      throw new IllegalArgumentException("cluster name '" + name + "' is not a DNS-1123 label");
    }
    if (nodes == null || nodes.isEmpty()) {
      throw new IllegalArgumentException("cluster " + name + " needs at least one node");
    }
    if (loadBalancerPool == null) {
      throw new IllegalArgumentException("cluster " + name + " needs a load-balancer address pool");
    }
    nodes = List.copyOf(nodes);
    apiServerNames = apiServerNames == null ? List.of() : List.copyOf(apiServerNames);
    timings = timings == null ? SimulationTimings.defaults() : timings;
  }

  /** A cluster of {@value #DEFAULT_NODES} nodes, all in one locality, with default timings. */
  public static SimulatedClusterSpec of(
      String name, String region, String zone, String subzone, AddressPool loadBalancerPool) {
    List<SimulatedNode> nodes = new ArrayList<>();
    for (int i = 1; i <= DEFAULT_NODES; i++) {
      nodes.add(new SimulatedNode(name + "-node-" + i, region, zone, subzone));
    }
    return new SimulatedClusterSpec(name, nodes, loadBalancerPool, List.of(), null);
  }

  /** This cluster with further names on its API server's certificate. */
  public SimulatedClusterSpec withApiServerNames(List<String> names) {
    return new SimulatedClusterSpec(name, nodes, loadBalancerPool, names, timings);
  }

  /** This cluster with other timings. */
  public SimulatedClusterSpec withTimings(SimulationTimings newTimings) {
    return new SimulatedClusterSpec(name, nodes, loadBalancerPool, apiServerNames, newTimings);
  }
}
