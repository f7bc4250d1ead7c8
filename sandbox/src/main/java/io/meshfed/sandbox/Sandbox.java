package io.meshfed.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshfed.kafka.EmbeddedKafka;
import io.meshfed.kafka.MeshfedTopics;
import io.meshfed.sandbox.cluster.SimulatedCluster;
import io.meshfed.sandbox.cluster.SimulatedWorld;
import io.meshfed.sandbox.oracle.Reachability;
import io.meshfed.sandbox.oracle.ReachabilityOracle;
import io.meshfed.security.jwt.DevTokens;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;

/**
 * The local sandbox: a real Kafka broker, the hub, one simulated cluster per member with the
 * stand-ins for its operators, and the real agents (one process per cluster, or above a handful of
 * clusters one hosted-mode process serving them all); the mesh is declared through the hub's REST
 * API, as a platform team would. The end-to-end tests and the benchmark drive the same class.
 */
public final class Sandbox implements AutoCloseable {

  private static final Duration POLL = Duration.ofMillis(200);
  private static final String HUB_HEAP = "256m";

  private final Topology topology;
  private final SandboxOptions options;
  private final Path home;
  private final Path workDir;
  private final PrintStream out;
  private final Map<String, SimulatedMember> members = new LinkedHashMap<>();
  private final MeshfedProcesses processes = new MeshfedProcesses();
  private final DevTokens tokens = DevTokens.generate();
  private Map<String, String> hubEnvironment = Map.of();
  private final SimulatedWorld world = new SimulatedWorld();
  private EmbeddedKafka kafka;
  private HubClient hub;
  private HubService hubService;
  private volatile boolean closed;

  /**
   * @param topology the mesh and its clusters
   * @param options the command-line options (hub port, kubeconfig directory, timeout, report)
   * @param home the project's root directory (where the services' built apps are)
   * @param workDir where the broker's data, the kubeconfigs and the services' logs go
   * @param out where progress is printed
   */
  public Sandbox(
      Topology topology, SandboxOptions options, Path home, Path workDir, PrintStream out) {
    this.topology = topology.validated();
    this.options = options;
    this.home = home;
    this.workDir = workDir;
    this.out = out;
  }

  /** More environment variables for the hub process (e.g. to record a profile); before start. */
  public void hubEnvironment(Map<String, String> env) {
    hubEnvironment = Map.copyOf(env);
  }

  /**
   * Starts Kafka, the simulated clusters, the hub and the agents, and waits until the hub and every
   * agent answer ready.
   */
  public void start() throws IOException {
    if (!FreePort.isFree(options.hubPort())) {
      throw new IOException(
          "port "
              + options.hubPort()
              + " is in use by another process; choose the hub's port with --hub-port");
    }
    Files.createDirectories(workDir);
    long t = System.nanoTime();
    synchronized (this) {
      checkOpen();
      kafka = EmbeddedKafka.start(workDir);
    }
    try (var admin = kafka.admin()) {
      MeshfedTopics.create(admin);
    }
    out.printf("Kafka broker (KRaft) at %s%n", kafka.bootstrapServers());

    Path kubeconfigs = options.kubeconfigDir().orElse(workDir.resolve("kubeconfig"));
    AgentChartInstall chart = AgentChartInstall.fromChart(home);
    for (Topology.ClusterSpec spec : topology.clusters()) {
      synchronized (this) {
        checkOpen();
        members.put(
            spec.name(),
            SimulatedMember.start(spec, kubeconfigs.resolve(spec.name()), world, chart));
      }
    }
    out.printf(
        "%d simulated clusters, kubeconfigs in %s%n", members.size(), kubeconfigs.toAbsolutePath());

    hubService = new HubService(tokens, workDir);
    hubService.writeToken(hubToken());
    processes.startHub(
        hubService.launch(
            home, kafka.bootstrapServers(), options.hubPort(), HUB_HEAP, hubEnvironment));
    hub = hubService.client(options.hubPort());
    List<AgentLauncher.Agent> agents =
        AgentLauncher.plan(
            List.copyOf(members.values()),
            options.hostedAbove(),
            kafka.bootstrapServers(),
            hubService.signingPublicKey(),
            home,
            logDir());
    for (AgentLauncher.Agent agent : agents) {
      processes.startAgent(agent);
    }
    processes.awaitReady();
    out.printf(
        "hub API at %s, %d agent process%s for %d clusters%s (logs in %s), ready after %.1fs%n",
        hub.base(),
        agents.size(),
        agents.size() == 1 ? "" : "es",
        members.size(),
        agents.size() < members.size() ? " (hosted mode)" : "",
        logDir(),
        (System.nanoTime() - t) / 1e9);
  }

