package io.meshfed.sandbox.cluster.dataplane;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How an Istio gateway's listeners come from its control plane's config ({@code
 * pilot/pkg/networking/core/gateway.go}): a {@code networking.istio.io} {@code Gateway} whose
 * {@code selector} labels are all on the gateway's pods opens a server on its port; TLS {@code
 * PASSTHROUGH} traffic is routed by a {@code VirtualService} bound to that Gateway whose {@code
 * tls} route matches the port; {@code AUTO_PASSTHROUGH} routes by SNI to any service the control
 * plane knows. The config is read from the control plane's own (config) cluster. Pure.
 */
public final class GatewayConfig {

  private GatewayConfig() {}

  /** A server of a Gateway: the Gateway's namespace and name, and the server's TLS mode. */
  public record Server(String namespace, String gateway, String tlsMode) {}

  /** The first server on {@code port} of a Gateway that selects pods with these labels. */
  public static Optional<Server> server(
      List<GenericKubernetesResource> gateways, Map<String, String> podLabels, int port) {
    for (GenericKubernetesResource g : gateways) {
      Map<String, Object> spec = map(g.getAdditionalProperties().get("spec"));
      Map<String, Object> selector = map(spec.get("selector"));
      boolean selects =
          selector.entrySet().stream()
              .allMatch(e -> String.valueOf(e.getValue()).equals(podLabels.get(e.getKey())));
      if (!selects || !(spec.get("servers") instanceof List<?> servers)) {
        continue;
      }
      for (Object s : servers) {
        Map<String, Object> server = map(s);
        Map<String, Object> p = map(server.get("port"));
        if (p.get("number") instanceof Number n && n.intValue() == port) {
          String mode = String.valueOf(map(server.get("tls")).getOrDefault("mode", ""));
          return Optional.of(
              new Server(g.getMetadata().getNamespace(), g.getMetadata().getName(), mode));
        }
      }
    }
    return Optional.empty();
  }

  /**
   * Where a VirtualService bound to the Gateway sends TLS traffic arriving on {@code port}: the
   * destination host and port.
   */
  public static Optional<Map.Entry<String, Integer>> tlsRoute(
      List<GenericKubernetesResource> virtualServices, Server server, int port) {
    for (GenericKubernetesResource vs : virtualServices) {
      Map<String, Object> spec = map(vs.getAdditionalProperties().get("spec"));
      if (!(spec.get("gateways") instanceof List<?> gateways)
          || gateways.stream()
              .map(String::valueOf)
              .noneMatch(
                  g ->
                      g.equals(server.gateway())
                              && server.namespace().equals(vs.getMetadata().getNamespace())
                          || g.equals(server.namespace() + "/" + server.gateway()))
          || !(spec.get("tls") instanceof List<?> routes)) {
        continue;
      }
      for (Object r : routes) {
        Map<String, Object> route = map(r);
        boolean matches = false;
        if (route.get("match") instanceof List<?> matchList) {
          for (Object m : matchList) {
            if (map(m).get("port") instanceof Number n && n.intValue() == port) {
              matches = true;
            }
          }
        }
        if (matches && route.get("route") instanceof List<?> dests && !dests.isEmpty()) {
          Map<String, Object> destination = map(map(dests.get(0)).get("destination"));
          Object number = map(destination.get("port")).get("number");
          if (destination.get("host") != null && number instanceof Number n) {
            return Optional.of(Map.entry(destination.get("host").toString(), n.intValue()));
          }
        }
      }
    }
    return Optional.empty();
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> map(Object o) {
    return o instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
  }
}
