package io.meshfed.sandbox.cluster.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What istiod's validating webhook refuses in a Gateway beyond its CRD schema: a name that is not a
 * DNS label, no servers, a server without hosts or with an invalid host, a port without name, of an
 * unknown protocol or outside 1..65535, a targetPort, HTTPS/TLS without TLS settings (or TLS
 * settings on a plain port), SIMPLE/MUTUAL without certificates, duplicate port names. Mirrors
 * ValidateGateway, validateServer, validateServerPort and validateTLSOptions of istio/istio
 * pkg/config/validation/validation.go, and ValidateNamespaceSlashWildcardHostname of
 * pkg/config/validation/agent/validation.go.
 */
final class IstioGatewayWebhook extends IstioValidationWebhook {

  /** The protocols istio's pkg/config/protocol parses (case-insensitively). */
  private static final Set<String> PROTOCOLS =
      Set.of(
          "TCP",
          "UDP",
          "GRPC",
          "GRPC-WEB",
          "HTTP",
          "HTTP_PROXY",
          "HTTP2",
          "HTTPS",
          "TLS",
          "MONGO",
          "REDIS",
          "MYSQL");

  private static final Set<String> HTTP = Set.of("HTTP", "HTTP2", "GRPC", "GRPC-WEB", "HTTP_PROXY");

  @Override
  public List<String> review(ObjectNode gateway) {
    List<String> errs = new ArrayList<>();
    String name = gateway.path("metadata").path("name").asText("");
    if (!IstioHostnames.isLabel(name)) {
      errs.add("invalid gateway name: \"" + name + "\"");
    }
    JsonNode servers = gateway.path("spec").path("servers");
    if (servers.size() == 0) {
      errs.add("gateway must have at least one server");
    }
    Set<String> portNames = new HashSet<>();
    for (JsonNode server : servers) {
      server(server, errs);
      if (server.has("port")) {
        String portName = server.path("port").path("name").asText("");
        if (!portNames.add(portName)) {
          errs.add("port names in servers must be unique: duplicate name " + portName);
        }
      }
    }
    return errs;
  }

  private static void server(JsonNode server, List<String> errs) {
    JsonNode hosts = server.path("hosts");
    if (hosts.size() == 0) {
      errs.add("server config must contain at least one host");
    }
    hosts.forEach(h -> host(h.asText(), errs));
    JsonNode port = server.get("port");
    boolean portValid = port != null && port.isObject();
    if (!portValid) {
      errs.add("port is required");
    } else {
      String protocol = port.path("protocol").asText("").toUpperCase(Locale.ROOT);
      if (!PROTOCOLS.contains(protocol)) {
        errs.add(
            "invalid protocol \""
                + port.path("protocol").asText("")
                + "\", supported protocols are HTTP, HTTP2, GRPC, GRPC-WEB, MONGO, REDIS, MYSQL, TCP");
        portValid = false;
      }
      long number = port.path("number").asLong(0);
      if (number > 0 || !server.path("bind").asText("").startsWith("unix://")) {
        IstioHostnames.port(number).ifPresent(errs::add);
        portValid &= number >= 1 && number <= 65535;
      }
      if (port.path("targetPort").asLong(0) > 0) {
        errs.add("targetPort has no impact on Gateways");
        portValid = false;
      }
      if (port.path("name").asText("").isEmpty()) {
        errs.add(
            "port name must be set: number:"
                + number
                + " protocol:\""
                + port.path("protocol").asText("")
                + "\"");
        portValid = false;
      }
    }
    String bind = server.path("bind").asText("");
    if (!bind.isEmpty() && !bind.startsWith("unix://") && !IstioHostnames.isIpAddress(bind)) {
      errs.add("invalid ip address " + bind);
    }
    JsonNode tls = server.get("tls");
    boolean hasTls = tls != null && tls.isObject();
    if (hasTls) {
      tls(tls, errs);
    }
    if (portValid) {
      String protocol = port.path("protocol").asText("").toUpperCase(Locale.ROOT);
      boolean isTls = protocol.equals("HTTPS") || protocol.equals("TLS");
      if (isTls && !hasTls) {
        errs.add("server must have TLS settings for HTTPS/TLS protocols");
      } else if (!isTls && hasTls) {
        if (HTTP.contains(protocol)) {
          String mode = tls.path("mode").asText("PASSTHROUGH");
          boolean passThrough = mode.equals("PASSTHROUGH") || mode.equals("AUTO_PASSTHROUGH");
          if (!passThrough || certificates(tls)) {
            errs.add("server cannot have TLS settings for plain text HTTP ports");
          }
        } else {
          errs.add("server cannot have TLS settings for non HTTPS/TLS ports");
        }
      }
    }
  }

