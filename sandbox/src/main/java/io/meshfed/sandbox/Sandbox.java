package io.meshfed.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshfed.kafka.EmbeddedKafka;
import io.meshfed.kafka.MeshfedTopics;
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
 * stand-ins for its operators, and the real agents; the mesh is declared through the hub's REST
 * API, as a platform team would.
 */
public final class Sandbox implements AutoCloseable {

  private static final Duration POLL = Duration.ofMillis(200);

  private final Topology topology;
  private final SandboxOptions options;
  private final Path home;
  private final Path workDir;
  private final PrintStream out;
  private final List<AutoCloseable> started = new ArrayList<>();
  private final Map<String, SimulatedMember> members = new LinkedHashMap<>();
  private EmbeddedKafka kafka;
  private HubClient hub;
  private ServiceProcess hubProcess;

  public Sandbox(
      Topology topology, SandboxOptions options, Path home, Path workDir, PrintStream out) {
    this.topology = topology.validated();
    this.options = options;
    this.home = home;
    this.workDir = workDir;
    this.out = out;
  }

  /** Starts Kafka, the simulated clusters, the hub and the agents. */
  public void start() throws Exception {
    Files.createDirectories(workDir);
    long t = System.nanoTime();
    kafka = EmbeddedKafka.start(workDir);
    try (var admin = kafka.admin()) {
      MeshfedTopics.create(admin);
    }
    started.add(kafka);
    out.printf("Kafka broker (KRaft) at %s%n", kafka.bootstrapServers());

    Path kubeconfigs = options.kubeconfigDir().orElse(workDir.resolve("kubeconfig"));
    for (Topology.ClusterSpec spec : topology.clusters()) {
      SimulatedMember member = SimulatedMember.start(spec, kubeconfigs.resolve(spec.name()));
      started.add(member);
      members.put(spec.name(), member);
    }
    out.printf(
        "%d simulated clusters, kubeconfigs in %s%n", members.size(), kubeconfigs.toAbsolutePath());

    hubProcess =
        ServiceProcess.start(
            "hub",
            home.resolve("hub-service/target/quarkus-app/quarkus-run.jar"),
            Map.of(
                "KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers(),
                "QUARKUS_HTTP_PORT", Integer.toString(options.hubPort())),
            workDir.resolve("logs"),
            "256m");
    started.add(hubProcess);
    hub = new HubClient(URI.create("http://127.0.0.1:" + options.hubPort()));

    for (ServiceProcess agent :
        AgentLauncher.start(members, kafka.bootstrapServers(), options, home, workDir)) {
      started.add(agent);
    }
    awaitHubReady(Duration.ofSeconds(90));
    out.printf(
        "hub API at %s (logs in %s) after %.1fs%n",
        hub.base(), workDir.resolve("logs"), (System.nanoTime() - t) / 1e9);
  }

  /**
   * Declares the mesh and its clusters through the REST API and follows the mesh until it
   * converges. Returns the converged mesh, or empty when the timeout passed first.
   */
  public Optional<JsonNode> declareAndAwait() throws IOException {
    long t0 = System.nanoTime();
    hub.declareMesh(topology.mesh(), topology.istioVersion());
    for (Topology.ClusterSpec c : primariesFirst()) {
      JsonNode accepted = hub.joinCluster(topology.mesh(), c);
      out.printf(
          "PUT %s/%s accepted at generation %s%n",
          topology.mesh(), c.name(), accepted.path("generation").asText());
    }
    ProgressLines progress = new ProgressLines();
    long deadline = t0 + options.timeout().toNanos();
    JsonNode mesh = null;
    while (System.nanoTime() < deadline) {
      mesh = hub.mesh(topology.mesh());
      double elapsed = (System.nanoTime() - t0) / 1e9;
      progress.next(mesh, elapsed).forEach(out::println);
      if (mesh.path("converged").asBoolean(false)) {
        out.printf("%nConverged in %.2fs.%n%n", elapsed);
        out.println(PlanningForm.render(mesh));
        writeReport(mesh, elapsed);
        return Optional.of(mesh);
      }
      ensureServicesAlive();
      LockSupport.parkNanos(POLL.toNanos());
    }
    out.printf("Not converged after %ds.%n", options.timeout().toSeconds());
    if (mesh != null) {
      out.println(PlanningForm.render(mesh));
    }
    return Optional.empty();
  }

  public HubClient hub() {
    return hub;
  }

  public Map<String, SimulatedMember> members() {
    return members;
  }

  public EmbeddedKafka kafka() {
    return kafka;
  }

  private List<Topology.ClusterSpec> primariesFirst() {
    List<Topology.ClusterSpec> ordered = new ArrayList<>();
    topology.clusters().stream().filter(c -> !c.remote()).forEach(ordered::add);
    topology.clusters().stream().filter(Topology.ClusterSpec::remote).forEach(ordered::add);
    return ordered;
  }

  private void awaitHubReady(Duration timeout) throws IOException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!hub.ready()) {
      ensureServicesAlive();
      if (System.nanoTime() > deadline) {
        throw new IOException("the hub did not become ready; see " + hubProcess.log());
      }
      LockSupport.parkNanos(POLL.toNanos());
    }
  }

  private void ensureServicesAlive() throws IOException {
    for (AutoCloseable c : started) {
      if (c instanceof ServiceProcess p && !p.alive()) {
        throw new IOException(p.name() + " exited; see " + p.log());
      }
    }
  }

  private void writeReport(JsonNode mesh, double seconds) throws IOException {
    if (options.report().isEmpty()) {
      return;
    }
    ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    ObjectNode report = json.createObjectNode();
    report.put("clusters", topology.clusters().size());
    report.put("secondsToConverge", Math.round(seconds * 1000) / 1000.0);
    report.set("mesh", mesh);
    Path file = options.report().get();
    if (file.toAbsolutePath().getParent() != null) {
      Files.createDirectories(file.toAbsolutePath().getParent());
    }
    Files.writeString(file, json.writeValueAsString(report));
    out.printf("Report written to %s%n", file);
  }

  /** Stops everything it started, last started first. */
  @Override
  public void close() {
    for (int i = started.size() - 1; i >= 0; i--) {
      try {
        started.get(i).close();
      } catch (Exception e) {
        out.println("while stopping: " + e);
      }
    }
    started.clear();
  }
}
