package io.meshfed.hub.request;

import io.meshfed.events.model.ClusterStatus;
import io.meshfed.events.model.CniSettings;
import io.meshfed.events.model.GatewayPlacement;
import io.meshfed.events.model.Toleration;
import io.meshfed.security.sign.SigningKeys;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Checks of single request fields that need no registry: names, network, Istio version, CNI
 * settings, gateway placement, API-server URL and TLS name. Each names the field at fault. Pure.
 */
final class FieldChecks {

  private static final Set<String> OPERATORS = Set.of("Exists", "Equal");
  private static final Set<String> EFFECTS = Set.of("NoSchedule", "PreferNoSchedule", "NoExecute");

  private FieldChecks() {}

  static Optional<Rejection> network(String network) {
    if (network == null || network.isEmpty() || Names.isNetworkName(network)) {
      return Optional.empty();
    }
    return Optional.of(
        Rejection.invalid(
            "InvalidNetwork",
            "network",
            "network '"
                + network
                + "' is not a valid label value: at most 63 letters, digits, '-', '_' or '.',"
                + " starting and ending with a letter or digit"));
  }

  static Optional<Rejection> name(String value, String field) {
    if (Names.isDns1123Label(value)) {
      return Optional.empty();
    }
    String shown = value == null ? "missing" : "'" + value + "'";
    return Optional.of(
        Rejection.invalid(
            "InvalidName", field, field + " " + shown + " is not " + Names.labelRule()));
  }

  static Optional<Rejection> istioVersion(String version) {
    if (Names.isIstioVersion(version)) {
      return Optional.empty();
    }
    return Optional.of(
        Rejection.invalid(
            "InvalidIstioVersion",
            "istioVersion",
            "istioVersion "
                + (version == null ? "is missing" : "'" + version + "' is not a version")
                + "; use the form v1.28.1"));
  }

  static Optional<Rejection> cni(CniSettings cni) {
    if (cni == null) {
      return Optional.empty();
    }
    if (cni.cniConfDir() != null && !cni.cniConfDir().startsWith("/")) {
      return Optional.of(
          Rejection.invalid(
              "InvalidCni",
              "cni.cniConfDir",
              "cni.cniConfDir '" + cni.cniConfDir() + "' must be an absolute path"));
    }
    List<String> excluded = cni.excludeNamespaces();
    for (int i = 0; i < excluded.size(); i++) {
      if (!Names.isDns1123Label(excluded.get(i))) {
        return Optional.of(
            Rejection.invalid(
                "InvalidCni",
                "cni.excludeNamespaces[" + i + "]",
                "namespace '" + excluded.get(i) + "' is not " + Names.labelRule()));
      }
    }
    return Optional.empty();
  }

  static Optional<Rejection> placement(GatewayPlacement placement) {
    if (placement == null) {
      return Optional.empty();
    }
    for (Map.Entry<String, String> e : placement.nodeSelector().entrySet()) {
      if (e.getKey() == null || e.getKey().isBlank() || e.getValue() == null) {
        return Optional.of(
            Rejection.invalid(
                "InvalidGatewayPlacement",
                "gatewayPlacement.nodeSelector",
                "every nodeSelector entry needs a label key and a value"));
      }
    }
    List<Toleration> tolerations = placement.tolerations();
    for (int i = 0; i < tolerations.size(); i++) {
      Toleration t = tolerations.get(i);
      String at = "gatewayPlacement.tolerations[" + i + "]";
      if (t == null) {
        return Optional.of(
            Rejection.invalid("InvalidGatewayPlacement", at, "a toleration cannot be null"));
      }
      if (t.operator() != null && !OPERATORS.contains(t.operator())) {
        return Optional.of(
            Rejection.invalid(
                "InvalidGatewayPlacement",
                at + ".operator",
                "operator '" + t.operator() + "' must be Exists or Equal"));
      }
      if ("Exists".equals(t.operator()) && t.value() != null && !t.value().isEmpty()) {
        return Optional.of(
            Rejection.invalid(
                "InvalidGatewayPlacement",
                at + ".value",
                "a toleration with operator Exists takes no value"));
      }
      if (t.effect() != null && !t.effect().isEmpty() && !EFFECTS.contains(t.effect())) {
        return Optional.of(
            Rejection.invalid(
                "InvalidGatewayPlacement",
                at + ".effect",
                "effect '" + t.effect() + "' must be one of " + new TreeSet<>(EFFECTS)));
      }
    }
    return Optional.empty();
  }

  static Optional<Rejection> signingPublicKey(String key) {
    if (key == null || key.isEmpty()) {
      return Optional.empty();
    }
    try {
      SigningKeys.decodePublicKey(key);
      return Optional.empty();
    } catch (IllegalArgumentException e) {
      return Optional.of(
          Rejection.invalid(
              "InvalidSigningKey",
              "signingPublicKey",
              "signingPublicKey must be the agent's Ed25519 public key as base64 of its X.509"
                  + " SubjectPublicKeyInfo (60 characters, starting MCowBQYDK2Vw): "
                  + e.getMessage()));
    }
  }

  /** The same rule as for the {@code apiServerUrl} of a status ({@link ClusterStatus}). */
  static Optional<Rejection> apiServerUrl(String url) {
    if (url == null || url.isEmpty() || ClusterStatus.validApiServerUrl(url)) {
      return Optional.empty();
    }
    return Optional.of(
        Rejection.invalid(
            "InvalidApiServerUrl",
            "apiServerUrl",
            // The URL itself is not repeated: it may carry a password, and may be long.
            "apiServerUrl must be an https URL whose host is an IP address or a DNS name, with an"
                + " optional port and path, no user, query or fragment, at most "
                + ClusterStatus.MAX_URL_LENGTH
                + " characters, such as https://10.0.0.1:6443"));
  }

  /**
   * The name peers verify the API server's certificate for: absent, or a DNS name. Allowed with or
   * without {@code apiServerUrl}: the host of the URL the agent reports may be missing from the
   * certificate too.
   */
  static Optional<Rejection> apiServerTlsServerName(String name) {
    if (name == null || name.isEmpty() || Names.isDnsName(name)) {
      return Optional.empty();
    }
    return Optional.of(
        Rejection.invalid(
            "InvalidApiServerTlsServerName",
            "apiServerTlsServerName",
            "apiServerTlsServerName '"
                + name
                + "' is not "
                + Names.dnsNameRule()
                + "; give a name the API server's certificate carries, such as"
                + " kubernetes.default.svc"));
  }

  static Optional<Rejection> gatewayAddressPool(java.util.List<String> pool) {
    return io.meshfed.events.model.GatewayAddressPool.problem(pool)
        .map(
            problem ->
                Rejection.invalid(
                    "InvalidGatewayAddressPool",
                    "gatewayAddressPool",
                    "gatewayAddressPool: "
                        + problem
                        + "; list the addresses the cluster's east-west gateway may have"));
  }
}
