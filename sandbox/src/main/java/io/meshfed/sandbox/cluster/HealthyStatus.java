package io.meshfed.sandbox.cluster;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The status the Sail operator writes on an {@code Istio} or {@code IstioCNI} whose control plane
 * is up, with the field names of {@code sailoperator.io/v1}: {@code observedGeneration}, {@code
 * conditions} ({@code Reconciled} and {@code Ready}, {@code True}), {@code state: Healthy}, and for
 * an {@code Istio} also {@code activeRevisionName} and {@code revisions}. Pure.
 */
final class HealthyStatus {

  static final String HEALTHY = "Healthy";
  static final String RECONCILED = "Reconciled";
  static final String READY = "Ready";

  private HealthyStatus() {}

  /** True when the resource already carries the healthy status for its current generation. */
  static boolean isCurrent(GenericKubernetesResource resource) {
    Map<String, Object> status = status(resource);
    return status != null
        && Objects.equals(number(status.get("observedGeneration")), generation(resource))
        && HEALTHY.equals(status.get("state"))
        && conditionTrue(status, RECONCILED)
        && conditionTrue(status, READY);
  }

  /**
   * The healthy status for the resource's generation. A condition that was already {@code True}
   * keeps its {@code lastTransitionTime}, as the operator does.
   *
   * @param istio true for an {@code Istio} (adds the revision summary), false for an {@code
   *     IstioCNI}
   */
  static Map<String, Object> of(GenericKubernetesResource resource, boolean istio, Instant now) {
    Map<String, Object> previous = status(resource);
    String time = now.truncatedTo(ChronoUnit.SECONDS).toString();
    List<Object> conditions = new ArrayList<>();
    conditions.add(condition(RECONCILED, null, transitionTime(previous, RECONCILED, time)));
    conditions.add(condition(READY, HEALTHY, transitionTime(previous, READY, time)));
    Map<String, Object> status = new LinkedHashMap<>();
    status.put("observedGeneration", generation(resource));
    status.put("conditions", conditions);
    status.put("state", HEALTHY);
    if (istio) {
      status.put("activeRevisionName", resource.getMetadata().getName());
      status.put("revisions", Map.of("total", 1, "ready", 1, "inUse", 1));
    }
    return status;
  }

  private static Map<String, Object> condition(String type, String reason, String time) {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("type", type);
    c.put("status", "True");
    if (reason != null) {
      c.put("reason", reason);
    }
    c.put("lastTransitionTime", time);
    return c;
  }

  private static String transitionTime(Map<String, Object> previous, String type, String now) {
    Map<String, Object> c = condition(previous, type);
    if (c != null
        && "True".equals(c.get("status"))
        && c.get("lastTransitionTime") instanceof String t) {
      return t;
    }
    return now;
  }

  private static boolean conditionTrue(Map<String, Object> status, String type) {
    Map<String, Object> c = condition(status, type);
    return c != null && "True".equals(c.get("status"));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> condition(Map<String, Object> status, String type) {
    if (status == null || !(status.get("conditions") instanceof List<?> list)) {
      return null;
    }
    for (Object o : list) {
      if (o instanceof Map<?, ?> m && type.equals(m.get("type"))) {
        return (Map<String, Object>) m;
      }
    }
    return null;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> status(GenericKubernetesResource resource) {
    return resource.getAdditionalProperties().get("status") instanceof Map<?, ?> m
        ? (Map<String, Object>) m
        : null;
  }

  /** The resource's generation; 1 where the server set none. */
  private static Long generation(GenericKubernetesResource resource) {
    Long generation = resource.getMetadata().getGeneration();
    return generation == null ? 1L : generation;
  }

  private static Long number(Object o) {
    return o instanceof Number n ? n.longValue() : null;
  }
}
