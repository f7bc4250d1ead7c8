package io.meshfed.sandbox.cluster.sail;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The status the Sail operator writes, with its condition types, reasons and messages
 * (sail-operator {@code release-1.28}: {@code api/v1/istiorevision_types.go}, {@code
 * controllers/istiorevision/istiorevision_controller.go}, {@code
 * controllers/istio/istio_controller.go}, {@code controllers/istiocni/istiocni_controller.go}):
 * {@code Reconciled}, {@code Ready} and, for an {@code Istio}, {@code DependenciesHealthy}; the
 * {@code state} is the reason of the first of them that is not {@code True}, else {@code Healthy}.
 * A condition keeps its {@code lastTransitionTime} while its status stays. Pure.
 */
public final class SailStatus {

  /** One condition before it is timed. */
  public record Condition(String type, boolean status, String reason, String message) {
    static Condition ok(String type) {
      return new Condition(type, true, "Healthy", null);
    }
  }

  private SailStatus() {}

  /** A reconcile error: {@code Reconciled} False, {@code Ready} Unknown. */
  public static List<Condition> reconcileError(String message) {
    return List.of(
        new Condition(
            "Reconciled", false, "ReconcileError", "error reconciling resource: " + message),
        new Condition(
            "Ready",
            false,
            "ReconcileError",
            "cannot determine readiness due to reconciliation error"));
  }

  /**
   * The status map.
   *
   * @param istio true for an {@code Istio} (adds the revision summary)
   * @param previous the stored status, for the transition times
   */
  public static Map<String, Object> of(
      String name,
      long generation,
      List<Condition> conditions,
      boolean istio,
      Map<String, Object> previous,
      Instant now) {
    String time = now.truncatedTo(ChronoUnit.SECONDS).toString();
    List<Object> timed = new ArrayList<>();
    String state = "Healthy";
    for (Condition c : conditions) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("type", c.type());
      m.put("status", c.status() ? "True" : "False");
      if (c.reason() != null) {
        m.put("reason", c.reason());
      }
      if (c.message() != null) {
        m.put("message", c.message());
      }
      m.put("lastTransitionTime", transitionTime(previous, c, time));
      timed.add(m);
      if (!c.status() && "Healthy".equals(state)) {
        state = c.reason();
      }
    }
    Map<String, Object> status = new LinkedHashMap<>();
    status.put("observedGeneration", generation);
    status.put("conditions", timed);
    status.put("state", state);
    if (istio) {
      boolean ready = conditions.stream().anyMatch(c -> c.type().equals("Ready") && c.status());
      status.put("activeRevisionName", name);
      status.put("revisions", Map.of("total", 1, "ready", ready ? 1 : 0, "inUse", 1));
    }
    return status;
  }

  /** Whether the stored status already says this (so nothing is written). */
  public static boolean same(Map<String, Object> stored, Map<String, Object> wanted) {
    if (stored == null) {
      return false;
    }
    return String.valueOf(stored.get("observedGeneration"))
            .equals(String.valueOf(wanted.get("observedGeneration")))
        && String.valueOf(stored.get("state")).equals(String.valueOf(wanted.get("state")))
        && withoutTimes(stored.get("conditions")).equals(withoutTimes(wanted.get("conditions")))
        && String.valueOf(stored.get("revisions")).equals(String.valueOf(wanted.get("revisions")));
  }

  private static List<Object> withoutTimes(Object conditions) {
    List<Object> out = new ArrayList<>();
    if (conditions instanceof List<?> list) {
      for (Object o : list) {
        if (o instanceof Map<?, ?> m) {
          Map<Object, Object> copy = new LinkedHashMap<>(m);
          copy.remove("lastTransitionTime");
          out.add(copy);
        }
      }
    }
    return out;
  }

  private static String transitionTime(Map<String, Object> previous, Condition c, String now) {
    if (previous != null && previous.get("conditions") instanceof List<?> list) {
      for (Object o : list) {
        if (o instanceof Map<?, ?> m
            && c.type().equals(m.get("type"))
            && (c.status() ? "True" : "False").equals(m.get("status"))
            && m.get("lastTransitionTime") instanceof String t) {
          return t;
        }
      }
    }
    return now;
  }
}
