package io.meshfed.sandbox.e2e;

import io.meshfed.sandbox.FreePort;
import io.meshfed.sandbox.Sandbox;
import io.meshfed.sandbox.SandboxOptions;
import io.meshfed.sandbox.Topology;
import io.meshfed.sandbox.WorkDirs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Sandboxes for the end-to-end tests: the built services of this checkout, a free hub port. */
final class E2eSandboxes {

  /** How long a mesh may take to converge before a test gives up. */
  static final int TIMEOUT_SECONDS = 120;

  private E2eSandboxes() {}

  /** The project's root: where the services' apps, {@code deploy/} and the examples are. */
  static Path home() {
    return Path.of(System.getProperty("meshfed.home", "..")).toAbsolutePath().normalize();
  }

  /** The example topologies, {@code deploy/examples/*.yaml}, sorted by name. */
  static List<Path> examples() throws IOException {
    try (Stream<Path> files = Files.list(home().resolve("deploy/examples"))) {
      return files.filter(p -> p.getFileName().toString().endsWith(".yaml")).sorted().toList();
    }
  }

  /** A topology of this module's test resources ({@code src/test/resources/e2e/<name>}). */
  static Topology testTopology(String name) throws IOException {
    return Topology.read(home().resolve("sandbox/src/test/resources/e2e").resolve(name));
  }

  /**
   * A started sandbox (broker, simulated clusters, hub, one agent process per cluster, all ready)
   * whose files go to {@code sandbox/target/e2e/<name>}. The caller closes it.
   */
  static Sandbox started(String name, Topology topology) throws IOException {
    return started(name, topology, topology.clusters().size());
  }

  /**
   * Like {@link #started(String, Topology)}, with one hosted-mode agent process for all clusters
   * when there are more than {@code hostedAbove}.
   */
  static Sandbox started(String name, Topology topology, int hostedAbove) throws IOException {
    return started(name, topology, hostedAbove, TIMEOUT_SECONDS);
  }

  /** Like {@link #started(String, Topology, int)}, converging within {@code timeoutSeconds}. */
  static Sandbox started(String name, Topology topology, int hostedAbove, int timeoutSeconds)
      throws IOException {
    SandboxOptions options =
        SandboxOptions.parse(
            "--hub-port",
            Integer.toString(FreePort.find()),
            "--timeout",
            Integer.toString(timeoutSeconds),
            "--hosted-above",
            Integer.toString(hostedAbove));
    Path workDir = home().resolve("sandbox/target/e2e").resolve(name);
    WorkDirs.fresh(workDir);
    Sandbox sandbox = new Sandbox(topology, options, home(), workDir, System.out);
    // Should the test JVM be stopped before the test closes the sandbox, no process stays behind.
    Runtime.getRuntime().addShutdownHook(new Thread(sandbox::close, "e2e-sandbox-" + name));
    try {
      sandbox.start();
      return sandbox;
    } catch (IOException | RuntimeException e) {
      sandbox.close();
      throw e;
    }
  }
}
