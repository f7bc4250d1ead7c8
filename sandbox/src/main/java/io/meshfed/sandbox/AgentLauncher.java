package io.meshfed.sandbox;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * How the real agent is run against the simulated clusters, configured only through its environment
 * and listening on a port of its own on the loopback interface: one agent process per cluster, as
 * in production; above a handful of clusters, one agent process in hosted mode that serves them
 * all, each through its own kubeconfig.
 */
final class AgentLauncher {

  /** The heap of a single-cluster agent: one cluster's objects and two small state topics. */
  static final int SINGLE_HEAP_MB = 128;

  /** The heap of a hosted agent: a base plus this much per served cluster, at most 1 GiB. */
  static final int HOSTED_HEAP_MB_PER_CLUSTER = 6;

  private static final int MAX_HEAP_MB = 1024;

  /** The hub's record-signing key the agents pin. */
  private static final String HUB_KEYS = "MESHFED_AGENT_HUB_SIGNING_PUBLIC_KEYS";

  /** An agent process to start and the clusters it serves. */
  record Agent(ServiceProcess.Launch launch, List<String> clusters) {}

  private AgentLauncher() {}

  /**
   * The agent processes for the members: one each when there are at most {@code hostedAbove}, else
   * one hosted agent for all of them.
   */
  static List<Agent> plan(
      List<SimulatedMember> members,
      int hostedAbove,
      String bootstrapServers,
      String hubSigningPublicKey,
      Path home,
      Path logDir) {
    List<Agent> agents = new ArrayList<>();
    if (members.size() <= hostedAbove) {
      for (SimulatedMember m : members) {
        Map<String, String> env = new HashMap<>();
        env.put("MESHFED_AGENT_CLUSTER_NAME", m.name());
        env.put("KUBECONFIG", m.kubeconfig().toAbsolutePath().toString());
        env.put(HUB_KEYS, hubSigningPublicKey);
        agents.add(
            new Agent(
                launch("agent-" + m.name(), env, SINGLE_HEAP_MB, bootstrapServers, home, logDir),
                List.of(m.name())));
      }
      return agents;
    }
    Map<String, String> env = new HashMap<>();
    env.put(
        "MESHFED_AGENT_HOSTED_CLUSTERS",
        members.stream()
            .map(m -> m.name() + "=" + m.kubeconfig().toAbsolutePath())
            .collect(Collectors.joining(",")));
    env.put(HUB_KEYS, hubSigningPublicKey);
    int heap = Math.min(MAX_HEAP_MB, SINGLE_HEAP_MB + HOSTED_HEAP_MB_PER_CLUSTER * members.size());
    agents.add(
        new Agent(
            launch("agent-hosted", env, heap, bootstrapServers, home, logDir),
            members.stream().map(SimulatedMember::name).toList()));
    return agents;
  }

  private static ServiceProcess.Launch launch(
      String name,
      Map<String, String> clusterEnv,
      int heapMb,
      String bootstrapServers,
      Path home,
      Path logDir) {
    int port = FreePort.find();
    int managementPort = FreePort.find();
    Map<String, String> env = new HashMap<>(clusterEnv);
    env.put("KAFKA_BOOTSTRAP_SERVERS", bootstrapServers);
    env.put("QUARKUS_HTTP_HOST", "127.0.0.1");
    env.put("QUARKUS_HTTP_PORT", Integer.toString(port));
    env.put("QUARKUS_MANAGEMENT_HOST", "127.0.0.1");
    env.put("QUARKUS_MANAGEMENT_PORT", Integer.toString(managementPort));
    return new ServiceProcess.Launch(
        name,
        home.resolve("cluster-agent/target/quarkus-app/quarkus-run.jar"),
        env,
        logDir,
        heapMb + "m",
        port,
        managementPort);
  }
}
