package io.meshfed.sandbox.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshfed.kafka.EmbeddedKafka;
import io.meshfed.kafka.MeshfedTopics;
import io.meshfed.sandbox.FreePort;
import io.meshfed.sandbox.HubClient;
import io.meshfed.sandbox.HubService;
import io.meshfed.sandbox.MeshfedProcesses;
import io.meshfed.sandbox.Topology;
import io.meshfed.sandbox.WorkDirs;
import io.meshfed.sandbox.cluster.apiserver.ClusterPki;
import io.meshfed.sandbox.fleet.FleetShape;
import io.meshfed.sandbox.fleet.FleetSimulator;
import io.meshfed.security.jwt.DevTokens;
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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * One benchmark run of the real hub against the fleet simulator: a real Kafka broker, the hub as
 * its own process, and every member's agent played at the protocol level in this process. It
 * declares the shape's meshes and joins their clusters through the REST API, primaries first, and
 * measures the time until the hub says every mesh converged (no simulated cluster runs, so there is
 * no reachability oracle to ask); then gateway address changes (each until every primary of the
 * mesh read a mesh record with the new address, then until the mesh converged again), a few
 * single-cluster updates through the REST API, the hub's heap and CPU time, and last a hub restart
 * and its rebuild from the log.
 */
final class FleetBenchmark {

  private static final Duration POLL = Duration.ofMillis(250);
  private static final Duration CHANGE_TIMEOUT = Duration.ofSeconds(120);
  private static final int CLUSTER_UPDATES = 3;
  private static final int PARALLEL_JOINS = 4;
  private static final Duration REBUILD_TIMEOUT = Duration.ofMinutes(10);
  private static final String ISTIO_VERSION = Topology.GENERATED_ISTIO_VERSION;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final FleetShape shape;
  private final int changes;
  private final Duration timeout;
  private final String hubHeap;
  private final Path home;
  private final Path workDir;
  private final PrintStream out;

  FleetBenchmark(
      FleetShape shape,
      int changes,
      Duration timeout,
      String hubHeap,
      Path home,
      Path workDir,
      PrintStream out) {
    this.shape = shape;
    this.changes = changes;
    this.timeout = timeout;
    this.hubHeap = hubHeap;
    this.home = home;
    this.workDir = workDir;
    this.out = out;
  }

  BenchResult run() throws Exception {
    double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    Path dir = WorkDirs.fresh(workDir);
    List<FleetShape.Member> members = shape.members();
    Map<String, String> addresses = new LinkedHashMap<>();
    members.forEach(m -> addresses.put(m.name(), m.addresses().get(0)));
    String apiCa = ClusterPki.issue("fleet", "127.0.0.1", List.of()).caPem();
    int port = FreePort.find();
    HubService hubService = new HubService(DevTokens.generate(), dir);
    try (EmbeddedKafka kafka = EmbeddedKafka.start(dir);
        MeshfedProcesses processes = new MeshfedProcesses()) {
      try (var admin = kafka.admin()) {
        MeshfedTopics.create(admin);
      }
      Path profile = dir.resolve("hub-profile");
      processes.startHub(
          hubService.launch(
              home,
              kafka.bootstrapServers(),
              port,
              hubHeap,
              Map.of("JAVA_TOOL_OPTIONS", HotMethods.recordingOptions(profile))));
      processes.awaitReady();
      HubClient hub = hubService.client(port);
      URI hubUrl = processes.hubManagementUrl();
      try (FleetSimulator fleet = new FleetSimulator(kafka.bootstrapServers(), addresses, apiCa);
          TopicWindow window = new TopicWindow(kafka.bootstrapServers())) {
        double cpuBefore = ServiceMetrics.cpuSeconds(hubUrl);
        double ownBefore = BenchResult.ownCpuSeconds();
        OwnRecording recording = OwnRecording.start();
        long t0 = System.nanoTime();
        declare(hub, members);
        out.printf(
            "%d join requests accepted after %.1fs%n",
            members.size(), (System.nanoTime() - t0) / 1e9);
        // A shape that does not converge in time is still measured where it can be (heap, CPU,
        // records, the rebuild of everything that joined); its changes are not.
        boolean converged = converges(hub, processes, timeout);
        double converge = converged ? (System.nanoTime() - t0) / 1e9 : Double.NaN;
        if (converged) {
          out.printf("%s converged in %.2fs (the hub's word)%n", shape.describe(), converge);
        } else {
          out.printf(
              "%s did not converge within %ds (the hub's word); measuring what can be%n",
              shape.describe(), timeout.toSeconds());
        }
        window.next();

        List<Double> millis = new ArrayList<>();
        List<TopicWindow.Traffic> perChange = new ArrayList<>();
        int changesMade = converged ? changes : 0;
        int updatesMade = converged ? CLUSTER_UPDATES : 0;
        for (int i = 0; i < changesMade; i++) {
          FleetShape.Member m = members.get((i * 37) % members.size());
          millis.add(changeAddress(fleet, members, m));
          awaitConverged(hub, processes, CHANGE_TIMEOUT);
          perChange.add(window.next());
        }
        List<TopicWindow.Traffic> perUpdate = new ArrayList<>();
        for (int i = 0; i < updatesMade; i++) {
          FleetShape.Member m = members.get((i * 7 + 1) % members.size());
          ObjectNode body = body(m);
          body.putObject("gatewayPlacement")
              .putObject("nodeSelector")
              .put("meshfed.io/bench", "update-" + i);
          hub.putCluster(m.mesh(), m.name(), body);
          awaitConverged(hub, processes, CHANGE_TIMEOUT);
          perUpdate.add(window.next());
        }
        Map<String, Integer> largest = window.largestEver();
        double heap = ServiceMetrics.heapMib(hubUrl);
        double cpu = ServiceMetrics.cpuSeconds(hubUrl) - cpuBefore;
        double own = BenchResult.ownCpuSeconds() - ownBefore;
        HotMethods ownProfile = recording.stop(dir.resolve("bench-profile").resolve("bench.jfr"));
        processes.restartHub(REBUILD_TIMEOUT);
        HotMethods hot = HotMethods.read(profile);
        double rebuild = ServiceMetrics.rebuildSeconds(hubUrl);
        out.printf("hub rebuilt %d clusters from the log in %.2fs%n", members.size(), rebuild);
        return new BenchResult(
            shape.describe(),
            "fleet simulator",
            members.size(),
            shape.meshes() * shape.primariesPerMesh(),
            0,
            converge,
            converged ? "hub" : "hub: not converged within " + timeout.toSeconds() + " s",
            millis,
            perChange,
            perUpdate,
            largest,
            heap,
            cpu,
            rebuild,
            Double.NaN,
            Double.NaN,
            own,
            hot,
            ownProfile,
            load);
      }
    }
  }

