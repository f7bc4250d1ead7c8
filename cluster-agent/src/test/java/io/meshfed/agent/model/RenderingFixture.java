package io.meshfed.agent.model;

import io.meshfed.agent.credentials.PeerCredentials;
import java.util.Map;
import java.util.TreeMap;

/** Renders a seed topology the way the reconciler does: topology, peer kubeconfigs, objects. */
final class RenderingFixture {

  private RenderingFixture() {}

  static DesiredObjects render(SeedTopologies.Case input, PeerCredentials credentials)
      throws UnactionableDesiredException {
    MemberTopology topology = MemberTopology.of(input.desired(), input.mesh());
    Map<String, PeerKubeconfig> peers = new TreeMap<>();
    for (String peer : topology.remoteSecretPeers()) {
      topology
          .peerPlan(peer)
          .flatMap(plan -> credentials.forPeer(peer, plan))
          .ifPresent(k -> peers.put(peer, k));
    }
    return ClusterRendering.render(topology, peers);
  }
}
