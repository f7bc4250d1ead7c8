package io.meshfed.sandbox.cluster.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The field checks of a Service: type, ports (number, protocol, DNS-1123 label names that are
 * required and unique once there is more than one, target port, node port), selector labels,
 * external name. Fields the API server defaults are checked with their defaults (type ClusterIP,
 * protocol TCP). Mirrors ValidateService and validateServicePort of
 * k8s.io/kubernetes/pkg/apis/core/validation/validation.go.
 */
final class ServiceRules {

  static final List<String> TYPES =
      List.of("ClusterIP", "ExternalName", "LoadBalancer", "NodePort");
  static final List<String> PROTOCOLS = List.of("SCTP", "TCP", "UDP");
  private static final List<String> AFFINITIES = List.of("ClientIP", "None");
  private static final List<String> TRAFFIC_POLICIES = List.of("Cluster", "Local");

  private ServiceRules() {}

  static List<FieldError> service(ObjectNode service, ObjectNode old) {
    List<FieldError> errs = new ArrayList<>();
    FieldPath spec = FieldPath.of("spec");
    JsonNode s = service.path("spec");
    Json.object(service.get("spec"), spec);
    String type = Json.text(s.get("type"), spec.child("type"));
    if (type == null || type.isEmpty()) {
      type = "ClusterIP";
    } else if (!TYPES.contains(type)) {
      errs.add(FieldError.notSupported(spec.child("type"), type, TYPES));
    }
    boolean headless = "None".equals(Json.text(s.get("clusterIP"), spec.child("clusterIP")));
    List<JsonNode> ports = Json.array(s.get("ports"), spec.child("ports"));
    if (ports.isEmpty() && !headless && !"ExternalName".equals(type)) {
      errs.add(FieldError.required(spec.child("ports"), ""));
    }
    Set<String> names = new HashSet<>();
    Set<String> portProtocols = new HashSet<>();
    for (int i = 0; i < ports.size(); i++) {
      FieldPath at = spec.child("ports").index(i);
      port(ports.get(i), at, ports.size() > 1, type, names, errs);
      String key = ports.get(i).path("port").asText() + "/" + protocol(ports.get(i), at);
      if (!portProtocols.add(key)) {
        errs.add(FieldError.duplicate(at, key));
      }
    }
    if ("ExternalName".equals(type)) {
      String cname = Json.text(s.get("externalName"), spec.child("externalName"));
      cname = cname == null ? "" : cname.replaceAll("\\.$", "");
      if (cname.isEmpty()) {
        errs.add(FieldError.required(spec.child("externalName"), ""));
      } else {
        String name = cname;
        NameRules.dns1123Subdomain(cname)
            .forEach(m -> errs.add(FieldError.invalid(spec.child("externalName"), name, m)));
      }
    }
    ObjectMetaRules.labelMap(
        Json.stringMap(s.get("selector"), spec.child("selector")), spec.child("selector"), errs);
    oneOf(s, spec, "sessionAffinity", AFFINITIES, errs);
    oneOf(s, spec, "externalTrafficPolicy", TRAFFIC_POLICIES, errs);
    oneOf(s, spec, "internalTrafficPolicy", TRAFFIC_POLICIES, errs);
    return errs;
  }

  private static void port(
      JsonNode port,
      FieldPath at,
      boolean nameRequired,
      String type,
      Set<String> names,
      List<FieldError> errs) {
    String name = Json.text(port.get("name"), at.child("name"));
    if (name == null || name.isEmpty()) {
      if (nameRequired) {
        errs.add(FieldError.required(at.child("name"), ""));
      }
    } else {
      NameRules.dns1123Label(name)
          .forEach(m -> errs.add(FieldError.invalid(at.child("name"), name, m)));
      if (!names.add(name)) {
        errs.add(FieldError.duplicate(at.child("name"), name));
      }
    }
    Long number = Json.integer(port.get("port"), at.child("port"));
    long n = number == null ? 0 : number;
    if (n < 1 || n > 65535) {
      errs.add(FieldError.invalid(at.child("port"), n, "must be between 1 and 65535, inclusive"));
    }
    String protocol = protocol(port, at);
    if (!PROTOCOLS.contains(protocol)) {
      errs.add(FieldError.notSupported(at.child("protocol"), protocol, PROTOCOLS));
    }
    Object target = Json.intOrString(port.get("targetPort"), at.child("targetPort"));
    if (target instanceof Long t && (t < 1 || t > 65535)) {
      errs.add(
          FieldError.invalid(at.child("targetPort"), t, "must be between 1 and 65535, inclusive"));
    } else if (target instanceof String t) {
      NameRules.portName(t)
          .forEach(m -> errs.add(FieldError.invalid(at.child("targetPort"), t, m)));
    }
    Long nodePort = Json.integer(port.get("nodePort"), at.child("nodePort"));
    if (nodePort != null && nodePort != 0) {
      if ("ClusterIP".equals(type) || "ExternalName".equals(type)) {
        errs.add(
            FieldError.forbidden(
                at.child("nodePort"), "may not be used when `type` is '" + type + "'"));
      } else if (nodePort < 30000 || nodePort > 32767) {
        errs.add(
            FieldError.invalid(
                at.child("nodePort"),
                nodePort,
                "provided port is not in the valid range. The range of valid ports is"
                    + " 30000-32767"));
      }
    }
  }

  private static String protocol(JsonNode port, FieldPath at) {
    String protocol = Json.text(port.get("protocol"), at.child("protocol"));
    return protocol == null || protocol.isEmpty() ? "TCP" : protocol;
  }

  private static void oneOf(
      JsonNode spec, FieldPath at, String field, List<String> values, List<FieldError> errs) {
    String value = Json.text(spec.get(field), at.child(field));
    if (value != null && !value.isEmpty() && !values.contains(value)) {
      errs.add(FieldError.notSupported(at.child(field), value, values));
    }
  }
}
