package io.meshfed.sandbox.cluster.sail;

import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhook;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ServiceReference;
import io.meshfed.sandbox.cluster.SimulatedCluster;
import io.meshfed.sandbox.cluster.dataplane.IstiodRoutes;
import io.meshfed.sandbox.cluster.istiod.IstiodSimulator;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * The Sail operator's readiness probe of a remote revision's injector webhook (sail-operator {@code
 * controllers/webhook/webhook_controller.go}, {@code doProbe}), in its order: the configuration
 * must have webhooks, the first must point at a Service (a URL-based webhook fails with {@code
 * missing webhooks[].clientConfig.service}), carry a {@code caBundle}, and {@code GET
 * https://<service>.<ns>.svc:<port>/ready} must answer, verified with that {@code caBundle}. The
 * operator resolves the Service from inside the remote: an {@code ExternalName} one leads to the
 * external name on the same port, without the 443 to 15017 mapping. Reads only caches.
 */
final class RemoteProbe {

  private final IstiodRoutes routes;

  RemoteProbe(IstiodRoutes routes) {
    this.routes = routes;
  }

  /** Why the probe fails, or empty when it passes. */
  Optional<String> failure(SimulatedCluster cluster, MutatingWebhookConfiguration config) {
    if (config.getWebhooks() == null || config.getWebhooks().isEmpty()) {
      return Optional.of("mutatingwebhookconfiguration contains no webhooks");
    }
    MutatingWebhook webhook = config.getWebhooks().get(0);
    ServiceReference service =
        webhook.getClientConfig() == null ? null : webhook.getClientConfig().getService();
    if (service == null) {
      return Optional.of("missing webhooks[].clientConfig.service");
    }
    String caBundle = webhook.getClientConfig().getCaBundle();
    if (caBundle == null || caBundle.isEmpty()) {
      return Optional.of(
          "webhooks[].clientConfig.caBundle hasn't been set; check if the remote istiod can access"
              + " this cluster");
    }
    int port = service.getPort() == null ? 443 : service.getPort();
    String url =
        "https://" + service.getName() + "." + service.getNamespace() + ".svc:" + port + "/ready";
    IstiodRoutes.Route route =
        routes.viaService(cluster, service.getNamespace(), service.getName(), port);
    if (!route.reached(IstiodRoutes.WEBHOOK_PORT)) {
      return Optional.of(
          "Get \""
              + url
              + "\": "
              + (route.failure() != null
                  ? route.failure()
                  : "no istiod webhook on port " + route.port()));
    }
    IstiodSimulator.State istiod = route.istiod().orElseThrow();
    String served =
        istiod
            .rootPem()
            .map(r -> Base64.getEncoder().encodeToString(r.getBytes(StandardCharsets.US_ASCII)))
            .orElse("");
    if (!served.equals(caBundle)) {
      return Optional.of(
          "Get \""
              + url
              + "\": tls: failed to verify certificate: x509: certificate signed by unknown authority");
    }
    return Optional.empty();
  }
}
