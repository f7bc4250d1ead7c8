package io.meshfed.sandbox.cluster.validation;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * The checks of a pod's tolerations: a key is a qualified name, an empty key needs operator Exists,
 * Exists takes no value, Equal takes a label value, tolerationSeconds only with NoExecute, known
 * operators and effects. Mirrors ValidateTolerations of
 * k8s.io/kubernetes/pkg/apis/core/validation/validation.go.
 */
final class TolerationRules {

  private static final List<String> EFFECTS =
      List.of("NoSchedule", "PreferNoSchedule", "NoExecute");

  private TolerationRules() {}

  static void toleration(JsonNode t, FieldPath at, List<FieldError> errs) {
    String key = orEmpty(Json.text(t.get("key"), at.child("key")));
    String operator = orEmpty(Json.text(t.get("operator"), at.child("operator")));
    String value = orEmpty(Json.text(t.get("value"), at.child("value")));
    String effect = orEmpty(Json.text(t.get("effect"), at.child("effect")));
    Long seconds = Json.integer(t.get("tolerationSeconds"), at.child("tolerationSeconds"));
    if (!key.isEmpty()) {
      NameRules.qualifiedName(key)
          .forEach(m -> errs.add(FieldError.invalid(at.child("key"), key, m)));
    }
    if (key.isEmpty() && !operator.equals("Exists")) {
      errs.add(
          FieldError.invalid(
              at.child("operator"),
              operator,
              "operator must be Exists when `key` is empty, which means \"match all values and"
                  + " all keys\""));
    }
    if (seconds != null && !effect.equals("NoExecute")) {
      errs.add(
          FieldError.invalid(
              at.child("effect"),
              effect,
              "effect must be 'NoExecute' when `tolerationSeconds` is set"));
    }
    switch (operator) {
      case "", "Equal" ->
          NameRules.labelValue(value)
              .forEach(m -> errs.add(FieldError.invalid(at.child("operator"), value, m)));
      case "Exists" -> {
        if (!value.isEmpty()) {
          errs.add(
              FieldError.invalid(
                  at.child("operator"), t, "value must be empty when `operator` is 'Exists'"));
        }
      }
      default ->
          errs.add(
              FieldError.notSupported(at.child("operator"), operator, List.of("Equal", "Exists")));
    }
    if (!effect.isEmpty() && !EFFECTS.contains(effect)) {
      errs.add(FieldError.notSupported(at.child("effect"), effect, EFFECTS));
    }
  }

  private static String orEmpty(String s) {
    return s == null ? "" : s;
  }
}
