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
 * peer's kubeconfig under the key {@code <peer>}.
 */
public final class RemoteSecretRenderer {

  public static final String MULTI_CLUSTER_LABEL = "istio/multiCluster";
  public static final String CLUSTER_ANNOTATION = "networking.istio.io/cluster";

  private RemoteSecretRenderer() {}

  public static Secret render(MemberTopology topology, PeerKubeconfig peer) {
    Map<String, String> labels = new TreeMap<>(topology.ownedLabels());
    labels.put(MULTI_CLUSTER_LABEL, "true");
    String encoded =
        Base64.getEncoder().encodeToString(peer.kubeconfig().getBytes(StandardCharsets.UTF_8));
    return new SecretBuilder()
        .withNewMetadata()
        .withName(IstioNames.remoteSecretName(peer.peer()))
        .withNamespace(IstioNames.ISTIO_SYSTEM)
        .withLabels(labels)
        .withAnnotations(Map.of(CLUSTER_ANNOTATION, peer.peer()))
        .endMetadata()
        .withType("Opaque")
        .withData(Map.of(peer.peer(), encoded))
        .build();
  }
}
