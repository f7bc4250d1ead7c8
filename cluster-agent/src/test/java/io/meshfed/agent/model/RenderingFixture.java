package io.meshfed.agent.model;

import io.meshfed.agent.security.PeerCredentialOpener;
import io.meshfed.security.seal.RecipientKeys;
import java.util.Map;

/**
 * Renders a seed topology the way the reconciler does: topology, peers (the senders of the
 * credential records but the cluster itself) and their kubeconfigs (the seeds' peers shared no
 * credential yet, so each gets a kubeconfig without one at the API server URL of its credential
 * record), objects, with a CA in place.
 */
final class RenderingFixture {

  private static final RecipientKeys KEYS = RecipientKeys.generate();

  private RenderingFixture() {}

  static DesiredObjects render(SeedTopologies.Case input) throws UnactionableDesiredException {
    MemberTopology topology = MemberTopology.of(input.desired(), input.mesh());
    PeerCredentialOpener.Opened opened =
        PeerCredentialOpener.open(topology, input.credentials(), KEYS, Map.of());
    return ClusterRendering.render(
        topology, opened.peers(), opened.kubeconfigs(), SecurityObjects.caInPlace());
  }
}
