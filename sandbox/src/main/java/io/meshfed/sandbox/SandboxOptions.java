package io.meshfed.sandbox;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * Command-line options of {@code bin/meshfed-sandbox}.
 *
 * @param topology a topology YAML file; the default topology when absent
 * @param clusters generate this many clusters instead of reading a topology
 * @param primaries generate this many primaries, each on its own network, instead
 * @param hubPort the hub's HTTP port
 * @param kubeconfigDir where to write one kubeconfig per simulated cluster
 * @param report where to write the final mesh JSON and the time to converge
 * @param exitWhenConverged stop everything and exit 0 once the mesh converged
 * @param timeout give up (exit 1) when the mesh has not converged by then
 * @param hostedAbove above this many clusters, one hosted-mode agent process serves them all
 */
public record SandboxOptions(
    Optional<Path> topology,
    Optional<Integer> clusters,
    Optional<Integer> primaries,
    int hubPort,
    Optional<Path> kubeconfigDir,
    Optional<Path> report,
    boolean exitWhenConverged,
    Duration timeout,
    int hostedAbove) {

  public static final String USAGE =
      String.join(
          "\n",
          "usage: meshfed-sandbox [options]",
          "  --topology FILE        topology YAML (mesh, istioVersion, clusters[name, role, network,",
          "                         controlPlaneCluster, loadBalancerPool]); default: the three-cluster",
          "                         plan of deploy/examples/default-hosted-multi-network.yaml",
          "  --clusters N           generate N clusters instead: a primary per ten clusters",
          "                         serving the nine after it, each on a network of its own",
          "  --primaries N          generate N primaries instead, each on a network of its own",
          "  --hub-port P           the hub's HTTP port (default 8080)",
          "  --kubeconfig-dir DIR   write one kubeconfig per simulated cluster (for kubectl)",
          "  --report FILE          write the final mesh JSON and the time to converge",
          "  --exit-when-converged  stop everything and exit once the mesh converged",
          "  --timeout S            exit 1 if not converged after S seconds (default 300)",
          "  --hosted-above N       above N clusters, one agent process in hosted mode serves",
          "                         them all (default 5); below, one agent process per cluster",
          "  --help                 this text");

  public static SandboxOptions parse(String... args) {
    Optional<Path> topology = Optional.empty();
    Optional<Integer> clusters = Optional.empty();
    Optional<Integer> primaries = Optional.empty();
    int hubPort = 8080;
    Optional<Path> kubeconfigDir = Optional.empty();
    Optional<Path> report = Optional.empty();
    boolean exit = false;
    Duration timeout = Duration.ofSeconds(300);
    int hostedAbove = 5;
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      switch (a) {
        case "--topology" -> topology = Optional.of(Path.of(value(args, ++i, a)));
        case "--clusters" -> clusters = Optional.of(number(args, ++i, a));
        case "--primaries" -> primaries = Optional.of(number(args, ++i, a));
        case "--hub-port" -> hubPort = number(args, ++i, a);
        case "--kubeconfig-dir" -> kubeconfigDir = Optional.of(Path.of(value(args, ++i, a)));
        case "--report" -> report = Optional.of(Path.of(value(args, ++i, a)));
        case "--exit-when-converged" -> exit = true;
        case "--timeout" -> timeout = Duration.ofSeconds(number(args, ++i, a));
        case "--hosted-above" -> hostedAbove = number(args, ++i, a);
        default -> throw new IllegalArgumentException("unknown option " + a + "\n" + USAGE);
      }
    }
    if ((topology.isPresent() ? 1 : 0)
            + (clusters.isPresent() ? 1 : 0)
            + (primaries.isPresent() ? 1 : 0)
        > 1) {
      throw new IllegalArgumentException(
          "--topology, --clusters and --primaries exclude each other");
    }
    if (primaries.isPresent() && primaries.get() < 2) {
      throw new IllegalArgumentException("--primaries needs at least 2, got " + primaries.get());
    }
    if (clusters.isPresent() && clusters.get() < 1) {
      throw new IllegalArgumentException("--clusters needs at least 1, got " + clusters.get());
    }
    if (hubPort < 1 || hubPort > 65535) {
      throw new IllegalArgumentException("--hub-port needs a port from 1 to 65535, got " + hubPort);
    }
    if (hostedAbove < 0) {
      throw new IllegalArgumentException("--hosted-above needs 0 or more, got " + hostedAbove);
    }
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("--timeout needs a number of seconds above 0");
    }
    return new SandboxOptions(
        topology, clusters, primaries, hubPort, kubeconfigDir, report, exit, timeout, hostedAbove);
  }

  private static String value(String[] args, int i, String option) {
    if (i >= args.length) {
      throw new IllegalArgumentException(option + " needs a value\n" + USAGE);
    }
    return args[i];
  }

  private static int number(String[] args, int i, String option) {
    String v = value(args, i, option);
    try {
      return Integer.parseInt(v);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(option + " needs a whole number, got '" + v + "'", e);
    }
  }
}
