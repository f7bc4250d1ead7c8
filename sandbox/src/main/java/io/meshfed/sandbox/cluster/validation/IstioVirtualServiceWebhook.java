package io.meshfed.sandbox.cluster.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * What istiod's validating webhook refuses in a VirtualService beyond its CRD schema: invalid or
 * duplicate hosts, {@code *} bound to the mesh, gateway names that are no FQDN or {@code
 * namespace/name}, no http, tcp or tls route, a TLS route without match or route, an SNI host
 * outside the service's hosts, an HTTP route without route or redirect, destinations with an
 * invalid host, subset or port, negative weights. Mirrors ValidateVirtualService, validateTLSRoute,
 * validateTLSMatch, validateSniHost, validateTCPRoute, validateRouteDestinations,
 * validateDestination and validateGatewayNames of istio/istio pkg/config/validation/validation.go
 * and validateHTTPRoute of pkg/config/validation/virtualservice.go.
 */
final class IstioVirtualServiceWebhook extends IstioValidationWebhook {

  @Override
  public List<String> review(ObjectNode virtualService) {
    List<String> errs = new ArrayList<>();
    JsonNode spec = virtualService.path("spec");
    List<String> hosts = texts(spec.path("hosts"));
    List<String> gateways = texts(spec.path("gateways"));
    if (hosts.isEmpty()) {
      if (!gateways.isEmpty()) {
        errs.add("delegate virtual service must have no gateways specified");
      }
      if (spec.path("tls").size() > 0) {
        errs.add("delegate virtual service must have no tls route specified");
      }
      if (spec.path("tcp").size() > 0) {
        errs.add("delegate virtual service must have no tcp route specified");
      }
    }
    boolean toGateway = !gateways.isEmpty() && !gateways.contains("mesh");
    gatewayNames(gateways, errs);
    boolean allValid = true;
    for (String host : hosts) {
      var err = IstioHostnames.wildcardDomain(host);
      if (err.isPresent() && !IstioHostnames.isIpAddress(host)) {
        errs.add(err.get());
        allValid = false;
      } else if (err.isEmpty() && !toGateway && host.equals("*")) {
        errs.add("wildcard host * is not allowed for virtual services bound to the mesh gateway");
        allValid = false;
      }
    }
    for (int i = 0; allValid && i < hosts.size(); i++) {
      for (int j = i + 1; j < hosts.size(); j++) {
        if (IstioHostnames.matches(hosts.get(i), hosts.get(j))) {
          errs.add("duplicate hosts in virtual service: " + hosts.get(i) + " & " + hosts.get(j));
        }
      }
    }
    if (spec.path("http").size() == 0
        && spec.path("tcp").size() == 0
        && spec.path("tls").size() == 0) {
      errs.add("http, tcp or tls must be provided in virtual service");
    }
    spec.path("http").forEach(route -> http(route, errs));
    spec.path("tls").forEach(route -> tls(route, hosts, toGateway, errs));
    for (JsonNode route : spec.path("tcp")) {
      for (JsonNode match : route.path("match")) {
        matchPort(match, errs);
        gatewayNames(texts(match.path("gateways")), errs);
      }
      if (route.path("route").size() == 0) {
        errs.add("TCP route is required");
      }
      destinations(route.path("route"), errs);
    }
    return errs;
  }

  private static void http(JsonNode route, List<String> errs) {
    boolean redirect = route.has("redirect");
    if (redirect && route.path("route").size() > 0) {
      errs.add("HTTP route cannot contain both route and redirect");
    } else if (!redirect
        && route.path("route").size() == 0
        && !route.has("directResponse")
        && !route.has("delegate")) {
      errs.add("HTTP route or redirect is required");
    }
    for (JsonNode match : route.path("match")) {
      matchPort(match, errs);
      gatewayNames(texts(match.path("gateways")), errs);
    }
    destinations(route.path("route"), errs);
  }

  private static void tls(
      JsonNode route, List<String> hosts, boolean toGateway, List<String> errs) {
    if (route.path("match").size() == 0) {
      errs.add("TLS route must have at least one match condition");
    }
    for (JsonNode match : route.path("match")) {
      List<String> sniHosts = texts(match.path("sniHosts"));
      if (sniHosts.isEmpty()) {
        errs.add("TLS match must have at least one SNI host");
      }
      for (String sni : sniHosts) {
        var err = IstioHostnames.wildcardDomain(sni);
        if (err.isPresent()) {
          if (!IstioHostnames.isIpAddress(sni)) {
            errs.add(err.get());
          }
        } else if (hosts.stream().noneMatch(h -> IstioHostnames.subsetOf(sni, h))) {
          errs.add(
              "SNI host \""
                  + sni
                  + "\" is not a compatible subset of any of the virtual service hosts: ["
                  + String.join(", ", hosts)
                  + "]");
        }
      }
      matchPort(match, errs);
      gatewayNames(texts(match.path("gateways")), errs);
    }
    if (route.path("route").size() == 0) {
      errs.add("TLS route is required");
    }
    destinations(route.path("route"), errs);
  }

  private static void matchPort(JsonNode match, List<String> errs) {
    long port = match.path("port").asLong(0);
    if (port != 0) {
      IstioHostnames.port(port).ifPresent(errs::add);
    }
  }

  private static void destinations(JsonNode routes, List<String> errs) {
    long total = 0;
    for (JsonNode route : routes) {
      JsonNode destination = route.get("destination");
      if (destination == null || !destination.isObject()) {
        errs.add("destination is required");
      } else {
        String host = destination.path("host").asText("");
        if (host.equals("*")) {
          errs.add("invalid destination host " + host);
        } else {
          IstioHostnames.wildcardDomain(host).ifPresent(errs::add);
        }
        if (destination.has("subset")) {
          String subset = destination.path("subset").asText("");
          if (subset.isEmpty()) {
            errs.add("subset name cannot be empty");
          } else if (!IstioHostnames.isLabel(subset)) {
            errs.add("subset name is invalid: " + subset);
          }
        }
        if (destination.has("port")) {
          IstioHostnames.port(destination.path("port").path("number").asLong(0))
              .ifPresent(errs::add);
        }
      }
      long weight = route.path("weight").asLong(0);
      if (weight < 0) {
        errs.add("weight " + weight + " < 0");
      }
      total += weight;
    }
    if (routes.size() > 1 && total == 0) {
      errs.add("total destination weight = 0");
    }
  }

  private static void gatewayNames(List<String> gateways, List<String> errs) {
    for (String gateway : gateways) {
      String[] parts = gateway.split("/", 2);
      if (parts.length != 2) {
        IstioHostnames.fqdn(gateway).ifPresent(errs::add);
        return;
      }
      if (parts[0].isEmpty() || parts[1].isEmpty()) {
        errs.add("config namespace and gateway name cannot be empty");
      }
      if (!IstioHostnames.isLabel(parts[0])) {
        errs.add("invalid value for namespace: \"" + parts[0] + "\"");
      }
      if (!IstioHostnames.isLabel(parts[1])) {
        errs.add("invalid value for gateway name: \"" + parts[1] + "\"");
      }
    }
  }

  private static List<String> texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(v -> out.add(v.asText()));
    return out;
  }
}
