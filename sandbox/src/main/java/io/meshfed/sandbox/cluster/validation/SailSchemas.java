package io.meshfed.sandbox.cluster.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The custom resources of the Sail operator, {@code sailoperator.io/v1} {@code Istio} and {@code
 * IstioCNI}, both cluster-scoped with a status subresource: their schemas ({@code
 * validation/sail-istio.yaml}, {@code validation/sail-istiocni.yaml}) and the CEL rules of the CRDs
 * of Sail's release-1.28 branch (istio-ecosystem/sail-operator api/v1/istio_types.go,
 * istiocni_types.go and values_types.gen.go): spec.namespace is immutable,
 * spec.values.global.istioNamespace must match spec.namespace, an IstioCNI must be named {@code
 * default}, and a meshNetworks endpoint or gateway sets at most one of its alternatives.
 */
final class SailSchemas {

  static final String GROUP = "sailoperator.io";

  private SailSchemas() {}

  static ResourceKind istio() {
    CrdSchema schema = CrdSchema.load("validation/sail-istio.yaml");
    KindRules rules =
        new CustomResourceRules(
            schema,
            List.of(
                SailSchemas::immutableNamespace,
                SailSchemas::istioNamespaceMatches,
                SailSchemas::meshNetworksAlternatives));
    return new ResourceKind(
        GROUP, "v1", "Istio", "istios", false, NameRule.DNS_SUBDOMAIN, true, rules, schema, null);
  }

  static ResourceKind istioCni() {
    CrdSchema schema = CrdSchema.load("validation/sail-istiocni.yaml");
    KindRules rules =
        new CustomResourceRules(
            schema, List.of(SailSchemas::immutableNamespace, SailSchemas::namedDefault));
    return new ResourceKind(
        GROUP,
        "v1",
        "IstioCNI",
        "istiocnis",
        false,
        NameRule.DNS_SUBDOMAIN,
        true,
        rules,
        schema,
        null);
  }

  /** {@code spec.namespace}: {@code self == oldSelf}, "Value is immutable". */
  private static void immutableNamespace(ObjectNode object, ObjectNode old, List<FieldError> errs) {
    if (old == null || !old.path("spec").has("namespace")) {
      return;
    }
    if (!Objects.equals(old.path("spec").get("namespace"), object.path("spec").get("namespace"))) {
      errs.add(
          CustomResourceRules.failed(
              FieldPath.of("spec", "namespace"), "string", "Value is immutable"));
    }
  }

  /** On IstioSpec: istioNamespace, when set, equals spec.namespace. */
  private static void istioNamespaceMatches(
      ObjectNode object, ObjectNode old, List<FieldError> errs) {
    JsonNode spec = object.path("spec");
    JsonNode istioNamespace = spec.path("values").path("global").get("istioNamespace");
    if (istioNamespace != null && !istioNamespace.equals(spec.get("namespace"))) {
      errs.add(
          CustomResourceRules.failed(
              FieldPath.of("spec"),
              "object",
              "spec.values.global.istioNamespace must match spec.namespace"));
    }
  }

  /** On meshNetworks' endpoints and gateways: at most one of each pair of alternatives. */
  private static void meshNetworksAlternatives(
      ObjectNode object, ObjectNode old, List<FieldError> errs) {
    FieldPath base = FieldPath.of("spec", "values", "global", "meshNetworks");
    JsonNode networks = object.path("spec").path("values").path("global").path("meshNetworks");
    for (Map.Entry<String, JsonNode> network : networks.properties()) {
      FieldPath at = base.key(network.getKey());
      atMostOne(
          network.getValue().path("endpoints"),
          at.child("endpoints"),
          "fromCidr",
          "fromRegistry",
          errs);
      atMostOne(
          network.getValue().path("gateways"),
          at.child("gateways"),
          "registryServiceName",
          "address",
          errs);
    }
  }

  private static void atMostOne(
      JsonNode items, FieldPath at, String a, String b, List<FieldError> errs) {
    for (int i = 0; i < items.size(); i++) {
      if (items.get(i).has(a) && items.get(i).has(b)) {
        errs.add(
            CustomResourceRules.failed(
                at.index(i), "object", "At most one of [" + a + " " + b + "] should be set"));
      }
    }
  }

  /** On IstioCNI: {@code self.metadata.name == 'default'}. */
  private static void namedDefault(ObjectNode object, ObjectNode old, List<FieldError> errs) {
    if (!"default".equals(object.path("metadata").path("name").asText(null))) {
      errs.add(
          CustomResourceRules.failed(FieldPath.ROOT, "object", "metadata.name must be 'default'"));
    }
  }
}
