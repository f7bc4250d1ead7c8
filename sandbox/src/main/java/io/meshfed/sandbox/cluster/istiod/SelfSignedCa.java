package io.meshfed.sandbox.cluster.istiod;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.meshfed.sandbox.cluster.SimulatedCluster;
import io.meshfed.sandbox.cluster.apiserver.ClusterPki;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * istiod's self-signed CA when no {@code cacerts} is plugged in ({@code security/pkg/pki/ca/ca.go},
 * {@code NewSelfSignedIstioCAOptions}): a root it generates once and keeps in the Secret {@code
 * istio-ca-secret} of its namespace, so that a restart signs under the same root. Two clusters that
 * each made their own share no trust.
 */
final class SelfSignedCa {

  static final String SECRET = "istio-ca-secret";

  private SelfSignedCa() {}

  /** The root in {@code istio-ca-secret}, made and stored first if there is none. */
  static String root(SimulatedCluster cluster, String namespace) {
    Optional<String> stored = stored(cluster.view().secret(namespace, SECRET));
    if (stored.isPresent()) {
      return stored.get();
    }
    String root =
        ClusterPki.issue("istiod-self-signed-" + cluster.name(), "127.0.0.1", List.of()).caPem();
    Secret secret =
        new SecretBuilder()
            .withNewMetadata()
            .withName(SECRET)
            .withNamespace(namespace)
            .endMetadata()
            .withType("istio.io/ca-root")
            .addToData(
                "ca-cert.pem",
                Base64.getEncoder().encodeToString(root.getBytes(StandardCharsets.US_ASCII)))
            .build();
    try {
      cluster.internalClient().secrets().inNamespace(namespace).resource(secret).create();
      return root;
    } catch (KubernetesClientException e) {
      // another start stored one meanwhile: use that one
      return stored(
              Optional.ofNullable(
                  cluster.internalClient().secrets().inNamespace(namespace).withName(SECRET).get()))
          .orElse(root);
    }
  }

  private static Optional<String> stored(Optional<Secret> secret) {
    return secret
        .map(Secret::getData)
        .map(d -> d.get("ca-cert.pem"))
        .map(b -> new String(Base64.getDecoder().decode(b), StandardCharsets.US_ASCII));
  }
}
