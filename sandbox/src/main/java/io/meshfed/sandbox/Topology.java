package io.meshfed.sandbox;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A sandbox topology: the mesh to declare and the clusters to simulate, as in the planning form of
 * a multi-cluster install. Read from YAML ({@code --topology FILE}) or generated ({@code --clusters
 * N}).
 */
@JsonIgnoreProperties(ignoreUnknown = false)
public record Topology(String mesh, String istioVersion, List<ClusterSpec> clusters) {

  /**
   * One simulated member cluster.
   *
   * @param apiServerUrl the API-server URL peers use, sent on the join; null for what the agent
   *     reports
   * @param apiServerTlsServerName the name peers verify the API server's certificate for, sent on
   *     the join, where the host of the URL they use is not in it (e.g. a Submariner export); null
   *     to verify that host
   */
  public record ClusterSpec(
      String name,
      String role,
      String network,
      String controlPlaneCluster,
      String apiServerUrl,
      String apiServerTlsServerName,
      List<String> loadBalancerPool,
      Locality locality) {
    public ClusterSpec {
      loadBalancerPool = loadBalancerPool == null ? List.of() : List.copyOf(loadBalancerPool);
    }

    /** A cluster without an API-server TLS name. */
    public ClusterSpec(
        String name,
        String role,
        String network,
        String controlPlaneCluster,
        String apiServerUrl,
        List<String> loadBalancerPool,
        Locality locality) {
      this(
          name, role, network, controlPlaneCluster, apiServerUrl, null, loadBalancerPool, locality);
    }

    public boolean remote() {
      return "REMOTE".equals(role);
    }
  }

  /** The node locality of a simulated cluster's nodes. */
  public record Locality(String region, String zone, String subzone) {}

  public Topology {
    clusters = clusters == null ? List.of() : List.copyOf(clusters);
  }

  /** The Istio version of the generated topologies ({@code --clusters}, {@code --primaries}). */
  public static final String GENERATED_ISTIO_VERSION = "v1.28.1";

  /** Reads a topology YAML file ({@code deploy/examples/*.yaml}); fails on unknown fields. */
  public static Topology read(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new IOException("no topology file at " + file);
    }
    return new ObjectMapper(new YAMLFactory()).readValue(file.toFile(), Topology.class);
  }

  /** Checks what the sandbox itself needs; the hub validates the rest, as it would for anyone. */
  public Topology validated() {
    List<String> problems = new ArrayList<>();
    if (mesh == null || mesh.isBlank()) {
      problems.add("'mesh' is required");
    }
    if (istioVersion == null || istioVersion.isBlank()) {
      problems.add("'istioVersion' is required");
    }
    if (clusters.isEmpty()) {
      problems.add("'clusters' needs at least one cluster");
    }
    for (int i = 0; i < clusters.size(); i++) {
      ClusterSpec c = clusters.get(i);
      if (c.name() == null || c.name().isBlank()) {
        problems.add("clusters[" + i + "].name is required");
      }
      if (c.role() == null) {
        problems.add("clusters[" + i + "].role is required (PRIMARY or REMOTE)");
      }
      if (c.loadBalancerPool().isEmpty()) {
        problems.add("clusters[" + i + "].loadBalancerPool needs at least one IP or hostname");
      }
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException("invalid topology: " + String.join("; ", problems));
    }
    return this;
  }

  /**
   * {@code n} primaries, each on a network of its own (seed 000's multi-primary, multi-network
   * topology, wider): every primary holds the remote secret of every other.
   */
  public static Topology allPrimaries(int n, String istioVersion) {
    if (n < 2) {
      throw new IllegalArgumentException("an all-primary mesh needs at least 2 primaries");
    }
    List<ClusterSpec> clusters = new ArrayList<>();
    for (int i = 1; i <= n; i++) {
      clusters.add(
          new ClusterSpec(
              String.format("primary%03d", i),
              "PRIMARY",
              String.format("network-%03d", i),
              null,
              null,
              List.of(
                  "198.18." + (i / 250) + "." + (i % 250 + 1),
                  "198.19." + (i / 250) + "." + (i % 250 + 1)),
              new Locality("region1", "zone" + ((i - 1) % 3 + 1), null)));
    }
    return new Topology("primaries-mesh", istioVersion, clusters);
  }

  /**
   * N generated clusters in the shape of a hosted mesh across clouds: one primary per ten clusters,
   * each serving the nine remotes that follow it, every cluster on a network of its own (so that
   * every cluster has an east-west gateway and every primary carries every network in its
   * meshNetworks); two east-west addresses per cluster from the benchmarking range 198.18.0.0/15.
   */
  public static Topology generated(int n, String istioVersion) {
    if (n < 1) {
      throw new IllegalArgumentException("--clusters needs a number of at least 1");
    }
    List<ClusterSpec> clusters = new ArrayList<>();
    String primary = null;
    for (int i = 1; i <= n; i++) {
      String name = String.format("gen-cluster%03d", i);
      boolean isPrimary = (i - 1) % 10 == 0;
      if (isPrimary) {
        primary = name;
      }
      String network = String.format("network-%03d", i);
      String address = "198.18." + (i / 250) + "." + (i % 250 + 1);
      clusters.add(
          new ClusterSpec(
              name,
              isPrimary ? "PRIMARY" : "REMOTE",
              network,
              isPrimary ? null : primary,
              null,
              List.of(address, "198.19." + (i / 250) + "." + (i % 250 + 1)),
              new Locality("region1", "zone" + ((i - 1) % 3 + 1), null)));
    }
    return new Topology("gen-mesh", istioVersion, clusters);
  }
}
