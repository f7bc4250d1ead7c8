package io.meshfed.agent.model;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code istio-remote-secret-<peer>} as {@code istioctl create-remote-secret} writes it: label
 * {@code istio/multiCluster=true}, annotation {@code networking.istio.io/cluster=<peer>}, and the
 * peer's kubeconfig under the key {@code <peer>}; meshfed adds the id of the peer's credential
 * inside ({@code meshfed.io/credential-id}), when it carries one.
 */
public final class RemoteSecretRenderer {

  public static final String MULTI_CLUSTER_LABEL = "istio/multiCluster";
  public static final String CLUSTER_ANNOTATION = "networking.istio.io/cluster";
  public static final String CREDENTIAL_ID_ANNOTATION = "meshfed.io/credential-id";

  private RemoteSecretRenderer() {}

  public static Secret render(MemberTopology topology, PeerKubeconfig peer) {
    Map<String, String> labels = new TreeMap<>(topology.ownedLabels());
    labels.put(MULTI_CLUSTER_LABEL, "true");
    Map<String, String> annotations = new TreeMap<>();
    annotations.put(CLUSTER_ANNOTATION, peer.peer());
    peer.credentialId().ifPresent(id -> annotations.put(CREDENTIAL_ID_ANNOTATION, id));
    String encoded =
        Base64.getEncoder().encodeToString(peer.kubeconfig().getBytes(StandardCharsets.UTF_8));
    return new SecretBuilder()
        .withNewMetadata()
        .withName(IstioNames.remoteSecretName(peer.peer()))
        .withNamespace(IstioNames.ISTIO_SYSTEM)
        .withLabels(labels)
        .withAnnotations(annotations)
        .endMetadata()
        .withType("Opaque")
        .withData(Map.of(peer.peer(), encoded))
        .build();
  }
}