  /**
   * Declares the mesh and its clusters through the REST API and follows the mesh until it
   * converges. Returns the converged mesh, or empty when the timeout passed first.
   */
  public Optional<JsonNode> declareAndAwait() throws IOException {
    long t0 = System.nanoTime();
    declare();
    return awaitConverged(t0);
  }

  /** Declares the mesh and joins its clusters, primaries first, as a platform team would. */
  public void declare() throws IOException {
    hub.declareMesh(topology.mesh(), topology.istioVersion());
    for (Topology.ClusterSpec c : primariesFirst()) {
      JsonNode accepted = hub.joinCluster(topology.mesh(), c);
      out.printf(
          "PUT %s/%s accepted at generation %s%n",
          topology.mesh(), c.name(), accepted.path("generation").asText());
    }
  }

  /**
   * Prints one line per change of a cluster's phase until the mesh converges or the timeout passes;
   * at convergence prints the planning form and writes the report.
   *
   * @param t0 {@link System#nanoTime()} when the first request was sent
   * @return the converged mesh, or empty when the timeout passed first
   */
  public Optional<JsonNode> awaitConverged(long t0) throws IOException {
    ProgressLines progress = new ProgressLines();
    long deadline = System.nanoTime() + options.timeout().toNanos();
    JsonNode mesh = null;
    Reachability reachability = null;
    String lastSummary = "";
    while (System.nanoTime() < deadline) {
      checkOpen();
      mesh = hub.mesh(topology.mesh());
      double elapsed = (System.nanoTime() - t0) / 1e9;
      progress.next(mesh, elapsed).forEach(out::println);
      if (mesh.path("converged").asBoolean(false)) {
        reachability = reachability(mesh);
        if (reachability.full()) {
          out.printf(
              "%nConverged in %.2fs: the hub says converged and %s.%n%n",
              elapsed, reachability.summary(0));
          out.println(PlanningForm.render(mesh));
          writeReport(mesh, elapsed, reachability);
          return Optional.of(mesh);
        }
        String summary = reachability.summary(3);
        if (!summary.equals(lastSummary)) {
          out.printf("[%6.1fs] the hub says converged, but %s%n", elapsed, summary);
          lastSummary = summary;
        }
      }
      processes.ensureAlive();
      LockSupport.parkNanos(POLL.toNanos());
    }
    out.printf("Not converged after %ds.%n", options.timeout().toSeconds());
    out.println(reachability(mesh == null ? hub.mesh(topology.mesh()) : mesh).summary(10));
    if (mesh != null) {
      out.println(PlanningForm.render(mesh));
    }
    return Optional.empty();
  }

  /**
   * What the reachability oracle finds now: every ordered pair of the mesh's members (as the hub
   * lists them), from the simulated clusters' own objects.
   */
  public Reachability reachability() throws IOException {
    return reachability(hub.mesh(topology.mesh()));
  }

  private Reachability reachability(JsonNode mesh) {
    List<SimulatedCluster> clusters = new ArrayList<>();
    for (JsonNode c : mesh.path("clusters")) {
      SimulatedMember member = members.get(c.path("name").asText());
      if (member != null) {
        clusters.add(member.cluster());
      }
    }
    return new ReachabilityOracle(world).evaluate(clusters);
  }

