package io.meshfed.sandbox.cluster;

import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The network the simulated clusters of one sandbox share: which cluster's API server answers at a
 * host and port (its own address, and the names a platform publishes it under, such as a
 * Submariner-exported service), and which cluster's LoadBalancer Service owns an address. Peers'
 * istiod, Sail's readiness probe and the reachability oracle resolve addresses here, as a real
 * cluster's resolver and routes would: a name nobody registered does not resolve.
 */
public final class SimulatedWorld {

  /** The cluster and Service a load-balancer address leads to. */
  public record LoadBalancerTarget(SimulatedCluster cluster, String namespace, String service) {}

  private final Map<String, SimulatedCluster> clusters = new ConcurrentHashMap<>();
  private final Map<String, String> apiServerNames = new ConcurrentHashMap<>();

  /** URL to {@code host:port} (or "" when it has no host): a pure function, kept as it is asked. */
  private final Map<String, String> parsedUrls = new ConcurrentHashMap<>();

  /** Adds a cluster; its API server answers at its own address. */
  public void add(SimulatedCluster cluster) {
    clusters.put(cluster.name(), cluster);
    URI own = URI.create(cluster.apiServerUrl());
    apiServerNames.put(key(own.getHost(), own.getPort()), cluster.name());
  }

  /** Removes a cluster and every name of its API server. */
  public void remove(SimulatedCluster cluster) {
    clusters.remove(cluster.name(), cluster);
    apiServerNames.values().removeIf(cluster.name()::equals);
  }

  /**
   * Publishes a cluster's API server under another URL (a DNS name and port that route to it).
   *
   * @param url {@code https://host[:port]}
   */
  public void publishApiServer(String url, String clusterName) {
    URI uri = URI.create(url);
    apiServerNames.put(key(uri.getHost(), port(uri)), clusterName);
  }

  public Optional<SimulatedCluster> cluster(String name) {
    return Optional.ofNullable(clusters.get(name));
  }

  public Collection<SimulatedCluster> clusters() {
    return List.copyOf(clusters.values());
  }

  /**
   * Where a connection to an API server URL lands: the cluster, and the socket address to open.
   * Empty when the host and port lead nowhere.
   */
  public Optional<SimulatedCluster> apiServerAt(String url) {
    if (parsedUrls.size() > 10_000) {
      parsedUrls.clear();
    }
    String hostAndPort = parsedUrls.computeIfAbsent(url, SimulatedWorld::hostAndPort);
    if (hostAndPort.isEmpty()) {
      return Optional.empty();
    }
    return Optional.ofNullable(apiServerNames.get(hostAndPort)).map(clusters::get);
  }

  private static String hostAndPort(String url) {
    try {
      URI uri = URI.create(url);
      return uri.getHost() == null ? "" : key(uri.getHost(), port(uri));
    } catch (IllegalArgumentException e) {
      return "";
    }
  }

  /** The loopback socket a connection to {@code cluster}'s API server opens. */
  public static InetSocketAddress socketOf(SimulatedCluster cluster) {
    URI own = URI.create(cluster.apiServerUrl());
    return new InetSocketAddress(own.getHost(), own.getPort());
  }

  /** The LoadBalancer Service that owns an address (IP or hostname), in any cluster. */
  public Optional<LoadBalancerTarget> loadBalancer(String address) {
    for (SimulatedCluster c : clusters.values()) {
      Optional<String[]> owner = c.loadBalancers().ownerOf(address);
      if (owner.isPresent()) {
        return Optional.of(new LoadBalancerTarget(c, owner.get()[0], owner.get()[1]));
      }
    }
    return Optional.empty();
  }

  private static int port(URI uri) {
    return uri.getPort() > 0 ? uri.getPort() : 443;
  }

  private static String key(String host, int port) {
    return host.toLowerCase(Locale.ROOT) + ":" + port;
  }
}