  /**
   * Declares every mesh and joins every cluster through the REST API, as a platform team's script
   * would: {@value #PARALLEL_JOINS} requests at a time, every primary before the remotes it serves.
   */
  private void declare(HubClient hub, List<FleetShape.Member> members) throws Exception {
    for (String mesh : shape.meshIds()) {
      hub.declareMesh(mesh, ISTIO_VERSION);
    }
    AtomicInteger joined = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(PARALLEL_JOINS);
    try {
      for (boolean primaries : List.of(true, false)) {
        List<Future<?>> joins = new ArrayList<>();
        for (FleetShape.Member m : members) {
          if (m.primary() != primaries) {
            continue;
          }
          joins.add(
              pool.submit(
                  () -> {
                    hub.putCluster(m.mesh(), m.name(), body(m));
                    if (joined.incrementAndGet() % 250 == 0) {
                      out.printf("  %d of %d clusters joined%n", joined.get(), members.size());
                    }
                    return null;
                  }));
        }
        for (Future<?> join : joins) {
          join.get();
        }
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private static ObjectNode body(FleetShape.Member m) {
    ObjectNode body = JSON.createObjectNode().put("role", m.primary() ? "PRIMARY" : "REMOTE");
    body.put("network", m.network());
    if (m.controlPlaneCluster() != null) {
      body.put("controlPlaneCluster", m.controlPlaneCluster());
    }
    return body;
  }

  /**
   * Moves a cluster's gateway to its other address; milliseconds until every primary of its mesh
   * read a mesh record listing it.
   */
  private double changeAddress(
      FleetSimulator fleet, List<FleetShape.Member> members, FleetShape.Member m) {
    String next = m.addresses().get(1);
    List<String> primaries =
        members.stream()
            .filter(p -> p.primary() && p.mesh().equals(m.mesh()))
            .map(FleetShape.Member::name)
            .toList();
    fleet.watchGateway(next);
    long start = System.nanoTime();
    fleet.moveGateway(m.name(), next);
    long deadline = start + CHANGE_TIMEOUT.toNanos();
    while (true) {
      Map<String, Long> seen = fleet.gatewaySeenBy(next);
      if (seen.keySet().containsAll(primaries)) {
        long last = primaries.stream().mapToLong(seen::get).max().orElse(start);
        return (last - start) / 1e6;
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "the address change of " + m.name() + " did not reach every primary");
      }
      LockSupport.parkNanos(Duration.ofMillis(5).toNanos());
    }
  }

  /** Whether the hub says every mesh of the shape converged within the time given. */
  private boolean converges(HubClient hub, MeshfedProcesses processes, Duration within)
      throws IOException {
    try {
      awaitConverged(hub, processes, within);
      return true;
    } catch (NotConverged e) {
      return false;
    }
  }

  private static final class NotConverged extends IllegalStateException {
    NotConverged(String message) {
      super(message);
    }
  }

  /** Waits until the hub says every mesh of the shape converged. */
  private void awaitConverged(HubClient hub, MeshfedProcesses processes, Duration within)
      throws IOException {
    long deadline = System.nanoTime() + within.toNanos();
    List<String> pending = new ArrayList<>(shape.meshIds());
    while (!pending.isEmpty()) {
      JsonNode mesh = hub.mesh(pending.get(0));
      if (mesh.path("converged").asBoolean(false)) {
        pending.remove(0);
        continue;
      }
      processes.ensureAlive();
      if (System.nanoTime() > deadline) {
        throw new NotConverged(
            pending.get(0) + " did not converge within " + within.toSeconds() + "s");
      }
      LockSupport.parkNanos(POLL.toNanos());
    }
  }
}
