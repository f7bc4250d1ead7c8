package io.meshfed.sandbox.cluster.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Istio's {@code networking.istio.io} {@code Gateway} and {@code VirtualService} (namespaced, with
 * a status subresource; served as v1, v1beta1 and v1alpha3 with one schema): their schemas ({@code
 * validation/istio-gateway.yaml}, {@code validation/istio-virtualservice.yaml}), the CEL rules of
 * the Gateway CRD on {@code servers[].tls} (istio/istio manifests/charts/base/files/
 * crd-all.gen.yaml; the third rule checks credentialNames and tlsCertificates, whatever its message
 * says, and so does this one), and istiod's validating webhook.
 */
final class IstioNetworkingSchemas {

  static final String GROUP = "networking.istio.io";
  static final List<String> VERSIONS = List.of("v1", "v1beta1", "v1alpha3");

  private IstioNetworkingSchemas() {}

  static List<ResourceKind> gateways() {
    CrdSchema schema = CrdSchema.load("validation/istio-gateway.yaml");
    KindRules rules =
        new CustomResourceRules(schema, List.of(IstioNetworkingSchemas::tlsCredentials));
    List<ResourceKind> kinds = new ArrayList<>();
    for (String version : VERSIONS) {
      kinds.add(
          new ResourceKind(
              GROUP,
              version,
              "Gateway",
              "gateways",
              true,
              NameRule.DNS_SUBDOMAIN,
              true,
              rules,
              schema,
              new IstioGatewayWebhook()));
    }
    return kinds;
  }

  static List<ResourceKind> virtualServices() {
    CrdSchema schema = CrdSchema.load("validation/istio-virtualservice.yaml");
    KindRules rules = new CustomResourceRules(schema, List.of());
    List<ResourceKind> kinds = new ArrayList<>();
    for (String version : VERSIONS) {
      kinds.add(
          new ResourceKind(
              GROUP,
              version,
              "VirtualService",
              "virtualservices",
              true,
              NameRule.DNS_SUBDOMAIN,
              true,
              rules,
              schema,
              new IstioVirtualServiceWebhook()));
    }
    return kinds;
  }

  private static void tlsCredentials(ObjectNode gateway, ObjectNode old, List<FieldError> errs) {
    JsonNode servers = gateway.path("spec").path("servers");
    for (int i = 0; i < servers.size(); i++) {
      JsonNode tls = servers.get(i).get("tls");
      if (tls == null || !tls.isObject()) {
        continue;
      }
      FieldPath at = FieldPath.of("spec", "servers").index(i).child("tls");
      if (tls.has("tlsCertificates") && tls.has("credentialNames")) {
        errs.add(
            CustomResourceRules.failed(
                at, "object", "only one of credentialNames or tlsCertificates can be set"));
      }
      if (tls.has("credentialName") && tls.has("credentialNames")) {
        errs.add(
            CustomResourceRules.failed(
                at, "object", "only one of credentialName or credentialNames can be set"));
      }
      if (tls.has("credentialNames") && tls.has("tlsCertificates")) {
        errs.add(
            CustomResourceRules.failed(
                at, "object", "only one of credentialName or tlsCertificates can be set"));
      }
    }
  }
}
