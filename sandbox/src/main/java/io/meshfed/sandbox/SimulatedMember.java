package io.meshfed.sandbox;

import io.meshfed.sandbox.cluster.AddressPool;
import io.meshfed.sandbox.cluster.SimulatedCluster;
import io.meshfed.sandbox.cluster.SimulatedClusterSpec;
import io.meshfed.sandbox.cluster.SimulatedWorld;
import java.nio.file.Path;

/** A member of the sandbox topology: its simulated cluster and the kubeconfig written for it. */
public final class SimulatedMember implements AutoCloseable {

  private final Topology.ClusterSpec spec;
  private final SimulatedCluster cluster;
  private final Path kubeconfig;

  private SimulatedMember(Topology.ClusterSpec spec, SimulatedCluster cluster, Path kubeconfig) {
    this.spec = spec;
    this.cluster = cluster;
    this.kubeconfig = kubeconfig;
  }

  /**
   * Starts the simulated cluster of a topology entry, installs what the agent's chart makes in it
   * and writes its kubeconfig to a file.
   */
  static SimulatedMember start(
      Topology.ClusterSpec spec, Path kubeconfig, SimulatedWorld world, AgentChartInstall chart) {
    Topology.Locality l =
        spec.locality() != null ? spec.locality() : new Topology.Locality("region1", "zone1", null);
    SimulatedCluster cluster =
        SimulatedCluster.start(
            SimulatedClusterSpec.of(
                spec.name(),
                l.region(),
                l.zone(),
                l.subzone(),
                new AddressPool(spec.loadBalancerPool())),
            world);
    try {
      chart.installInto(cluster.internalClient());
    } catch (RuntimeException e) {
      cluster.close();
      throw e;
    }
    if (spec.apiServerUrl() != null) {
      // the name a platform published the API server under (a Submariner export, a private
      // endpoint) routes to it
      world.publishApiServer(spec.apiServerUrl(), spec.name());
    }
    return new SimulatedMember(spec, cluster, cluster.writeKubeconfig(kubeconfig));
  }

  public String name() {
    return spec.name();
  }

  public Topology.ClusterSpec spec() {
    return spec;
  }

  public SimulatedCluster cluster() {
    return cluster;
  }

  public Path kubeconfig() {
    return kubeconfig;
  }

  @Override
  public void close() {
    cluster.close();
  }
}
