package io.meshfed.agent.member;

import io.meshfed.agent.config.AgentConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Reads from the configuration which clusters this process serves: one cluster with the default
 * client (single-cluster mode, {@code meshfed.agent.cluster-name}) or a list of kubeconfigs (hosted
 * mode, {@code meshfed.agent.hosted.*}). Exactly one mode must be configured; anything else is
 * refused with a message that says what to set.
 */
public final class ServedClusters {

  /** The hub's rule for cluster names: a DNS-1123 label. */
  private static final Pattern CLUSTER_NAME = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");

  private static final int MAX_NAME = 63;
  private static final List<String> KUBECONFIG_SUFFIXES = List.of(".yaml", ".yml", ".kubeconfig");

  private static final String SINGLE = "meshfed.agent.cluster-name (MESHFED_AGENT_CLUSTER_NAME)";
  private static final String DIR =
      "meshfed.agent.hosted.kubeconfig-dir (MESHFED_AGENT_HOSTED_KUBECONFIG_DIR)";
  private static final String LIST =
      "meshfed.agent.hosted.clusters (MESHFED_AGENT_HOSTED_CLUSTERS)";

  private ServedClusters() {}

  /**
   * The clusters to serve, sorted by name.
   *
   * @throws InvalidServedClustersException when no mode, both modes, or an unusable cluster is
   *     configured
   */
  public static List<ServedCluster> from(AgentConfig config) {
    boolean single = config.clusterName().filter(n -> !n.isBlank()).isPresent();
    boolean hosted =
        config.hosted().kubeconfigDir().filter(d -> !d.isBlank()).isPresent()
            || config.hosted().clusters().filter(l -> !l.isEmpty()).isPresent();
    if (single && hosted) {
      throw new InvalidServedClustersException(
          SINGLE
              + " (single-cluster mode) and meshfed.agent.hosted.* (hosted mode) are both set: set"
              + " only one of them");
    }
    if (single) {
      String name = config.clusterName().orElseThrow().trim();
      requireClusterName(name, SINGLE);
      return List.of(ServedCluster.withDefaultClient(name));
    }
    if (!hosted) {
      throw new InvalidServedClustersException(
          "no cluster to serve: set "
              + SINGLE
              + " to serve the cluster the agent runs in, or, in hosted mode, "
              + DIR
              + " and/or "
              + LIST
              + " (name=path-to-kubeconfig,...)");
    }
    if (config.apiServerUrl().filter(u -> !u.isBlank()).isPresent()) {
      throw new InvalidServedClustersException(
          "meshfed.agent.api-server-url (MESHFED_AGENT_API_SERVER_URL) applies to single-cluster"
              + " mode only: in hosted mode each cluster reports the server of its kubeconfig");
    }
    Map<String, ServedCluster> clusters = new LinkedHashMap<>();
    config.hosted().kubeconfigDir().filter(d -> !d.isBlank()).map(Path::of).stream()
        .flatMap(dir -> fromDirectory(dir).stream())
        .forEach(c -> add(clusters, c, DIR));
    config.hosted().clusters().orElse(List.of()).stream()
        .map(String::trim)
        .filter(entry -> !entry.isEmpty())
        .map(ServedClusters::fromEntry)
        .forEach(c -> add(clusters, c, LIST));
    return clusters.values().stream().sorted(Comparator.comparing(ServedCluster::name)).toList();
  }

  /** Every kubeconfig in a directory, named after its file. */
  static List<ServedCluster> fromDirectory(Path dir) {
    if (!Files.isDirectory(dir)) {
      throw new InvalidServedClustersException(DIR + ": " + dir + " is not a directory");
    }
    List<ServedCluster> clusters = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path file : files.sorted().toList()) {
        String fileName = file.getFileName().toString();
        // a mounted Secret also holds hidden entries (..data and a timestamped directory)
        if (fileName.startsWith(".") || !Files.isRegularFile(file)) {
          continue;
        }
        String name = clusterNameOf(fileName);
        requireClusterName(name, DIR + ", file " + file);
        requireReadable(file, DIR);
        clusters.add(ServedCluster.withKubeconfig(name, file));
      }
    } catch (IOException e) {
      throw new InvalidServedClustersException(
          DIR + ": cannot list " + dir + ": " + e.getMessage());
    }
    if (clusters.isEmpty()) {
      throw new InvalidServedClustersException(DIR + ": " + dir + " holds no kubeconfig file");
    }
    return clusters;
  }

  /** One {@code name=path} entry of the list. */
  static ServedCluster fromEntry(String entry) {
    int eq = entry.indexOf('=');
    if (eq <= 0 || eq == entry.length() - 1) {
      throw new InvalidServedClustersException(
          LIST + ": entry '" + entry + "' is not name=path-to-kubeconfig");
    }
    String name = entry.substring(0, eq).trim();
    Path file = Path.of(entry.substring(eq + 1).trim());
    requireClusterName(name, LIST + ", entry '" + entry + "'");
    requireReadable(file, LIST + ", cluster " + name);
    return ServedCluster.withKubeconfig(name, file);
  }

  /** The cluster name a kubeconfig file stands for: its name without a kubeconfig suffix. */
  static String clusterNameOf(String fileName) {
    for (String suffix : KUBECONFIG_SUFFIXES) {
      if (fileName.endsWith(suffix) && fileName.length() > suffix.length()) {
        return fileName.substring(0, fileName.length() - suffix.length());
      }
    }
    return fileName;
  }

  private static void add(Map<String, ServedCluster> clusters, ServedCluster c, String where) {
    ServedCluster earlier = clusters.putIfAbsent(c.name(), c);
    if (earlier != null) {
      throw new InvalidServedClustersException(
          where
              + ": cluster "
              + c.name()
              + " is configured twice ("
              + earlier.kubeconfig().map(Path::toString).orElse("?")
              + " and "
              + c.kubeconfig().map(Path::toString).orElse("?")
              + ")");
    }
  }

  private static void requireClusterName(String name, String where) {
    if (name.length() > MAX_NAME || !CLUSTER_NAME.matcher(name).matches()) {
      throw new InvalidServedClustersException(
          where
              + ": cluster name '"
              + name
              + "' is not a DNS-1123 label (at most 63 characters of a-z, 0-9 and '-', starting and"
              + " ending with a letter or digit)");
    }
  }

  private static void requireReadable(Path file, String where) {
    if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
      throw new InvalidServedClustersException(
          where + ": kubeconfig " + file + " is not a readable file");
    }
  }
}
