package io.meshfed.sandbox.cluster.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The field checks of the workload kinds of an east-west gateway: Deployment (selector required,
 * not empty, matching the template's labels and fixed once set; pod template; strategy),
 * PodDisruptionBudget (minAvailable or maxUnavailable, not both; selector) and
 * HorizontalPodAutoscaler v2 (minReplicas at least 1 and at most maxReplicas; scale target;
 * metrics). Mirrors ValidateDeploymentSpec, ValidateDeploymentStrategy and ValidateDeploymentUpdate
 * of k8s.io/kubernetes/pkg/apis/apps/validation/validation.go, ValidatePodDisruptionBudgetSpec of
 * pkg/apis/policy/validation/validation.go and validateHorizontalPodAutoscalerSpec and
 * validateMetricSpec of pkg/apis/autoscaling/validation/validation.go.
 */
final class WorkloadRules {

  private static final List<String> STRATEGIES = List.of("Recreate", "RollingUpdate");
  private static final List<String> METRIC_TYPES =
      List.of("ContainerResource", "External", "Object", "Pods", "Resource");
  private static final List<String> TARGET_TYPES = List.of("AverageValue", "Utilization", "Value");

  private WorkloadRules() {}

  static List<FieldError> deployment(ObjectNode deployment, ObjectNode old) {
    List<FieldError> errs = new ArrayList<>();
    FieldPath spec = FieldPath.of("spec");
    JsonNode s = deployment.path("spec");
    Json.object(deployment.get("spec"), spec);
    nonNegative(s, spec, "replicas", errs);
    nonNegative(s, spec, "revisionHistoryLimit", errs);
    nonNegative(s, spec, "minReadySeconds", errs);
    JsonNode selector = s.get("selector");
    FieldPath template = spec.child("template");
    if (Json.absent(selector)) {
      errs.add(FieldError.required(spec.child("selector"), ""));
    } else {
      LabelSelectors.validate(selector, spec.child("selector"), errs);
      Map<String, String> labels =
          Json.stringMap(
              s.path("template").path("metadata").get("labels"), template.child("labels"));
      if (LabelSelectors.empty(selector)) {
        errs.add(
            FieldError.invalid(
                spec.child("selector"), selector, "empty selector is invalid for deployment"));
      } else if (!LabelSelectors.matches(selector, labels)) {
        errs.add(
            FieldError.invalid(
                template.child("metadata").child("labels"),
                s.path("template").path("metadata").path("labels"),
                "`selector` does not match template `labels`"));
      }
    }
    PodTemplateRules.template(s.path("template"), template, List.of("Always"), errs);
    strategy(s.path("strategy"), spec.child("strategy"), errs);
    Long deadline =
        Json.integer(s.get("progressDeadlineSeconds"), spec.child("progressDeadlineSeconds"));
    Long minReady = Json.integer(s.get("minReadySeconds"), spec.child("minReadySeconds"));
    if (deadline != null && deadline <= (minReady == null ? 0 : minReady)) {
      errs.add(
          FieldError.invalid(
              spec.child("progressDeadlineSeconds"),
              deadline,
              "must be greater than minReadySeconds"));
    }
    if (old != null
        && !Json.absent(old.path("spec").get("selector"))
        && !Objects.equals(old.path("spec").get("selector"), selector)) {
      errs.add(FieldError.invalid(spec.child("selector"), selector, "field is immutable"));
    }
    return errs;
  }

  private static void strategy(JsonNode strategy, FieldPath at, List<FieldError> errs) {
    String type = Json.text(strategy.get("type"), at.child("type"));
    type = type == null || type.isEmpty() ? "RollingUpdate" : type;
    JsonNode rolling = strategy.get("rollingUpdate");
    if (!STRATEGIES.contains(type)) {
      errs.add(FieldError.notSupported(at.child("type"), type, STRATEGIES));
    } else if (type.equals("Recreate") && !Json.absent(rolling)) {
      errs.add(
          FieldError.forbidden(
              at.child("rollingUpdate"),
              "may not be specified when strategy `type` is 'Recreate'"));
    } else if (type.equals("RollingUpdate")) {
      FieldPath r = at.child("rollingUpdate");
      JsonNode ru = rolling == null ? JsonNodeFactory.instance.objectNode() : rolling;
      Object unavailable =
          intOrPercent(ru.get("maxUnavailable"), r.child("maxUnavailable"), "25%", errs);
      Object surge = intOrPercent(ru.get("maxSurge"), r.child("maxSurge"), "25%", errs);
      notAbove100Percent(unavailable, r.child("maxUnavailable"), errs);
      if (isZero(unavailable) && isZero(surge)) {
        errs.add(
            FieldError.invalid(
                r.child("maxUnavailable"), unavailable, "may not be 0 when `maxSurge` is 0"));
      }
    }
  }

  static List<FieldError> podDisruptionBudget(ObjectNode pdb, ObjectNode old) {
    List<FieldError> errs = new ArrayList<>();
    FieldPath spec = FieldPath.of("spec");
    JsonNode s = pdb.path("spec");
    Json.object(pdb.get("spec"), spec);
    JsonNode min = s.get("minAvailable");
    JsonNode max = s.get("maxUnavailable");
    if (!Json.absent(min) && !Json.absent(max)) {
      errs.add(FieldError.invalid(spec, s, "minAvailable and maxUnavailable cannot be both set"));
    }
    for (String field : List.of("minAvailable", "maxUnavailable")) {
      Object value = intOrPercent(s.get(field), spec.child(field), null, errs);
      notAbove100Percent(value, spec.child(field), errs);
    }
    LabelSelectors.validate(s.get("selector"), spec.child("selector"), errs);
    String policy =
        Json.text(s.get("unhealthyPodEvictionPolicy"), spec.child("unhealthyPodEvictionPolicy"));
    List<String> policies = List.of("AlwaysAllow", "IfHealthyBudget");
    if (policy != null && !policy.isEmpty() && !policies.contains(policy)) {
      errs.add(FieldError.notSupported(spec.child("unhealthyPodEvictionPolicy"), policy, policies));
    }
    return errs;
  }

  static List<FieldError> horizontalPodAutoscaler(ObjectNode hpa, ObjectNode old) {
    List<FieldError> errs = new ArrayList<>();
    FieldPath spec = FieldPath.of("spec");
    JsonNode s = hpa.path("spec");
    Json.object(hpa.get("spec"), spec);
    Long min = Json.integer(s.get("minReplicas"), spec.child("minReplicas"));
    long max =
        Objects.requireNonNullElse(
            Json.integer(s.get("maxReplicas"), spec.child("maxReplicas")), 0L);
    if (min != null && min < 1) {
      errs.add(
          FieldError.invalid(spec.child("minReplicas"), min, "must be greater than or equal to 1"));
    }
    if (max < 1) {
      errs.add(FieldError.invalid(spec.child("maxReplicas"), max, "must be greater than 0"));
    }
    if (min != null && max < min) {
      errs.add(
          FieldError.invalid(
              spec.child("maxReplicas"), max, "must be greater than or equal to `minReplicas`"));
    }
    FieldPath ref = spec.child("scaleTargetRef");
    for (String field : List.of("kind", "name")) {
      String value = Json.text(s.path("scaleTargetRef").get(field), ref.child(field));
      if (value == null || value.isEmpty()) {
        errs.add(FieldError.required(ref.child(field), ""));
      } else {
        NameRules.pathSegment(value)
            .forEach(m -> errs.add(FieldError.invalid(ref.child(field), value, m)));
      }
    }
    List<JsonNode> metrics = Json.array(s.get("metrics"), spec.child("metrics"));
    for (int i = 0; i < metrics.size(); i++) {
      metric(metrics.get(i), spec.child("metrics").index(i), errs);
    }
    return errs;
  }

  private static void metric(JsonNode metric, FieldPath at, List<FieldError> errs) {
    String type = Json.text(metric.get("type"), at.child("type"));
    if (type == null || type.isEmpty()) {
      errs.add(FieldError.required(at.child("type"), "must specify a metric source type"));
      return;
    }
    if (!METRIC_TYPES.contains(type)) {
      errs.add(FieldError.notSupported(at.child("type"), type, METRIC_TYPES));
      return;
    }
    String source = Character.toLowerCase(type.charAt(0)) + type.substring(1);
    if (Json.absent(metric.get(source))) {
      errs.add(
          FieldError.required(
              at.child(source), "must populate information for the given metric source"));
      return;
    }
    if (type.equals("Resource") || type.equals("ContainerResource")) {
      FieldPath src = at.child(source);
      String name = Json.text(metric.path(source).get("name"), src.child("name"));
      if (name == null || name.isEmpty()) {
        errs.add(FieldError.required(src.child("name"), "must specify a resource name"));
      }
      JsonNode target = metric.path(source).path("target");
      FieldPath t = src.child("target");
      String targetType = Json.text(target.get("type"), t.child("type"));
      if (targetType == null || targetType.isEmpty()) {
        errs.add(FieldError.required(t.child("type"), "must specify a metric target type"));
      } else if (!TARGET_TYPES.contains(targetType)) {
        errs.add(FieldError.notSupported(t.child("type"), targetType, TARGET_TYPES));
      }
      Long utilization =
          Json.integer(target.get("averageUtilization"), t.child("averageUtilization"));
      if (utilization != null && utilization < 1) {
        errs.add(
            FieldError.invalid(
                t.child("averageUtilization"), utilization, "must be greater than 0"));
      }
      if (utilization == null && Json.absent(target.get("averageValue"))) {
        errs.add(
            FieldError.required(
                t.child("averageUtilization"),
                "must set either a target raw value or a target utilization"));
      }
    }
  }

  /** An int-or-percent field: a non-negative integer or a percent string; null when absent. */
  private static Object intOrPercent(
      JsonNode node, FieldPath at, Object dflt, List<FieldError> errs) {
    Object value = Json.intOrString(node, at);
    if (value == null) {
      return dflt;
    }
    if (value instanceof Long n && n < 0) {
      errs.add(FieldError.invalid(at, n, "must be greater than or equal to 0"));
    } else if (value instanceof String p && !p.matches("[0-9]+%")) {
      errs.add(
          FieldError.invalid(
              at,
              p,
              "a valid percent string must be a numeric string followed by an ending '%' (e.g."
                  + " '1%',  or '93%', regex used for validation is '[0-9]+%')"));
    }
    return value;
  }

  private static void notAbove100Percent(Object value, FieldPath at, List<FieldError> errs) {
    if (value instanceof String p
        && p.matches("[0-9]+%")
        && Long.parseLong(p.substring(0, p.length() - 1)) > 100) {
      errs.add(FieldError.invalid(at, p, "must not be greater than 100%"));
    }
  }

  private static boolean isZero(Object value) {
    return value instanceof Long n && n == 0 || "0%".equals(value);
  }

  private static void nonNegative(
      JsonNode spec, FieldPath at, String field, List<FieldError> errs) {
    Long value = Json.integer(spec.get(field), at.child(field));
    if (value != null && value < 0) {
      errs.add(FieldError.invalid(at.child(field), value, "must be greater than or equal to 0"));
    }
  }
}
