package io.meshfed.agent.status;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.meshfed.agent.model.IstioNames;
import io.meshfed.events.model.Condition;
import io.meshfed.events.model.GatewayAddress;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reads what other controllers report on objects meshfed wrote. Pure. */
public final class ObservedObjects {

  private ObservedObjects() {}

  /** The {@code Ready} condition the Sail operator sets on {@code Istio} / {@code IstioCNI}. */
  public static Optional<Condition> readyCondition(GenericKubernetesResource sailResource) {
    if (!(sailResource.getAdditionalProperties().get("status") instanceof Map<?, ?> status)
        || !(status.get("conditions") instanceof List<?> conditions)) {
      return Optional.empty();
    }
    for (Object item : conditions) {
      if (item instanceof Map<?, ?> c && "Ready".equals(c.get("type"))) {
        return Optional.of(
            new Condition(
                "Ready",
                text(c.get("status"), Condition.UNKNOWN),
                text(c.get("reason"), null),
                text(c.get("message"), null),
                time(c.get("lastTransitionTime"))));
      }
    }
    return Optional.empty();
  }

  /**
   * The addresses in a LoadBalancer Service's {@code status.loadBalancer.ingress}: an IP, or a
   * hostname where the cloud gives one, each with the cross-network port 15443.
   */
  public static List<GatewayAddress> loadBalancerAddresses(GenericKubernetesResource service) {
    List<GatewayAddress> addresses = new ArrayList<>();
    if (service.getAdditionalProperties().get("status") instanceof Map<?, ?> status
        && status.get("loadBalancer") instanceof Map<?, ?> lb
        && lb.get("ingress") instanceof List<?> ingress) {
      for (Object item : ingress) {
        if (item instanceof Map<?, ?> entry) {
          String ip = text(entry.get("ip"), null);
          String hostname = text(entry.get("hostname"), null);
          // What is no IP or DNS name is left out: the hub's reader would refuse the report.
          if (ip != null && !ip.isBlank()) {
            if (GatewayAddress.isIp(ip)) {
              addresses.add(new GatewayAddress(ip, null, IstioNames.CROSS_NETWORK_PORT));
            }
          } else if (hostname != null && GatewayAddress.isDnsName(hostname)) {
            addresses.add(new GatewayAddress(null, hostname, IstioNames.CROSS_NETWORK_PORT));
          }
        }
      }
    }
    return addresses;
  }

  /**
   * Whether Istio's injector webhook can inject pods now: it exists and every webhook of it whose
   * name ends in {@code sidecar-injector.istio.io} carries the {@code caBundle} an istiod patched
   * in (istio {@code pkg/webhooks/webhookpatch.go}); without it the API server cannot call the
   * webhook, whose {@code failurePolicy} is {@code Fail}.
   */
  public static boolean injectorReady(Optional<GenericKubernetesResource> webhookConfiguration) {
    if (webhookConfiguration.isEmpty()
        || !(webhookConfiguration.get().getAdditionalProperties().get("webhooks")
            instanceof List<?> webhooks)
        || webhooks.isEmpty()) {
      return false;
    }
    for (Object w : webhooks) {
      if (w instanceof Map<?, ?> webhook
          && String.valueOf(webhook.get("name")).endsWith("sidecar-injector.istio.io")) {
        Object bundle =
            webhook.get("clientConfig") instanceof Map<?, ?> c ? c.get("caBundle") : null;
        if (bundle == null || bundle.toString().isBlank()) {
          return false;
        }
      }
    }
    return true;
  }

  /** Whether a Deployment has at least one available pod ({@code status.availableReplicas}). */
  public static boolean available(GenericKubernetesResource deployment) {
    return deployment.getAdditionalProperties().get("status") instanceof Map<?, ?> status
        && status.get("availableReplicas") instanceof Number n
        && n.intValue() > 0;
  }

  private static String text(Object value, String otherwise) {
    return value == null ? otherwise : value.toString();
  }

  private static Instant time(Object value) {
    if (value == null) {
      return null;
    }
    try {
      return Instant.parse(value.toString());
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
