package io.meshfed.sandbox.cluster.dataplane;

import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhook;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ServiceReference;
import io.meshfed.sandbox.cluster.SimulatedCluster;
import io.meshfed.sandbox.cluster.istiod.IstiodSimulator;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

/**
 * Whether the API server of a cluster can inject a sidecar into a new pod of a revision, as it
 * calls a mutating webhook ({@code staging/src/k8s.io/apiserver/pkg/admission/plugin/webhook}): the
 * revision's injector webhook must exist (without one a pod is created as written, without a
 * sidecar), carry a {@code caBundle}, and its Service or URL must lead to a serving istiod ({@link
 * IstiodRoutes}) whose certificate the {@code caBundle} verifies for the name called ({@code
 * istiod.<ns>.svc} for a Service; a URL's host must be among istiod's {@code ISTIOD_CUSTOM_HOST}
 * names). The webhooks' {@code failurePolicy} is {@code Fail}: a call that fails refuses the pod.
 */
public final class Injection {

  /** How an injection attempt ends. */
  public enum Outcome {
    /** The pod gets its sidecar. */
    INJECTED,
    /** No injector webhook for the revision: the pod is created without a sidecar. */
    NO_WEBHOOK,
    /** The webhook call fails: the pod is refused. */
    REFUSED
  }

  /**
   * @param injector the cluster whose istiod injected the pod
   * @param reason why the call failed or was not made
   */
  public record Result(Outcome outcome, Optional<SimulatedCluster> injector, String reason) {}

  private final IstiodRoutes routes;

  public Injection(IstiodRoutes routes) {
    this.routes = routes;
  }

  /** What creating a pod of {@code revision} in {@code cluster} gets now. */
  public Result attempt(SimulatedCluster cluster, String revision) {
    Optional<MutatingWebhookConfiguration> config =
        cluster.view().webhooks().stream()
            .filter(c -> c.getMetadata().getLabels() != null)
            .filter(c -> revision.equals(c.getMetadata().getLabels().get("istio.io/rev")))
            .findFirst();
    Optional<MutatingWebhook> webhook =
        config.flatMap(
            c ->
                c.getWebhooks() == null
                    ? Optional.empty()
                    : c.getWebhooks().stream()
                        .filter(
                            w ->
                                w.getName() != null
                                    && w.getName().endsWith("sidecar-injector.istio.io"))
                        .findFirst());
    if (webhook.isEmpty()) {
      return new Result(
          Outcome.NO_WEBHOOK,
          Optional.empty(),
          "cluster " + cluster.name() + " has no injector webhook for revision " + revision);
    }
    String caBundle = webhook.get().getClientConfig().getCaBundle();
    if (caBundle == null || caBundle.isBlank()) {
      return refused(
          "the injector webhook of cluster "
              + cluster.name()
              + " has no caBundle: no istiod has patched it (a primary leads a remote only when it"
              + " reads it, has EXTERNAL_ISTIOD and is named in its controlPlaneClusters)");
    }
    ServiceReference service = webhook.get().getClientConfig().getService();
    String url = webhook.get().getClientConfig().getUrl();
    IstiodRoutes.Route route;
    String calledName;
    if (service != null) {
      int port = service.getPort() == null ? 443 : service.getPort();
      route = routes.viaService(cluster, service.getNamespace(), service.getName(), port);
      calledName = service.getName() + "." + service.getNamespace() + ".svc";
    } else if (url != null) {
      URI uri = URI.create(url);
      route = routes.viaAddress(uri.getHost(), uri.getPort() > 0 ? uri.getPort() : 443);
      calledName = uri.getHost();
    } else {
      return refused("the injector webhook of cluster " + cluster.name() + " has no clientConfig");
    }
    if (!route.reached(IstiodRoutes.WEBHOOK_PORT)) {
      return refused(
          "calling the injector webhook of cluster "
              + cluster.name()
              + " fails: "
              + (route.failure() != null
                  ? route.failure()
                  : "it reaches port " + route.port() + ", not istiod's webhook port"));
    }
    IstiodSimulator.State istiod = route.istiod().orElseThrow();
    String expected =
        istiod
            .rootPem()
            .map(r -> Base64.getEncoder().encodeToString(r.getBytes(StandardCharsets.US_ASCII)))
            .orElse("");
    if (!expected.equals(caBundle)) {
      return refused(
          "the caBundle of the injector webhook of cluster "
              + cluster.name()
              + " does not verify the certificate of the istiod of "
              + route.cluster().get().name());
    }
    if (!servesName(istiod, calledName)) {
      return refused(
          "the istiod of "
              + route.cluster().get().name()
              + " has no certificate for "
              + calledName
              + " (it is not among ISTIOD_CUSTOM_HOST)");
    }
    return new Result(Outcome.INJECTED, route.cluster(), null);
  }

  /**
   * The names on istiod's serving certificate ({@code pilot/pkg/bootstrap/server.go} getDNSNames).
   */
  static boolean servesName(IstiodSimulator.State istiod, String name) {
    String ns = istiod.spec().map(s -> s.namespace()).orElse("istio-system");
    if (name.equals("istiod." + ns + ".svc") || name.equals("istiod-remote." + ns + ".svc")) {
      return true;
    }
    return istiod.spec().map(s -> s.customHosts().contains(name)).orElse(false);
  }

  private static Result refused(String why) {
    return new Result(Outcome.REFUSED, Optional.empty(), why);
  }

  /** The revision a pod template asks to be injected by, or empty when it asks for none. */
  public static Optional<String> requestedRevision(Map<String, String> podLabels) {
    if (podLabels == null) {
      return Optional.empty();
    }
    if ("false".equals(podLabels.get("sidecar.istio.io/inject"))) {
      return Optional.empty();
    }
    if (podLabels.get("istio.io/rev") != null) {
      return Optional.of(podLabels.get("istio.io/rev"));
    }
    if ("true".equals(podLabels.get("sidecar.istio.io/inject"))) {
      return Optional.of("default");
    }
    return Optional.empty();
  }
}
