package io.meshfed.sandbox;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs the real agent against the simulated clusters: one agent process per cluster, as in
 * production.
 */
final class AgentLauncher {

  private AgentLauncher() {}

  static List<ServiceProcess> start(
      Map<String, SimulatedMember> members,
      String bootstrap,
      SandboxOptions options,
      Path home,
      Path workDir)
      throws IOException {
    Path jar = home.resolve("cluster-agent/target/quarkus-app/quarkus-run.jar");
    List<ServiceProcess> agents = new ArrayList<>();
    for (SimulatedMember m : members.values()) {
      Map<String, String> env = new HashMap<>();
      env.put("KAFKA_BOOTSTRAP_SERVERS", bootstrap);
      env.put("KUBECONFIG", m.kubeconfig().toAbsolutePath().toString());
      env.put("MESHFED_AGENT_CLUSTER_NAME", m.name());
      env.put("QUARKUS_HTTP_PORT", "0");
      agents.add(
          ServiceProcess.start("agent-" + m.name(), jar, env, workDir.resolve("logs"), "128m"));
    }
    return agents;
  }
}
