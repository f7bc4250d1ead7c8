package io.meshfed.sandbox;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.CountDownLatch;

/** {@code bin/meshfed-sandbox}: forms a real mesh over real Kafka on simulated clusters. */
public final class SandboxMain {

  /** The seeds' three-cluster plan; also the first of the example topologies. */
  static final String DEFAULT_TOPOLOGY = "deploy/examples/default-hosted-multi-network.yaml";

  private SandboxMain() {}

  public static void main(String[] args) throws Exception {
    SandboxOptions options;
    try {
      if (args.length == 1 && args[0].equals("--help")) {
        System.out.println(SandboxOptions.USAGE);
        return;
      }
      options = SandboxOptions.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.exit(2);
      return;
    }
    Path home = Path.of(System.getProperty("meshfed.home", ".")).toAbsolutePath().normalize();
    Topology topology = topology(options, home);
    Path workDir =
        home.resolve("target/sandbox")
            .resolve(LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
    Sandbox sandbox = new Sandbox(topology, options, home, workDir, System.out);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
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
        System.out.printf(
            "%nThe mesh is up. Hub API: %s/api/v1/meshes/%s — Ctrl-C stops everything.%n",
            sandbox.hub().base(), topology.mesh());
        stopped.await();
        return;
      }
    } catch (IOException e) {
      System.err.println("sandbox failed: " + e.getMessage());
      code = 1;
    }
    sandbox.close();
    System.exit(code);
  }

  static Topology topology(SandboxOptions options, Path home) throws IOException {
    ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
    if (options.clusters().isPresent()) {
      return Topology.generated(options.clusters().get(), "v1.28.1");
    }
    if (options.topology().isPresent()) {
      return yaml.readValue(Files.readAllBytes(options.topology().get()), Topology.class);
    }
    return yaml.readValue(Files.readAllBytes(home.resolve(DEFAULT_TOPOLOGY)), Topology.class);
  }
}
