package io.meshfed.sandbox.e2e;

import io.meshfed.sandbox.Sandbox;
import io.meshfed.sandbox.SimulatedMember;

/** What the simulated clusters themselves say about each member: its address, its API server. */
final class MeshView {

  private final Sandbox sandbox;

  MeshView(Sandbox sandbox) {
    this.sandbox = sandbox;
  }

  /** The address the cluster's load balancer gave its east-west gateway, or null. */
  String eastWestAddress(String cluster) {
    return member(cluster)
        .cluster()
        .loadBalancers()
        .addressOf("istio-system", DesignTable.EAST_WEST)
        .orElse(null);
  }

  /** The API server URL peers use: the topology's override, else the simulated server's URL. */
  String apiServerUrl(String cluster) {
    SimulatedMember m = member(cluster);
    return m.spec().apiServerUrl() != null ? m.spec().apiServerUrl() : m.cluster().apiServerUrl();
  }

  private SimulatedMember member(String cluster) {
    SimulatedMember m = sandbox.members().get(cluster);
    if (m == null) {
      throw new IllegalArgumentException("no simulated cluster " + cluster);
    }
    return m;
  }
}
