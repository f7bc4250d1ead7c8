package io.meshfed.agent.credentials;

import io.meshfed.agent.model.PeerKubeconfig;
import io.meshfed.events.model.MemberPlan;
import java.util.Optional;

/**
 * Produces the kubeconfig a primary's istiod uses to read a peer's API server. The agent calls it
 * for every peer of its plan's {@code remoteSecretPeers} and writes the result into {@code
 * istio-remote-secret-<peer>}.
 *
 * <p>How credentials are produced and carried between clusters is not decided here: a bean
 * implementing this interface with a higher priority replaces {@link UnconfiguredPeerCredentials}.
 */
public interface PeerCredentials {

  /**
   * @param peer the peer cluster's name
   * @param plan the hub's plan for the peer (its {@code apiServerUrl} in particular)
   * @return the kubeconfig, or empty when it cannot be built yet (e.g. the peer's API server URL is
   *     not known)
   */
  Optional<PeerKubeconfig> forPeer(String peer, MemberPlan plan);
}
