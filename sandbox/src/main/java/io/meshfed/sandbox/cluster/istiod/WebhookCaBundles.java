package io.meshfed.sandbox.cluster.istiod;

import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhook;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfiguration;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.meshfed.sandbox.cluster.SharedSerialization;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What istiod's webhook patcher writes ({@code pkg/webhooks/webhookpatch.go}): into every
 * MutatingWebhookConfiguration labelled with its revision ({@code istio.io/rev}; one without the
 * label or with another revision is left alone), the {@code caBundle} of every webhook whose name
 * ends in {@code sidecar-injector.istio.io} becomes its root, whether the webhook points at a
 * Service or a URL. Pure: JSON patches by configuration name, only where something differs.
 */
public final class WebhookCaBundles {

  private static final KubernetesSerialization JSON = SharedSerialization.INSTANCE;

  private WebhookCaBundles() {}

  /** The JSON patch of each configuration whose injector webhooks need the root. */
  public static Map<String, String> patches(
      List<MutatingWebhookConfiguration> configurations, String revision, String rootPem) {
    String bundle = Base64.getEncoder().encodeToString(rootPem.getBytes(StandardCharsets.US_ASCII));
    Map<String, String> patches = new TreeMap<>();
    for (MutatingWebhookConfiguration c : configurations) {
      Map<String, String> labels = c.getMetadata().getLabels();
      if (labels == null
          || !revision.equals(labels.get("istio.io/rev"))
          || c.getWebhooks() == null) {
        continue;
      }
      List<Object> ops = new ArrayList<>();
      for (int i = 0; i < c.getWebhooks().size(); i++) {
        MutatingWebhook w = c.getWebhooks().get(i);
        if (w.getName() != null
            && w.getName().endsWith("sidecar-injector.istio.io")
            && w.getClientConfig() != null
            && !Objects.equals(bundle, w.getClientConfig().getCaBundle())) {
          ops.add(
              Map.of(
                  "op",
                  "add",
                  "path",
                  "/webhooks/" + i + "/clientConfig/caBundle",
                  "value",
                  bundle));
        }
      }
      if (!ops.isEmpty()) {
        patches.put(c.getMetadata().getName(), JSON.asJson(ops));
      }
    }
    return patches;
  }
}