  private static boolean certificates(JsonNode tls) {
    return !tls.path("caCertificates").asText("").isEmpty()
        || !tls.path("privateKey").asText("").isEmpty()
        || !tls.path("serverCertificate").asText("").isEmpty();
  }

  /** A host is {@code namespace/dnsName} or, the old style, a bare dnsName. */
  private static void host(String host, List<String> errs) {
    String[] parts = host.split("/", 2);
    if (parts.length == 2) {
      if (parts[0].isEmpty() || parts[1].isEmpty()) {
        errs.add("config namespace and dnsName in host entry cannot be empty");
      }
      if (!parts[0].equals("*") && !parts[0].equals(".") && !IstioHostnames.isLabel(parts[0])) {
        errs.add("invalid namespace value \"" + parts[0] + "\" in gateway");
      }
      host = parts[1];
    }
    if (!host.equals("*") && !host.contains(".")) {
      errs.add("short names (non FQDN) are not allowed");
    }
    String name = host;
    IstioHostnames.wildcardDomain(host)
        .filter(e -> !IstioHostnames.isIpAddress(name))
        .ifPresent(errs::add);
  }

  private static void tls(JsonNode tls, List<String> errs) {
    String mode = tls.path("mode").asText("PASSTHROUGH");
    String cert = tls.path("serverCertificate").asText("");
    String key = tls.path("privateKey").asText("");
    String ca = tls.path("caCertificates").asText("");
    String credential = tls.path("credentialName").asText("");
    if (mode.equals("ISTIO_MUTUAL")) {
      if (!cert.isEmpty()) {
        errs.add("ISTIO_MUTUAL TLS cannot have associated server certificate");
      }
      if (!key.isEmpty()) {
        errs.add("ISTIO_MUTUAL TLS cannot have associated private key");
      }
      if (!ca.isEmpty()) {
        errs.add("ISTIO_MUTUAL TLS cannot have associated CA bundle");
      }
      if (!credential.isEmpty()) {
        errs.add("ISTIO_MUTUAL TLS cannot have associated credentialName");
      }
      return;
    }
    if (!credential.isEmpty() && List.of("SIMPLE", "MUTUAL", "OPTIONAL_MUTUAL").contains(mode)) {
      return; // the certificates come from the credential
    }
    if (mode.equals("SIMPLE")) {
      if (cert.isEmpty()) {
        errs.add("SIMPLE TLS requires a server certificate");
      }
      if (key.isEmpty()) {
        errs.add("SIMPLE TLS requires a private key");
      }
    } else if (mode.equals("MUTUAL") || mode.equals("OPTIONAL_MUTUAL")) {
      if (cert.isEmpty()) {
        errs.add("MUTUAL TLS requires a server certificate");
      }
      if (key.isEmpty()) {
        errs.add("MUTUAL TLS requires a private key");
      }
      if (ca.isEmpty()) {
        errs.add("MUTUAL TLS requires a client CA bundle");
      }
    }
    if (!tls.path("caCrl").asText("").isEmpty()) {
      if (!credential.isEmpty()) {
        errs.add(
            "CRL is not supported with credentialName. CRL has to be specified in the credential");
      }
      if (mode.equals("SIMPLE")) {
        errs.add("CRL is not supported with SIMPLE TLS");
      }
    }
  }
}
