package io.meshfed.sandbox;

import java.nio.file.Path;
import java.util.Map;

/**
 * How the real agent is run against a simulated cluster: one agent process per cluster, as in
 * production, configured only through its environment (the cluster's name, its kubeconfig, the
 * broker) and listening on a port of its own on the loopback interface.
 */
final class AgentLauncher {

  /** The agent's heap: it holds one cluster's objects and two small state topics. */
  static final String MAX_HEAP = "128m";

  private AgentLauncher() {}

  static ServiceProcess.Launch launch(
      SimulatedMember member, String bootstrapServers, Path home, Path logDir) {
    int port = FreePort.find();
    return new ServiceProcess.Launch(
        "agent-" + member.name(),
        home.resolve("cluster-agent/target/quarkus-app/quarkus-run.jar"),
        Map.of(
            "KAFKA_BOOTSTRAP_SERVERS", bootstrapServers,
            "KUBECONFIG", member.kubeconfig().toAbsolutePath().toString(),
            "MESHFED_AGENT_CLUSTER_NAME", member.name(),
            "QUARKUS_HTTP_HOST", "127.0.0.1",
            "QUARKUS_HTTP_PORT", Integer.toString(port)),
        logDir,
        MAX_HEAP,
        port);
  }
}
