package io.meshfed.sandbox.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.meshfed.sandbox.FreePort;
import io.meshfed.sandbox.HttpProbe;
import io.meshfed.sandbox.Sandbox;
import io.meshfed.sandbox.SandboxOptions;
import io.meshfed.sandbox.SimulatedMember;
import io.meshfed.sandbox.Topology;
import io.meshfed.sandbox.WorkDirs;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;

/**
 * One benchmark run: N generated clusters in the sandbox; the time to converge, then gateway
 * address changes one at a time (each until every primary's {@code Istio} carries it, then until
 * the mesh converged again), then a few single-cluster updates through the REST API, counting the
 * records each change cost; finally the services' heap.
 */
final class Benchmark {

  private static final Duration CHANGE_TIMEOUT = Duration.ofSeconds(60);
  private static final String GATEWAY = "istio-eastwestgateway";
  private static final int CLUSTER_UPDATES = 3;

  private final int clusters;
  private final int changes;
  private final Path home;
  private final Path workDir;
  private final PrintStream out;

  Benchmark(int clusters, int changes, Path home, Path workDir, PrintStream out) {
    this.clusters = clusters;
    this.changes = changes;
    this.home = home;
    this.workDir = workDir;
    this.out = out;
  }

  BenchResult run() throws Exception {
    double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    Topology topology = Topology.generated(clusters, "v1.28.1");
    SandboxOptions options =
        SandboxOptions.parse("--hub-port", Integer.toString(FreePort.find()), "--timeout", "600");
    try (Sandbox sandbox = new Sandbox(topology, options, home, WorkDirs.fresh(workDir), out)) {
      sandbox.start();
      long t0 = System.nanoTime();
      sandbox.declare();
      sandbox
          .awaitConvergedQuietly(options.timeout())
          .orElseThrow(() -> new IllegalStateException(clusters + " clusters did not converge"));
      double converge = (System.nanoTime() - t0) / 1e9;
      out.printf("%d clusters converged in %.2fs%n", clusters, converge);

      Map<String, KubernetesClient> primaries = new LinkedHashMap<>();
      topology.clusters().stream()
          .filter(c -> !c.remote())
          .forEach(
              c -> primaries.put(c.name(), sandbox.members().get(c.name()).cluster().client()));
      List<Double> millis = new ArrayList<>();
      List<Map<String, Integer>> perChange = new ArrayList<>();
      List<Map<String, Integer>> perUpdate = new ArrayList<>();
      try (PrimaryIstios istios = new PrimaryIstios(primaries);
          TopicWindow window = new TopicWindow(sandbox.kafka().bootstrapServers())) {
        window.next();
        for (int i = 0; i < changes; i++) {
          Topology.ClusterSpec c = topology.clusters().get(i % clusters);
          millis.add(changeAddress(sandbox, istios, c));
          awaitConverged(sandbox);
          perChange.add(window.next());
        }
        for (int i = 0; i < CLUSTER_UPDATES; i++) {
          Topology.ClusterSpec c = topology.clusters().get((i * 7 + 1) % clusters);
          ObjectNode body = sandbox.hub().clusterBody(c);
          body.putObject("gatewayPlacement")
              .putObject("nodeSelector")
              .put("meshfed.io/bench", "update-" + i);
          sandbox.hub().putCluster(topology.mesh(), c.name(), body);
          awaitConverged(sandbox);
          perUpdate.add(window.next());
        }
      }
      double hubHeap = heapMib(sandbox.hubUrl());
      double agentHeap = 0;
      for (URI agent : sandbox.agentUrls()) {
        agentHeap += heapMib(agent);
      }
      return new BenchResult(
          clusters,
          sandbox.agentProcesses(),
          converge,
          millis,
          perChange,
          perUpdate,
          hubHeap,
          agentHeap,
          load);
    }
  }

  /**
   * Moves a cluster's gateway to its other pool address; milliseconds until every primary has it.
   */
  private double changeAddress(Sandbox sandbox, PrimaryIstios istios, Topology.ClusterSpec c)
      throws InterruptedException, TimeoutException {
    SimulatedMember member = sandbox.members().get(c.name());
    String current =
        member.cluster().loadBalancers().addressOf("istio-system", GATEWAY).orElseThrow();
    String next =
        c.loadBalancerPool().stream().filter(a -> !a.equals(current)).findFirst().orElseThrow();
    long start = System.nanoTime();
    member.cluster().loadBalancers().reassign("istio-system", GATEWAY, next);
    long reached = istios.awaitGateway(c.network(), next, CHANGE_TIMEOUT);
    return (reached - start) / 1e6;
  }

  private void awaitConverged(Sandbox sandbox) throws IOException {
    sandbox
        .awaitConvergedQuietly(CHANGE_TIMEOUT)
        .orElseThrow(() -> new IllegalStateException("the mesh did not converge after a change"));
  }

  /** The used heap of a service, from its {@code jvm_memory_used_bytes{area="heap"}}. */
  private static double heapMib(URI base) throws IOException {
    double bytes = 0;
    for (String line : HttpProbe.text(base.resolve("/q/metrics")).split("\\R")) {
      if (line.startsWith("jvm_memory_used_bytes{") && line.contains("area=\"heap\"")) {
        String[] parts = line.trim().split("\\s+");
        bytes += Double.parseDouble(parts[parts.length - 1]);
      }
    }
    return bytes / (1024 * 1024);
  }
}
