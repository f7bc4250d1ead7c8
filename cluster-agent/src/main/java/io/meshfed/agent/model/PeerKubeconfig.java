package io.meshfed.agent.model;

import java.util.Optional;

/**
 * The kubeconfig a primary uses to read a peer's API server, as {@code istioctl
 * create-remote-secret} puts it into {@code istio-remote-secret-<peer>}.
 *
 * @param peer the peer cluster's name
 * @param kubeconfig the kubeconfig YAML
 * @param withCredential whether the kubeconfig carries a credential (a token); without one the
 *     peer's istiod cannot read the API server yet
 * @param credentialId the id of the peer's credential inside, when it carries one the peer sealed
 */
public record PeerKubeconfig(
    String peer, String kubeconfig, boolean withCredential, Optional<String> credentialId) {

  /** A kubeconfig without a credential id. */
  public PeerKubeconfig(String peer, String kubeconfig, boolean withCredential) {
    this(peer, kubeconfig, withCredential, Optional.empty());
  }

  /** The peer's credential, opened from what it sealed for this cluster. */
  public static PeerKubeconfig sealedBy(String peer, String kubeconfig, String credentialId) {
    return new PeerKubeconfig(peer, kubeconfig, true, Optional.of(credentialId));
  }

  /** Never prints the kubeconfig, which may hold a token. */
  @Override
  public String toString() {
    return "PeerKubeconfig["
        + peer
        + (withCredential ? ", with credential " + credentialId.orElse("?") : ", no credential")
        + "]";
  }
}
