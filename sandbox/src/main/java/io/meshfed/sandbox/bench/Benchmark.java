package io.meshfed.sandbox.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.meshfed.sandbox.FreePort;
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
 * One benchmark run in the sandbox (simulated clusters, the real agents): the time to converge (the
 * hub's word and the reachability oracle's full matrix), then gateway address changes one at a time
 * (each until every primary's {@code Istio} carries it, then until the mesh converged again), then
 * a few single-cluster updates through the REST API, counting the records each change cost; the
 * services' heap and the hub's CPU time; last, a hub restart and its rebuild from the log.
 */
final class Benchmark {

  /** How long a change may take to reach every primary, and the mesh to converge again. */
  private static final Duration CHANGE_TIMEOUT_LEAST = Duration.ofSeconds(60);

  private static final Duration CHANGE_TIMEOUT_PER_CLUSTER = Duration.ofSeconds(3);

  /** How long a first request may take to converge. */
  private static final String CONVERGE_TIMEOUT_SECONDS = "1200";

  private static final String GATEWAY = "istio-eastwestgateway";
  private static final int CLUSTER_UPDATES = 3;

  private final String shape;
  private final Topology topology;
  private final int changes;
  private final Path home;
  private final Path workDir;
  private final PrintStream out;

  Benchmark(
      String shape, Topology topology, int changes, Path home, Path workDir, PrintStream out) {
    this.shape = shape;
    this.topology = topology;
    this.changes = changes;
    this.home = home;
    this.workDir = workDir;
    this.out = out;
  }

  BenchResult run() throws Exception {
    double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    int clusters = topology.clusters().size();
    SandboxOptions options =
        SandboxOptions.parse(
            "--hub-port", Integer.toString(FreePort.find()), "--timeout", CONVERGE_TIMEOUT_SECONDS);
    Duration changeTimeout = changeTimeout(clusters);
    Path dir = WorkDirs.fresh(workDir);
    Path profile = dir.resolve("hub-profile");
    try (Sandbox sandbox = new Sandbox(topology, options, home, dir, out)) {
      sandbox.hubEnvironment(Map.of("JAVA_TOOL_OPTIONS", HotMethods.recordingOptions(profile)));
      sandbox.start();
      double cpuBefore = ServiceMetrics.cpuSeconds(sandbox.hubManagementUrl());
      double ownBefore = BenchResult.ownCpuSeconds();
      double agentCpuBefore = 0;
      for (URI agent : sandbox.agentManagementUrls()) {
        agentCpuBefore += ServiceMetrics.cpuSeconds(agent);
      }
      OwnRecording recording = OwnRecording.start();
      long t0 = System.nanoTime();
      sandbox.declare();
      // A shape that does not converge in time is still measured where it can be (heap, CPU,
      // records, the rebuild); its changes are not.
      boolean converged = sandbox.awaitConvergedQuietly(options.timeout()).isPresent();
      double converge = converged ? (System.nanoTime() - t0) / 1e9 : Double.NaN;
      if (converged) {
        out.printf("%d clusters converged in %.2fs%n", clusters, converge);
      } else {
        out.printf(
            "%d clusters did not converge within %ds; measuring what can be%n%s%n",
            clusters, options.timeout().toSeconds(), sandbox.reachability().summary(10));
      }

      Map<String, KubernetesClient> primaries = new LinkedHashMap<>();
      topology.clusters().stream()
          .filter(c -> !c.remote())
          .forEach(
              c -> primaries.put(c.name(), sandbox.members().get(c.name()).cluster().client()));
      List<Double> millis = new ArrayList<>();
      List<TopicWindow.Traffic> perChange = new ArrayList<>();
      List<TopicWindow.Traffic> perUpdate = new ArrayList<>();
      Map<String, Integer> largest;
      try (PrimaryIstios istios = new PrimaryIstios(primaries);
          TopicWindow window = new TopicWindow(sandbox.kafka().bootstrapServers())) {
        window.next();
        for (int i = 0; i < (converged ? changes : 0); i++) {
          Topology.ClusterSpec c = topology.clusters().get(i % clusters);
          millis.add(changeAddress(sandbox, istios, c, changeTimeout));
          awaitConverged(sandbox, changeTimeout);
          perChange.add(window.next());
        }
        for (int i = 0; i < (converged ? CLUSTER_UPDATES : 0); i++) {
          Topology.ClusterSpec c = topology.clusters().get((i * 7 + 1) % clusters);
          ObjectNode body = sandbox.hub().clusterBody(c);
          body.putObject("gatewayPlacement")
              .putObject("nodeSelector")
              .put("meshfed.io/bench", "update-" + i);
          sandbox.hub().putCluster(topology.mesh(), c.name(), body);
          awaitConverged(sandbox, changeTimeout);
          perUpdate.add(window.next());
        }
        largest = window.largestEver();
      }
      double hubHeap = ServiceMetrics.heapMib(sandbox.hubManagementUrl());
      double hubCpu = ServiceMetrics.cpuSeconds(sandbox.hubManagementUrl()) - cpuBefore;
      double ownCpu = BenchResult.ownCpuSeconds() - ownBefore;
      double agentHeap = 0;
      double agentCpu = -agentCpuBefore;
      for (URI agent : sandbox.agentManagementUrls()) {
        agentHeap += ServiceMetrics.heapMib(agent);
        agentCpu += ServiceMetrics.cpuSeconds(agent);
      }
      HotMethods own = recording.stop(dir.resolve("bench-profile").resolve("bench.jfr"));
      sandbox.restartHub();
      HotMethods hot = HotMethods.read(profile);
      double rebuild = ServiceMetrics.rebuildSeconds(sandbox.hubManagementUrl());
      return new BenchResult(
          shape,
          "sandbox",
          clusters,
          (int) topology.clusters().stream().filter(c -> !c.remote()).count(),
          sandbox.agentProcesses(),
          converge,
          converged
              ? "oracle and hub"
              : "oracle and hub: not converged within " + options.timeout().toSeconds() + " s",
          millis,
          perChange,
          perUpdate,
          largest,
          hubHeap,
          hubCpu,
          rebuild,
          agentHeap,
          agentCpu,
          ownCpu,
          hot,
          own,
          load);
    }
  }

  /**
   * Moves a cluster's gateway to its other pool address; milliseconds until every primary has it.
   */
  private double changeAddress(
      Sandbox sandbox, PrimaryIstios istios, Topology.ClusterSpec c, Duration timeout)
      throws InterruptedException, TimeoutException {
    SimulatedMember member = sandbox.members().get(c.name());
    String current =
        member.cluster().loadBalancers().addressOf("istio-system", GATEWAY).orElseThrow();
    String next =
        c.loadBalancerPool().stream().filter(a -> !a.equals(current)).findFirst().orElseThrow();
    long start = System.nanoTime();
    member.cluster().loadBalancers().reassign("istio-system", GATEWAY, next);
    long reached = istios.awaitGateway(c.network(), next, timeout);
    return (reached - start) / 1e6;
  }

  /** A minute, or more for a mesh of more clusters: every primary's istiod reads every peer. */
  static Duration changeTimeout(int clusters) {
    Duration scaled = CHANGE_TIMEOUT_PER_CLUSTER.multipliedBy(clusters);
    return scaled.compareTo(CHANGE_TIMEOUT_LEAST) > 0 ? scaled : CHANGE_TIMEOUT_LEAST;
  }

  private void awaitConverged(Sandbox sandbox, Duration timeout) throws IOException {
    sandbox
        .awaitConvergedQuietly(timeout)
        .orElseThrow(() -> new IllegalStateException("the mesh did not converge after a change"));
  }
}
