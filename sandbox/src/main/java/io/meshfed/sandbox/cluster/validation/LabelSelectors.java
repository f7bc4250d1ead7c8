package io.meshfed.sandbox.cluster.validation;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * Label selectors ({@code matchLabels}, {@code matchExpressions}): their checks, as
 * ValidateLabelSelector and ValidateLabelSelectorRequirement of
 * k8s.io/apimachinery/pkg/apis/meta/v1/validation/validation.go make them, and whether one selects
 * a set of labels (k8s.io/apimachinery/pkg/apis/meta/v1/helpers.go).
 */
final class LabelSelectors {

  private LabelSelectors() {}

  static void validate(JsonNode selector, FieldPath at, List<FieldError> errs) {
    if (Json.object(selector, at) == null) {
      return;
    }
    ObjectMetaRules.labelMap(
        Json.stringMap(selector.get("matchLabels"), at.child("matchLabels")),
        at.child("matchLabels"),
        errs);
    List<JsonNode> exprs =
        Json.array(selector.get("matchExpressions"), at.child("matchExpressions"));
    for (int i = 0; i < exprs.size(); i++) {
      FieldPath e = at.child("matchExpressions").index(i);
      String operator = orEmpty(Json.text(exprs.get(i).get("operator"), e.child("operator")));
      List<String> values = Json.strings(exprs.get(i).get("values"), e.child("values"));
      switch (operator) {
        case "In", "NotIn" -> {
          if (values.isEmpty()) {
            errs.add(
                FieldError.required(
                    e.child("values"), "must be specified when `operator` is 'In' or 'NotIn'"));
          }
        }
        case "Exists", "DoesNotExist" -> {
          if (!values.isEmpty()) {
            errs.add(
                FieldError.forbidden(
                    e.child("values"),
                    "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"));
          }
        }
        default ->
            errs.add(
                FieldError.invalid(e.child("operator"), operator, "not a valid selector operator"));
      }
      String key = orEmpty(Json.text(exprs.get(i).get("key"), e.child("key")));
      NameRules.qualifiedName(key)
          .forEach(m -> errs.add(FieldError.invalid(e.child("key"), key, m)));
      for (int v = 0; v < values.size(); v++) {
        String value = values.get(v);
        FieldPath vp = e.child("values").index(v);
        NameRules.labelValue(value).forEach(m -> errs.add(FieldError.invalid(vp, value, m)));
      }
    }
  }

  /** Whether the selector has neither match labels nor match expressions. */
  static boolean empty(JsonNode selector) {
    return selector.path("matchLabels").size() == 0
        && selector.path("matchExpressions").size() == 0;
  }

  static boolean matches(JsonNode selector, Map<String, String> labels) {
    for (Map.Entry<String, JsonNode> e : selector.path("matchLabels").properties()) {
      if (!e.getValue().asText().equals(labels.get(e.getKey()))) {
        return false;
      }
    }
    for (JsonNode expr : selector.path("matchExpressions")) {
      String value = labels.get(expr.path("key").asText());
      boolean listed = false;
      for (JsonNode v : expr.path("values")) {
        listed |= v.asText().equals(value);
      }
      boolean ok =
          switch (expr.path("operator").asText()) {
            case "In" -> value != null && listed;
            case "NotIn" -> value == null || !listed;
            case "Exists" -> value != null;
            case "DoesNotExist" -> value == null;
            default -> false;
          };
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  private static String orEmpty(String s) {
    return s == null ? "" : s;
  }
}
