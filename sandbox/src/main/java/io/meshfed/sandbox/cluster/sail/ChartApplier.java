package io.meshfed.sandbox.cluster.sail;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhook;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.meshfed.sandbox.cluster.SharedSerialization;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes chart objects as a Helm upgrade does (three-way: what the chart does not set stays as
 * others wrote it): a new object is created; an existing one is replaced by the chart's version,
 * keeping the injector webhooks' {@code caBundle} and annotations (written by istiod and Sail's
 * probe, never by the chart) and a Deployment's status.
 */
final class ChartApplier {

  private static final Logger LOG = LoggerFactory.getLogger(ChartApplier.class);
  private static final KubernetesSerialization JSON = SharedSerialization.INSTANCE;

  private ChartApplier() {}

  static void apply(KubernetesClient client, HasMetadata desired) {
    try {
      HasMetadata live = client.resource(desired).get();
      if (live == null) {
        client.resource(desired).create();
        return;
      }
      HasMetadata wanted = JSON.clone(desired);
      wanted.getMetadata().setResourceVersion(live.getMetadata().getResourceVersion());
      if (wanted instanceof MutatingWebhookConfiguration w
          && live instanceof MutatingWebhookConfiguration l) {
        keepWebhookState(w, l);
      }
      if (wanted instanceof Deployment w && live instanceof Deployment l) {
        w.setStatus(l.getStatus());
      }
      if (!JSON.asJson(strip(wanted)).equals(JSON.asJson(strip(live)))) {
        client.resource(wanted).update();
      }
    } catch (KubernetesClientException e) {
      LOG.warn(
          "Sail operator (simulated): cannot apply {} {}: {}",
          desired.getKind(),
          desired.getMetadata().getName(),
          e.getMessage());
    }
  }

  static void delete(KubernetesClient client, HasMetadata object) {
    try {
      client.resource(object).delete();
    } catch (KubernetesClientException e) {
      LOG.debug(
          "Sail operator (simulated): deleting {}: {}",
          object.getMetadata().getName(),
          e.getMessage());
    }
  }

  private static void keepWebhookState(
      MutatingWebhookConfiguration wanted, MutatingWebhookConfiguration live) {
    Map<String, String> annotations = new HashMap<>();
    if (live.getMetadata().getAnnotations() != null) {
      annotations.putAll(live.getMetadata().getAnnotations());
    }
    if (wanted.getMetadata().getAnnotations() != null) {
      annotations.putAll(wanted.getMetadata().getAnnotations());
    }
    wanted.getMetadata().setAnnotations(annotations);
    List<MutatingWebhook> liveHooks = live.getWebhooks() == null ? List.of() : live.getWebhooks();
    for (MutatingWebhook w : wanted.getWebhooks()) {
      if (w.getClientConfig().getCaBundle() != null) {
        continue;
      }
      liveHooks.stream()
          .filter(l -> w.getName().equals(l.getName()) && l.getClientConfig() != null)
          .findFirst()
          .ifPresent(l -> w.getClientConfig().setCaBundle(l.getClientConfig().getCaBundle()));
    }
  }

  /** The object without what the server manages, to compare. */
  private static HasMetadata strip(HasMetadata o) {
    HasMetadata copy = JSON.clone(o);
    copy.getMetadata().setResourceVersion(null);
    copy.getMetadata().setUid(null);
    copy.getMetadata().setCreationTimestamp(null);
    copy.getMetadata().setGeneration(null);
    copy.getMetadata().setManagedFields(null);
    return copy;
  }
}
