package io.meshfed.sandbox.cluster.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The field checks of Mutating- and ValidatingWebhookConfiguration (admissionregistration/v1):
 * webhook names are unique domains of at least three segments; a client config has exactly one of
 * url (https, no query or fragment) and service (name, namespace, path from '/', port); sideEffects
 * and admissionReviewVersions are required; policies are from their enums; timeouts lie between 1
 * and 30 seconds. Mirrors validateMutatingWebhook, validateValidatingWebhook and
 * ValidateWebhookClientConfig of k8s.io/kubernetes/pkg/apis/admissionregistration/validation/
 * validation.go and ValidateWebhookURL and ValidateWebhookService of
 * k8s.io/apiserver/pkg/util/webhook/validation.go.
 */
final class WebhookConfigurationRules {

  private WebhookConfigurationRules() {}

  static List<FieldError> mutating(ObjectNode config, ObjectNode old) {
    return webhooks(config, true);
  }

  static List<FieldError> validating(ObjectNode config, ObjectNode old) {
    return webhooks(config, false);
  }

  private static List<FieldError> webhooks(ObjectNode config, boolean mutating) {
    List<FieldError> errs = new ArrayList<>();
    Set<String> names = new HashSet<>();
    List<JsonNode> hooks = Json.array(config.get("webhooks"), FieldPath.of("webhooks"));
    for (int i = 0; i < hooks.size(); i++) {
      FieldPath at = FieldPath.of("webhooks").index(i);
      JsonNode hook = hooks.get(i);
      String name = orEmpty(Json.text(hook.get("name"), at.child("name")));
      if (name.isEmpty()) {
        errs.add(FieldError.required(at.child("name"), ""));
      } else {
        NameRules.fullyQualifiedName(name)
            .forEach(m -> errs.add(FieldError.invalid(at.child("name"), name, m)));
        if (!names.add(name)) {
          errs.add(FieldError.duplicate(at.child("name"), name));
        }
      }
      clientConfig(hook.path("clientConfig"), at.child("clientConfig"), at, errs);
      String effects = Json.text(hook.get("sideEffects"), at.child("sideEffects"));
      List<String> noEffects = List.of("None", "NoneOnDryRun");
      if (effects == null || effects.isEmpty()) {
        errs.add(
            FieldError.required(at.child("sideEffects"), "must specify one of None, NoneOnDryRun"));
      } else if (!noEffects.contains(effects)) {
        errs.add(FieldError.notSupported(at.child("sideEffects"), effects, noEffects));
      }
      List<String> versions =
          Json.strings(hook.get("admissionReviewVersions"), at.child("admissionReviewVersions"));
      if (versions.stream().noneMatch(v -> v.equals("v1") || v.equals("v1beta1"))) {
        errs.add(
            FieldError.required(
                at.child("admissionReviewVersions"), "must specify one of v1, v1beta1"));
      }
      oneOf(hook, at, "failurePolicy", List.of("Fail", "Ignore"), errs);
      oneOf(hook, at, "matchPolicy", List.of("Equivalent", "Exact"), errs);
      if (mutating) {
        oneOf(hook, at, "reinvocationPolicy", List.of("IfNeeded", "Never"), errs);
      }
      Long timeout = Json.integer(hook.get("timeoutSeconds"), at.child("timeoutSeconds"));
      if (timeout != null && (timeout < 1 || timeout > 30)) {
        errs.add(
            FieldError.invalid(
                at.child("timeoutSeconds"),
                timeout,
                "the timeout value must be between 1 and 30 seconds"));
      }
      LabelSelectors.validate(hook.get("namespaceSelector"), at.child("namespaceSelector"), errs);
      LabelSelectors.validate(hook.get("objectSelector"), at.child("objectSelector"), errs);
    }
    return errs;
  }

  private static void clientConfig(
      JsonNode cc, FieldPath at, FieldPath hook, List<FieldError> errs) {
    Json.object(cc, at);
    String url = Json.text(cc.get("url"), at.child("url"));
    JsonNode service = cc.get("service");
    if ((url == null) == Json.absent(service)) {
      errs.add(
          FieldError.required(
              hook.child("clientConfig"), "exactly one of url or service is required"));
      return;
    }
    if (url != null) {
      url(url, at.child("url"), errs);
      return;
    }
    FieldPath s = at.child("service");
    for (String field : List.of("name", "namespace")) {
      String value = Json.text(service.get(field), s.child(field));
      if (value == null || value.isEmpty()) {
        errs.add(FieldError.required(s.child(field), "service " + field + " is required"));
      }
    }
    String path = Json.text(service.get("path"), s.child("path"));
    if (path != null && !path.isEmpty() && !path.startsWith("/")) {
      errs.add(FieldError.invalid(s.child("path"), path, "must start with a '/'"));
    }
    Long port = Json.integer(service.get("port"), s.child("port"));
    if (port != null && (port < 1 || port > 65535)) {
      errs.add(
          FieldError.invalid(
              s.child("port"), port, "port is not valid: must be between 1 and 65535, inclusive"));
    }
  }

  private static void url(String url, FieldPath at, List<FieldError> errs) {
    URI u;
    try {
      u = new URI(url);
    } catch (URISyntaxException e) {
      errs.add(FieldError.invalid(at, url, "host must be specified"));
      return;
    }
    if (!"https".equals(u.getScheme())) {
      errs.add(FieldError.invalid(at, url, "'https' is the only allowed URL scheme"));
    }
    if (u.getHost() == null || u.getHost().isEmpty()) {
      errs.add(FieldError.invalid(at, url, "host must be specified"));
    }
    if (u.getUserInfo() != null) {
      errs.add(
          FieldError.invalid(at, u.getUserInfo(), "user information is not permitted in the URL"));
    }
    if (u.getFragment() != null) {
      errs.add(FieldError.invalid(at, u.getFragment(), "fragments are not permitted in the URL"));
    }
    if (u.getQuery() != null) {
      errs.add(
          FieldError.invalid(at, u.getQuery(), "query parameters are not permitted in the URL"));
    }
  }

  private static void oneOf(
      JsonNode hook, FieldPath at, String field, List<String> values, List<FieldError> errs) {
    String value = Json.text(hook.get(field), at.child(field));
    if (value != null && !value.isEmpty() && !values.contains(value)) {
      errs.add(FieldError.notSupported(at.child(field), value, values));
    }
  }

  private static String orEmpty(String s) {
    return s == null ? "" : s;
  }
}