  /**
   * Waits, printing nothing, until the hub says the mesh converged and the reachability oracle
   * finds every pair reachable.
   *
   * @return the converged mesh, or empty when the timeout passed first
   */
  public Optional<JsonNode> awaitConvergedQuietly(Duration timeout) throws IOException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      checkOpen();
      JsonNode mesh = hub.mesh(topology.mesh());
      if (mesh.path("converged").asBoolean(false) && reachability(mesh).full()) {
        return Optional.of(mesh);
      }
      processes.ensureAlive();
      LockSupport.parkNanos(POLL.toNanos());
    }
    return Optional.empty();
  }

  /** Stops the hub process, starts it again on the same port and waits until it is ready. */
  public void restartHub() throws IOException {
    out.printf("hub restarted (pid %d)%n", processes.restartHub().pid());
  }

  /**
   * Stops the agent process that serves a cluster (in hosted mode: with its other clusters), starts
   * it again and waits until it is ready.
   */
  public void restartAgent(String cluster) throws IOException {
    ServiceProcess agent = processes.restartAgent(cluster);
    out.printf("%s restarted (pid %d)%n", agent.name(), agent.pid());
  }

  public Topology topology() {
    return topology;
  }

  public HubClient hub() {
    return hub;
  }

  /** The simulated clusters by name, in topology order. */
  public Map<String, SimulatedMember> members() {
    return members;
  }

  /** The network the simulated clusters share. */
  public SimulatedWorld world() {
    return world;
  }

  public EmbeddedKafka kafka() {
    return kafka;
  }

  /** The hub's base URL (REST API, {@code /q/openapi}). */
  public URI hubUrl() {
    return hub.base();
  }

  /** The base URL of the hub's management interface ({@code /q/metrics}, {@code /q/health}). */
  public URI hubManagementUrl() {
    return processes.hubManagementUrl();
  }

  /**
   * The base URL of the management interface of the agent that serves a cluster ({@code
   * /q/metrics}, {@code /q/health}).
   */
  public URI agentManagementUrl(String cluster) {
    return processes.agentManagementUrl(cluster);
  }

  /** The management interfaces of the agent processes (one per cluster, or one hosted agent). */
  public List<URI> agentManagementUrls() {
    return processes.agentManagementUrls();
  }

  /** The process id of the agent that serves a cluster. */
  public long agentPid(String cluster) {
    return processes.agentPid(cluster);
  }

  /** How many agent processes serve the clusters (fewer than clusters in hosted mode). */
  public int agentProcesses() {
    return processes.agentProcesses();
  }

  /** The process id of the hub. */
  public long hubPid() {
    return processes.hubPid();
  }

  /**
   * A bearer token for the hub's REST API with the {@code mesh-admin} role, valid for a day from
   * the start: {@code curl -H "Authorization: Bearer $(cat <file>)"}.
   */
  public Path hubToken() {
    return workDir.resolve("hub-token").toAbsolutePath();
  }

  /**
   * The key the platform team signs requests on {@code meshfed.requests.v1} with, registered with
   * the hub as {@value HubService#PLATFORM_TEAM} (group {@code mesh-admin}).
   */
  public java.security.PrivateKey requestSigningKey() throws IOException {
    return hubService.requestSigningKey();
  }

  private Path logDir() {
    return workDir.resolve("logs");
  }

  private List<Topology.ClusterSpec> primariesFirst() {
    List<Topology.ClusterSpec> ordered = new ArrayList<>();
    topology.clusters().stream().filter(c -> !c.remote()).forEach(ordered::add);
    topology.clusters().stream().filter(Topology.ClusterSpec::remote).forEach(ordered::add);
    return ordered;
  }

  private void checkOpen() throws IOException {
    if (closed) {
      throw new IOException("the sandbox is stopping");
    }
  }

  private void writeReport(JsonNode mesh, double seconds, Reachability reachability)
      throws IOException {
    if (options.report().isEmpty()) {
      return;
    }
    ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    ObjectNode report = json.createObjectNode();
    report.put("clusters", topology.clusters().size());
    report.put("secondsToConverge", Math.round(seconds * 1000) / 1000.0);
    ObjectNode pairs = report.putObject("reachability");
    pairs.put("pairs", reachability.pairs());
    pairs.put("reachable", reachability.reachable());
    var unreachable = pairs.putArray("unreachable");
    for (Reachability.Unreachable u : reachability.unreachable()) {
      unreachable.addObject().put("from", u.from()).put("to", u.to()).put("reason", u.reason());
    }
    report.set("mesh", mesh);
    Path file = options.report().get();
    if (file.toAbsolutePath().getParent() != null) {
      Files.createDirectories(file.toAbsolutePath().getParent());
    }
    Files.writeString(file, json.writeValueAsString(report));
    out.printf("Report written to %s%n", file);
  }

  /**
   * Stops everything it started: the agents and the hub (asked together, then awaited), the
   * simulated clusters, then the broker. Safe to call twice and from another thread than {@link
   * #start()}.
   */
  @Override
  public void close() {
    closed = true;
    processes.close();
    synchronized (this) {
      for (SimulatedMember m : members.values()) {
        closeQuietly(m);
      }
      members.clear();
      if (kafka != null) {
        closeQuietly(kafka);
        kafka = null;
      }
    }
  }

  private void closeQuietly(AutoCloseable c) {
    try {
      c.close();
    } catch (Exception e) {
      out.println("while stopping: " + e);
    }
  }
}
