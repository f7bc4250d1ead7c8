package io.meshfed.sandbox;

import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

/** {@code bin/meshfed-sandbox}: forms a real mesh over real Kafka on simulated clusters. */
public final class SandboxMain {

  /** The seeds' three-cluster plan; also the first of the example topologies. */
  static final String DEFAULT_TOPOLOGY = "deploy/examples/default-hosted-multi-network.yaml";

  private SandboxMain() {}

  public static void main(String[] args) throws Exception {
    SandboxOptions options;
    Topology topology;
    Path home = Path.of(System.getProperty("meshfed.home", ".")).toAbsolutePath().normalize();
    try {
      if (args.length == 1 && args[0].equals("--help")) {
        System.out.println(SandboxOptions.USAGE);
        return;
      }
      options = SandboxOptions.parse(args);
      topology = topology(options, home).validated();
    } catch (IllegalArgumentException | IOException e) {
      System.err.println(e.getMessage());
      System.exit(2);
      return;
    }
    Path workDir =
        home.resolve("target/sandbox")
            .resolve(LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
    Sandbox sandbox = new Sandbox(topology, options, home, workDir, System.out);
    CountDownLatch stopped = new CountDownLatch(1);
    AtomicBoolean exiting = new AtomicBoolean();
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  if (stopped.getCount() > 0 && !exiting.get()) {
                    System.out.println(
                        "\nStopping the agents, the hub, the clusters and the broker...");
                  }
                  sandbox.close();
                  stopped.countDown();
                },
                "sandbox-stop"));
    int code;
    try {
      sandbox.start();
      boolean converged = sandbox.declareAndAwait().isPresent();
      if (options.exitWhenConverged() || !converged) {
        code = converged ? 0 : 1;
      } else {
        printRunning(sandbox, options, topology);
        stopped.await();
        return;
      }
    } catch (IOException | RuntimeException e) {
      System.err.println("sandbox failed: " + e.getMessage());
      code = 1;
    }
    exiting.set(true);
    sandbox.close();
    System.exit(code);
  }

  private static void printRunning(Sandbox sandbox, SandboxOptions options, Topology topology) {
    String first = topology.clusters().get(0).name();
    System.out.printf(
        "%nThe mesh is up. Hub API: curl -H \"Authorization: Bearer $(cat %s)\" %s/api/v1/meshes/%s%n",
        sandbox.hubToken(), sandbox.hub().base(), topology.mesh());
    System.out.printf(
        "Hub metrics and health (management port): curl %s/q/metrics%n",
        sandbox.hubManagementUrl());
    Path kubeconfig = sandbox.members().get(first).kubeconfig();
    System.out.printf(
        "Look into a cluster: kubectl --kubeconfig %s get istios.sailoperator.io default -o yaml%n",
        options.kubeconfigDir().isPresent() ? kubeconfig : kubeconfig.toAbsolutePath());
    System.out.println("Ctrl-C stops everything.");
  }

  static Topology topology(SandboxOptions options, Path home) throws IOException {
    if (options.clusters().isPresent()) {
      return Topology.generated(options.clusters().get(), Topology.GENERATED_ISTIO_VERSION);
    }
    if (options.primaries().isPresent()) {
      return Topology.allPrimaries(options.primaries().get(), Topology.GENERATED_ISTIO_VERSION);
    }
    return Topology.read(options.topology().orElse(home.resolve(DEFAULT_TOPOLOGY)));
  }
}
