package io.meshfed.sandbox.cluster.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The field checks of Role, ClusterRole, RoleBinding and ClusterRoleBinding: rules need verbs and,
 * for resources, API groups and resources; a binding's roleRef is required (group
 * rbac.authorization.k8s.io, kind Role or ClusterRole, a name) and can never change; subjects have
 * a known kind, a name and the group their kind takes. Mirrors ValidatePolicyRule,
 * ValidateRoleBinding, ValidateRoleBindingUpdate and ValidateRoleBindingSubject of
 * k8s.io/kubernetes/pkg/apis/rbac/validation/validation.go.
 */
final class RbacRules {

  static final String GROUP = "rbac.authorization.k8s.io";

  private RbacRules() {}

  static List<FieldError> role(ObjectNode role, ObjectNode old) {
    return rules(role, true);
  }

  static List<FieldError> clusterRole(ObjectNode role, ObjectNode old) {
    return rules(role, false);
  }

  private static List<FieldError> rules(ObjectNode role, boolean namespaced) {
    List<FieldError> errs = new ArrayList<>();
    List<JsonNode> rules = Json.array(role.get("rules"), FieldPath.of("rules"));
    for (int i = 0; i < rules.size(); i++) {
      FieldPath at = FieldPath.of("rules").index(i);
      JsonNode rule = rules.get(i);
      List<String> verbs = Json.strings(rule.get("verbs"), at.child("verbs"));
      List<String> groups = Json.strings(rule.get("apiGroups"), at.child("apiGroups"));
      List<String> resources = Json.strings(rule.get("resources"), at.child("resources"));
      List<String> names = Json.strings(rule.get("resourceNames"), at.child("resourceNames"));
      List<String> urls = Json.strings(rule.get("nonResourceURLs"), at.child("nonResourceURLs"));
      if (verbs.isEmpty()) {
        errs.add(FieldError.required(at.child("verbs"), "verbs must contain at least one value"));
      }
      if (!urls.isEmpty()) {
        if (namespaced) {
          errs.add(
              FieldError.invalid(
                  at.child("nonResourceURLs"),
                  rule.get("nonResourceURLs"),
                  "namespaced rules cannot apply to non-resource URLs"));
        }
        if (!groups.isEmpty() || !resources.isEmpty() || !names.isEmpty()) {
          errs.add(
              FieldError.invalid(
                  at.child("nonResourceURLs"),
                  rule.get("nonResourceURLs"),
                  "rules cannot apply to both regular resources and non-resource URLs"));
        }
        continue;
      }
      if (groups.isEmpty()) {
        errs.add(
            FieldError.required(
                at.child("apiGroups"), "resource rules must supply at least one api group"));
      }
      if (resources.isEmpty()) {
        errs.add(
            FieldError.required(
                at.child("resources"), "resource rules must supply at least one resource"));
      }
    }
    return errs;
  }

  static List<FieldError> roleBinding(ObjectNode binding, ObjectNode old) {
    return binding(binding, old, true);
  }

  static List<FieldError> clusterRoleBinding(ObjectNode binding, ObjectNode old) {
    return binding(binding, old, false);
  }

  private static List<FieldError> binding(ObjectNode binding, ObjectNode old, boolean namespaced) {
    List<FieldError> errs = new ArrayList<>();
    FieldPath ref = FieldPath.of("roleRef");
    JsonNode roleRef = binding.path("roleRef");
    Json.object(binding.get("roleRef"), ref);
    String group = orEmpty(Json.text(roleRef.get("apiGroup"), ref.child("apiGroup")));
    String kind = orEmpty(Json.text(roleRef.get("kind"), ref.child("kind")));
    String name = orEmpty(Json.text(roleRef.get("name"), ref.child("name")));
    if (!group.equals(GROUP)) {
      errs.add(FieldError.notSupported(ref.child("apiGroup"), group, List.of(GROUP)));
    }
    List<String> kinds = namespaced ? List.of("Role", "ClusterRole") : List.of("ClusterRole");
    if (!kinds.contains(kind)) {
      errs.add(FieldError.notSupported(ref.child("kind"), kind, kinds));
    }
    if (name.isEmpty()) {
      errs.add(FieldError.required(ref.child("name"), ""));
    } else {
      NameRules.pathSegment(name)
          .forEach(m -> errs.add(FieldError.invalid(ref.child("name"), name, m)));
    }
    List<JsonNode> subjects = Json.array(binding.get("subjects"), FieldPath.of("subjects"));
    for (int i = 0; i < subjects.size(); i++) {
      subject(subjects.get(i), FieldPath.of("subjects").index(i), namespaced, errs);
    }
    if (old != null && !Objects.equals(old.get("roleRef"), binding.get("roleRef"))) {
      errs.add(FieldError.invalid(ref, roleRef, "cannot change roleRef"));
    }
    return errs;
  }

  private static void subject(JsonNode s, FieldPath at, boolean namespaced, List<FieldError> errs) {
    String kind = orEmpty(Json.text(s.get("kind"), at.child("kind")));
    String name = orEmpty(Json.text(s.get("name"), at.child("name")));
    String group = Json.text(s.get("apiGroup"), at.child("apiGroup"));
    String namespace = orEmpty(Json.text(s.get("namespace"), at.child("namespace")));
    if (name.isEmpty()) {
      errs.add(FieldError.required(at.child("name"), ""));
    }
    switch (kind) {
      case "ServiceAccount" -> {
        if (!name.isEmpty()) {
          NameRules.dns1123Subdomain(name)
              .forEach(m -> errs.add(FieldError.invalid(at.child("name"), name, m)));
        }
        if (group != null && !group.isEmpty()) {
          errs.add(FieldError.notSupported(at.child("apiGroup"), group, List.of("")));
        }
        if (!namespaced && namespace.isEmpty()) {
          errs.add(FieldError.required(at.child("namespace"), ""));
        }
      }
      case "User", "Group" -> {
        // v1 defaults an empty group of users and groups to rbac.authorization.k8s.io
        if (group != null && !group.isEmpty() && !group.equals(GROUP)) {
          errs.add(FieldError.notSupported(at.child("apiGroup"), group, List.of(GROUP)));
        }
      }
      default ->
          errs.add(
              FieldError.notSupported(
                  at.child("kind"), kind, List.of("ServiceAccount", "User", "Group")));
    }
  }

  private static String orEmpty(String s) {
    return s == null ? "" : s;
  }
}
