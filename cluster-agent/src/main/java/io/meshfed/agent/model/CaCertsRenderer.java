package io.meshfed.agent.model;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.meshfed.security.ca.CaCertsBundle;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code istio-system/cacerts}, istiod's plug-in CA: the cluster's intermediate certificate and
 * key, the mesh's root and the chain, under the file names Istio reads.
 */
public final class CaCertsRenderer {

  private CaCertsRenderer() {}

  public static Secret render(MemberTopology topology, CaCertsBundle bundle) {
    Map<String, String> data = new TreeMap<>();
    bundle
        .secretData()
        .forEach(
            (file, pem) ->
                data.put(
                    file,
                    Base64.getEncoder().encodeToString(pem.getBytes(StandardCharsets.UTF_8))));
    return new SecretBuilder()
        .withNewMetadata()
        .withName(CaCertsBundle.SECRET_NAME)
        .withNamespace(IstioNames.ISTIO_SYSTEM)
        .withLabels(new TreeMap<>(topology.ownedLabels()))
        .endMetadata()
        .withType("Opaque")
        .withData(data)
        .build();
  }

  /** A reference to {@code cacerts}, for keeping one that is not rewritten. */
  public static Secret reference() {
    return new SecretBuilder()
        .withNewMetadata()
        .withName(CaCertsBundle.SECRET_NAME)
        .withNamespace(IstioNames.ISTIO_SYSTEM)
        .endMetadata()
        .build();
  }
}
