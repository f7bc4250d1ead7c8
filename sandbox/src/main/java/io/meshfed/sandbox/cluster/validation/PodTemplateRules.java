package io.meshfed.sandbox.cluster.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Quantity;
import java.math.BigDecimal;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The checks of a pod template inside a workload: template labels, containers (names, image, ports,
 * environment variable names, volume mounts, requests within limits), volumes (names, one source
 * each, a secret's name), node selector, tolerations, service account name, restart and DNS
 * policies. Mirrors ValidatePodTemplateSpec, ValidatePodSpec, validateContainers,
 * validateContainerPorts, ValidateEnv, ValidateVolumeMounts, ValidateVolumes and
 * ValidateTolerations of k8s.io/kubernetes/pkg/apis/core/validation/validation.go.
 */
final class PodTemplateRules {

  private static final List<String> DNS_POLICIES =
      List.of("ClusterFirstWithHostNet", "ClusterFirst", "Default", "None");
  private static final List<String> PULL_POLICIES = List.of("Always", "IfNotPresent", "Never");

  private PodTemplateRules() {}

  /**
   * @param template the {@code template} of a workload's spec
   * @param at its path, {@code spec.template}
   * @param restartPolicies the restart policies the workload allows
   */
  static void template(
      JsonNode template, FieldPath at, List<String> restartPolicies, List<FieldError> errs) {
    Json.object(template, at);
    JsonNode meta = template.path("metadata");
    ObjectMetaRules.labelMap(
        Json.stringMap(meta.get("labels"), at.child("labels")), at.child("labels"), errs);
    Json.stringMap(meta.get("annotations"), at.child("annotations"));
    FieldPath spec = at.child("spec");
    JsonNode s = template.path("spec");
    Set<String> volumes = volumes(s, spec, errs);
    List<JsonNode> containers = Json.array(s.get("containers"), spec.child("containers"));
    if (containers.isEmpty()) {
      errs.add(FieldError.required(spec.child("containers"), ""));
    }
    Set<String> names = new HashSet<>();
    Set<String> portNames = new HashSet<>();
    for (int i = 0; i < containers.size(); i++) {
      container(
          containers.get(i), spec.child("containers").index(i), names, portNames, volumes, errs);
    }
    List<JsonNode> inits = Json.array(s.get("initContainers"), spec.child("initContainers"));
    for (int i = 0; i < inits.size(); i++) {
      container(
          inits.get(i), spec.child("initContainers").index(i), names, portNames, volumes, errs);
    }
    String restart = Json.text(s.get("restartPolicy"), spec.child("restartPolicy"));
    restart = restart == null || restart.isEmpty() ? "Always" : restart;
    if (!restartPolicies.contains(restart)) {
      errs.add(FieldError.notSupported(spec.child("restartPolicy"), restart, restartPolicies));
    }
    String dns = Json.text(s.get("dnsPolicy"), spec.child("dnsPolicy"));
    if (dns != null && !dns.isEmpty() && !DNS_POLICIES.contains(dns)) {
      errs.add(FieldError.notSupported(spec.child("dnsPolicy"), dns, DNS_POLICIES));
    }
    String account = Json.text(s.get("serviceAccountName"), spec.child("serviceAccountName"));
    if (account != null && !account.isEmpty()) {
      NameRules.dns1123Subdomain(account)
          .forEach(m -> errs.add(FieldError.invalid(spec.child("serviceAccountName"), account, m)));
    }
    ObjectMetaRules.labelMap(
        Json.stringMap(s.get("nodeSelector"), spec.child("nodeSelector")),
        spec.child("nodeSelector"),
        errs);
    List<JsonNode> tolerations = Json.array(s.get("tolerations"), spec.child("tolerations"));
    for (int i = 0; i < tolerations.size(); i++) {
      TolerationRules.toleration(tolerations.get(i), spec.child("tolerations").index(i), errs);
    }
  }

  private static Set<String> volumes(JsonNode spec, FieldPath at, List<FieldError> errs) {
    Set<String> names = new HashSet<>();
    List<JsonNode> volumes = Json.array(spec.get("volumes"), at.child("volumes"));
    for (int i = 0; i < volumes.size(); i++) {
      FieldPath v = at.child("volumes").index(i);
      JsonNode volume = volumes.get(i);
      String name = Json.text(volume.get("name"), v.child("name"));
      if (name == null || name.isEmpty()) {
        errs.add(FieldError.required(v.child("name"), ""));
      } else {
        NameRules.dns1123Label(name)
            .forEach(m -> errs.add(FieldError.invalid(v.child("name"), name, m)));
        if (!names.add(name)) {
          errs.add(FieldError.duplicate(v.child("name"), name));
        }
      }
      int sources = volume.size() - (volume.has("name") ? 1 : 0);
      if (sources == 0) {
        errs.add(FieldError.required(v, "must specify a volume type"));
      } else if (sources > 1) {
        errs.add(FieldError.forbidden(v, "may not specify more than 1 volume type"));
      }
      if (volume.has("secret")) {
        String secret =
            Json.text(
                volume.path("secret").get("secretName"), v.child("secret").child("secretName"));
        if (secret == null || secret.isEmpty()) {
          errs.add(FieldError.required(v.child("secret").child("secretName"), ""));
        }
      }
    }
    return names;
  }

  private static void container(
      JsonNode c,
      FieldPath at,
      Set<String> names,
      Set<String> portNames,
      Set<String> volumes,
      List<FieldError> errs) {
    String name = Json.text(c.get("name"), at.child("name"));
    if (name == null || name.isEmpty()) {
      errs.add(FieldError.required(at.child("name"), ""));
    } else {
      NameRules.dns1123Label(name)
          .forEach(m -> errs.add(FieldError.invalid(at.child("name"), name, m)));
      if (!names.add(name)) {
        errs.add(FieldError.duplicate(at.child("name"), name));
      }
    }
    String image = Json.text(c.get("image"), at.child("image"));
    if (image == null || image.isBlank()) {
      errs.add(FieldError.required(at.child("image"), ""));
    }
    String pull = Json.text(c.get("imagePullPolicy"), at.child("imagePullPolicy"));
    if (pull != null && !pull.isEmpty() && !PULL_POLICIES.contains(pull)) {
      errs.add(FieldError.notSupported(at.child("imagePullPolicy"), pull, PULL_POLICIES));
    }
    List<JsonNode> ports = Json.array(c.get("ports"), at.child("ports"));
    for (int i = 0; i < ports.size(); i++) {
      FieldPath p = at.child("ports").index(i);
      String portName = Json.text(ports.get(i).get("name"), p.child("name"));
      if (portName != null && !portName.isEmpty()) {
        NameRules.portName(portName)
            .forEach(m -> errs.add(FieldError.invalid(p.child("name"), portName, m)));
        if (!portNames.add(portName)) {
          errs.add(FieldError.duplicate(p.child("name"), portName));
        }
      }
      portNumber(ports.get(i).get("containerPort"), p.child("containerPort"), true, errs);
      portNumber(ports.get(i).get("hostPort"), p.child("hostPort"), false, errs);
      String protocol = Json.text(ports.get(i).get("protocol"), p.child("protocol"));
      if (protocol != null && !protocol.isEmpty() && !ServiceRules.PROTOCOLS.contains(protocol)) {
        errs.add(FieldError.notSupported(p.child("protocol"), protocol, ServiceRules.PROTOCOLS));
      }
    }
    List<JsonNode> env = Json.array(c.get("env"), at.child("env"));
    for (int i = 0; i < env.size(); i++) {
      FieldPath e = at.child("env").index(i);
      String envName = Json.text(env.get(i).get("name"), e.child("name"));
      if (envName == null || envName.isEmpty()) {
        errs.add(FieldError.required(e.child("name"), ""));
      } else {
        NameRules.envVarName(envName)
            .forEach(m -> errs.add(FieldError.invalid(e.child("name"), envName, m)));
      }
      String value = Json.text(env.get(i).get("value"), e.child("value"));
      if (value != null && !value.isEmpty() && !Json.absent(env.get(i).get("valueFrom"))) {
        errs.add(
            FieldError.invalid(
                e.child("valueFrom"), "", "may not be specified when `value` is not empty"));
      }
    }
    List<JsonNode> mounts = Json.array(c.get("volumeMounts"), at.child("volumeMounts"));
    Set<String> paths = new HashSet<>();
    for (int i = 0; i < mounts.size(); i++) {
      FieldPath m = at.child("volumeMounts").index(i);
      String volume = Json.text(mounts.get(i).get("name"), m.child("name"));
      if (volume == null || volume.isEmpty()) {
        errs.add(FieldError.required(m.child("name"), ""));
      } else if (!volumes.contains(volume)) {
        errs.add(FieldError.notFound(m.child("name"), volume));
      }
      String path = Json.text(mounts.get(i).get("mountPath"), m.child("mountPath"));
      if (path == null || path.isEmpty()) {
        errs.add(FieldError.required(m.child("mountPath"), ""));
      } else if (!paths.add(path)) {
        errs.add(FieldError.invalid(m.child("mountPath"), path, "must be unique"));
      }
    }
    resources(c.path("resources"), at.child("resources"), errs);
  }

  private static void portNumber(
      JsonNode node, FieldPath at, boolean required, List<FieldError> errs) {
    Long port = Json.integer(node, at);
    if (port == null && !required) {
      return;
    }
    long n = port == null ? 0 : port;
    if ((required || n != 0) && (n < 1 || n > 65535)) {
      errs.add(FieldError.invalid(at, n, "must be between 1 and 65535, inclusive"));
    }
  }

  private static void resources(JsonNode resources, FieldPath at, List<FieldError> errs) {
    Map<String, String> limits =
        Json.stringMap(quantities(resources.get("limits")), at.child("limits"));
    Map<String, String> requests =
        Json.stringMap(quantities(resources.get("requests")), at.child("requests"));
    requests.forEach(
        (resource, request) -> {
          String limit = limits.get(resource);
          if (limit != null && amount(request, at).compareTo(amount(limit, at)) > 0) {
            errs.add(
                FieldError.invalid(
                    at.child("requests").key(resource),
                    request,
                    "must be less than or equal to " + resource + " limit of " + limit));
          }
        });
  }

  /** Quantities may be written as numbers; they read as their text. */
  private static JsonNode quantities(JsonNode map) {
    if (map == null || !map.isObject()) {
      return map;
    }
    ObjectNode copy = map.deepCopy();
    map.properties()
        .forEach(
            e -> {
              if (e.getValue().isNumber()) {
                copy.put(e.getKey(), e.getValue().asText());
              }
            });
    return copy;
  }

  private static BigDecimal amount(String quantity, FieldPath at) {
    try {
      return Quantity.getAmountInBytes(new Quantity(quantity));
    } catch (RuntimeException e) {
      throw new Json.DecodeException(
          "quantities must match the regular expression"
              + " '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'");
    }
  }

  private static String orEmpty(String s) {
    return s == null ? "" : s;
  }
}
