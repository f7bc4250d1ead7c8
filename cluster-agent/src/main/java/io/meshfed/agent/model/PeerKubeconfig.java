package io.meshfed.agent.model;

/**
 * The kubeconfig a primary uses to read a peer's API server, as {@code istioctl
 * create-remote-secret} puts it into {@code istio-remote-secret-<peer>}.
 *
 * @param peer the peer cluster's name
 * @param kubeconfig the kubeconfig YAML
 * @param withCredential whether the kubeconfig carries a credential (a token); without one the
 *     peer's istiod cannot read the API server yet
 */
public record PeerKubeconfig(String peer, String kubeconfig, boolean withCredential) {}
