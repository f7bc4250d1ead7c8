package io.meshfed.sandbox.cluster.dataplane;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPort;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.meshfed.sandbox.cluster.SimulatedCluster;
import io.meshfed.sandbox.cluster.SimulatedWorld;
import io.meshfed.sandbox.cluster.istiod.IstiodSimulator;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a connection to istiod from inside a cluster lands, followed hop by hop through the objects
 * that route it: a Service (with a selector: the cluster's own istiod; selectorless: its
 * EndpointSlice's address and port, as Istio's remote chart renders for an IP {@code
 * remotePilotAddress}; {@code ExternalName}: the name and the same port, without the {@code
 * targetPort} mapping, as the API server and Sail's probe dial it), a load-balancer address (the
 * Service that owns it in some cluster of the {@link SimulatedWorld}, its port, a ready pod of the
 * Deployment it selects), and that gateway's config from its own control plane ({@link
 * GatewayConfig}: a TLS passthrough server on the port and a VirtualService routing it to istiod).
 * The result names the istiod reached and the port it answers on, or the first hop that fails, in
 * words. Reads only the clusters' caches.
 */
public final class IstiodRoutes {

  /** The istiod webhook port and xDS port, as istiod listens. */
  public static final int WEBHOOK_PORT = 15017;

  public static final int XDS_PORT = 15012;

  private static final String ISTIOD_HOST = "istiod.istio-system.svc.cluster.local";
  private static final int MAX_HOPS = 4;

  /**
   * Where a route ended.
   *
   * @param cluster the cluster whose istiod answers, when one does
   * @param port the port it was reached on
   * @param failure the first hop that failed, when none answers
   */
  public record Route(Optional<SimulatedCluster> cluster, int port, String failure) {
    public boolean reached(int wanted) {
      return cluster.isPresent() && port == wanted;
    }

    static Route failed(String why) {
      return new Route(Optional.empty(), 0, why);
    }

    /** The istiod reached, if serving. */
    public Optional<IstiodSimulator.State> istiod() {
      return cluster.flatMap(SimulatedCluster::istiod).map(IstiodSimulator::state);
    }
  }

  private final SimulatedWorld world;

  public IstiodRoutes(SimulatedWorld world) {
    this.world = world;
  }

  /** A connection from inside {@code from} to {@code service.namespace.svc:port}. */
  public Route viaService(SimulatedCluster from, String namespace, String service, int port) {
    return viaService(from, namespace, service, port, 0);
  }

  /** A connection from anywhere to {@code address:port}, an IP or a name. */
  public Route viaAddress(String address, int port) {
    return viaAddress(address, port, 0);
  }

  /** The cluster whose istiod configures the proxies of {@code cluster} (its xDS server). */
  public Optional<SimulatedCluster> controlPlaneOf(SimulatedCluster cluster) {
    return controlPlaneOf(cluster, 0);
  }

  private Optional<SimulatedCluster> controlPlaneOf(SimulatedCluster cluster, int hops) {
    Route xds = viaService(cluster, "istio-system", "istiod", XDS_PORT, hops);
    return xds.reached(XDS_PORT) ? xds.cluster() : Optional.empty();
  }

  private Route viaService(
      SimulatedCluster from, String namespace, String name, int port, int hops) {
    if (hops > MAX_HOPS) {
      return Route.failed("the route to istiod loops");
    }
    Optional<Service> found = from.view().service(namespace, name);
    if (found.isEmpty()) {
      return Route.failed("cluster " + from.name() + " has no Service " + namespace + "/" + name);
    }
    Service service = found.get();
    if ("ExternalName".equals(service.getSpec().getType())) {
      // no targetPort mapping for ExternalName: the same port on the external name
      return viaAddress(service.getSpec().getExternalName(), port, hops + 1);
    }
    Optional<ServicePort> servicePort =
        service.getSpec().getPorts() == null
            ? Optional.empty()
            : service.getSpec().getPorts().stream()
                .filter(p -> Objects.equals(p.getPort(), port))
                .findFirst();
    if (servicePort.isEmpty()) {
      return Route.failed(
          "Service "
              + namespace
              + "/"
              + name
              + " of cluster "
              + from.name()
              + " has no port "
              + port);
    }
    int target = targetPort(servicePort.get());
    Map<String, String> selector = service.getSpec().getSelector();
    if (selector != null && !selector.isEmpty()) {
      IstiodSimulator.State istiod = from.istiod().map(IstiodSimulator::state).orElse(null);
      if (istiod == null || !istiod.serving()) {
        return Route.failed(
            "istiod of cluster "
                + from.name()
                + " is not serving"
                + (istiod == null ? "" : " (" + istiod.detail() + ")"));
      }
      return new Route(Optional.of(from), target, null);
    }
    for (EndpointSlice slice : from.view().endpointSlices(namespace, name)) {
      Integer endpointPort = null;
      if (slice.getPorts() != null) {
        for (EndpointPort p : slice.getPorts()) {
          if (Objects.equals(p.getName(), servicePort.get().getName())) {
            endpointPort = p.getPort();
          }
        }
      }
      if (endpointPort == null || slice.getEndpoints() == null) {
        continue;
      }
      for (Endpoint e : slice.getEndpoints()) {
        if (e.getAddresses() != null && !e.getAddresses().isEmpty()) {
          return viaAddress(e.getAddresses().get(0), endpointPort, hops + 1);
        }
      }
    }
    return Route.failed(
        "Service "
            + namespace
            + "/"
            + name
            + " of cluster "
            + from.name()
            + " has no selector and no endpoint for port "
            + port);
  }

