package io.meshfed.agent.credentials;

import io.meshfed.agent.model.PeerKubeconfig;
import io.meshfed.events.model.MemberPlan;
import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

/**
 * The default {@link PeerCredentials} while no credential transport is configured: it builds a
 * kubeconfig that points at the peer's API server URL (from the hub's plan) but carries no
 * credential. The remote secret then exists in the right shape, the agent reports {@code
 * RemoteCredentials=False} with reason {@code CredentialTransportNotConfigured}, and istiod cannot
 * yet read the peer. Encrypted credentials from the peer replace this bean.
 */
@DefaultBean
@ApplicationScoped
public class UnconfiguredPeerCredentials implements PeerCredentials {

  @Override
  public Optional<PeerKubeconfig> forPeer(String peer, MemberPlan plan) {
    if (plan == null || plan.apiServerUrl() == null || plan.apiServerUrl().isBlank()) {
      return Optional.empty();
    }
    String kubeconfig =
        KubeconfigWriter.write(peer, plan.apiServerUrl(), Optional.empty(), Optional.empty());
    return Optional.of(new PeerKubeconfig(peer, kubeconfig, false));
  }
}