  private Route viaAddress(String address, int port, int hops) {
    if (hops > MAX_HOPS) {
      return Route.failed("the route to istiod loops");
    }
    Optional<SimulatedWorld.LoadBalancerTarget> lb = world.loadBalancer(address);
    if (lb.isEmpty()) {
      return Route.failed("no load balancer answers at " + address);
    }
    SimulatedCluster g = lb.get().cluster();
    Service service = g.view().service(lb.get().namespace(), lb.get().service()).orElse(null);
    if (service == null) {
      return Route.failed("the Service behind " + address + " is gone");
    }
    Optional<ServicePort> servicePort =
        service.getSpec().getPorts().stream()
            .filter(p -> Objects.equals(p.getPort(), port))
            .findFirst();
    if (servicePort.isEmpty()) {
      return Route.failed(
          "the load balancer "
              + address
              + " (Service "
              + lb.get().namespace()
              + "/"
              + lb.get().service()
              + " of cluster "
              + g.name()
              + ") has no port "
              + port);
    }
    int target = targetPort(servicePort.get());
    Optional<Deployment> pods = readyPods(g, lb.get().namespace(), service.getSpec().getSelector());
    if (pods.isEmpty()) {
      return Route.failed(
          "the gateway behind " + address + " in cluster " + g.name() + " has no ready pod");
    }
    Map<String, String> podLabels = pods.get().getSpec().getTemplate().getMetadata().getLabels();
    Optional<SimulatedCluster> controlPlane =
        g.istiod().map(IstiodSimulator::state).filter(IstiodSimulator.State::serving).isPresent()
            ? Optional.of(g)
            : controlPlaneOf(g, hops + 1);
    if (controlPlane.isEmpty()) {
      return Route.failed(
          "the gateway of cluster " + g.name() + " has no control plane it reaches");
    }
    SimulatedCluster config = controlPlane.get();
    Optional<GatewayConfig.Server> server =
        GatewayConfig.server(config.view().gateways(), podLabels, target);
    if (server.isEmpty() || !"PASSTHROUGH".equals(server.get().tlsMode())) {
      return Route.failed(
          "cluster "
              + config.name()
              + " holds no Gateway passing TLS through on port "
              + target
              + " of the gateway of cluster "
              + g.name());
    }
    Optional<Map.Entry<String, Integer>> destination =
        GatewayConfig.tlsRoute(config.view().virtualServices(), server.get(), target);
    if (destination.isEmpty() || !destination.get().getKey().equals(ISTIOD_HOST)) {
      return Route.failed(
          "cluster "
              + config.name()
              + " holds no VirtualService routing port "
              + target
              + " of Gateway "
              + server.get().gateway()
              + " to "
              + ISTIOD_HOST);
    }
    return viaService(config, "istio-system", "istiod", destination.get().getValue(), hops + 1);
  }

  /** The available Deployment whose pods the selector picks, in a namespace. */
  public static Optional<Deployment> readyPods(
      SimulatedCluster cluster, String namespace, Map<String, String> selector) {
    if (selector == null || selector.isEmpty()) {
      return Optional.empty();
    }
    return cluster.view().deployments().stream()
        .filter(d -> namespace.equals(d.getMetadata().getNamespace()))
        .filter(
            d -> {
              Map<String, String> labels = d.getSpec().getTemplate().getMetadata().getLabels();
              return labels != null
                  && selector.entrySet().stream()
                      .allMatch(e -> e.getValue().equals(labels.get(e.getKey())));
            })
        .filter(d -> d.getStatus() != null && d.getStatus().getAvailableReplicas() != null)
        .filter(d -> d.getStatus().getAvailableReplicas() > 0)
        .findFirst();
  }

  private static int targetPort(ServicePort port) {
    if (port.getTargetPort() != null && port.getTargetPort().getIntVal() != null) {
      return port.getTargetPort().getIntVal();
    }
    return port.getPort();
  }
}
