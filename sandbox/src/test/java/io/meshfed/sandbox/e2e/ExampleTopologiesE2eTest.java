package io.meshfed.sandbox.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.meshfed.sandbox.Sandbox;
import io.meshfed.sandbox.SimulatedMember;
import io.meshfed.sandbox.Topology;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every example topology of {@code deploy/examples/} converges on the real broker with the real hub
 * and agents (the hub says so and the reachability oracle finds every pair reachable), and every
 * simulated cluster then holds exactly what DESIGN.md's table lists for its role, read through its
 * Kubernetes API; also when one hosted-mode agent serves all the clusters, for a primary behind a
 * load balancer's hostname serving a remote, and for two primaries each serving a remote.
 */
class ExampleTopologiesE2eTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  static List<Path> examples() throws IOException {
    return E2eSandboxes.examples();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("examples")
  void convergesAndEveryClusterHoldsWhatItsRoleGets(Path example) throws IOException {
    Topology topology = Topology.read(example);
    String name = example.getFileName().toString().replace(".yaml", "");
    try (Sandbox sandbox = E2eSandboxes.started(name, topology)) {
      assertThat(sandbox.agentProcesses())
          .as("agent processes")
          .isEqualTo(topology.clusters().size());
      convergesAndEveryClusterHoldsWhatItsRoleGets(sandbox, topology);
    }
  }

  static List<String> moreTopologies() {
    return List.of("hostname-primary-with-remote.yaml", "two-primaries-with-remotes.yaml");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("moreTopologies")
  void topologiesBeyondTheExamplesConvergeToo(String file) throws IOException {
    Topology topology = E2eSandboxes.testTopology(file);
    try (Sandbox sandbox = E2eSandboxes.started(file.replace(".yaml", ""), topology)) {
      convergesAndEveryClusterHoldsWhatItsRoleGets(sandbox, topology);
    }
  }

  @Test
  void oneHostedAgentServesTheDefaultTopology() throws IOException {
    Topology topology =
        Topology.read(
            E2eSandboxes.home().resolve("deploy/examples/default-hosted-multi-network.yaml"));
    try (Sandbox sandbox = E2eSandboxes.started("hosted-agent", topology, 0)) {
      assertThat(sandbox.agentProcesses()).as("agent processes").isEqualTo(1);
      convergesAndEveryClusterHoldsWhatItsRoleGets(sandbox, topology);
    }
  }

  private static void convergesAndEveryClusterHoldsWhatItsRoleGets(
      Sandbox sandbox, Topology topology) throws IOException {
    JsonNode mesh =
        sandbox
            .declareAndAwait()
            .orElseThrow(() -> new AssertionError(topology.mesh() + " did not converge"));

    DesignTable design = new DesignTable(topology);
    MeshView view = new MeshView(sandbox);
    for (SimulatedMember member : sandbox.members().values()) {
      if (design.eastWestGateway(member.name())) {
        assertThat(view.eastWestAddress(member.name()))
            .as("east-west address of %s: the first of its pool", member.name())
            .isEqualTo(member.spec().loadBalancerPool().get(0));
      }
    }
    MemberAssertions members =
        new MemberAssertions(design, view::eastWestAddress, view::apiServerUrl);
    for (SimulatedMember member : sandbox.members().values()) {
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () -> members.holdsExactlyItsObjects(member.name(), member.cluster().client()));
    }
    assertThat(mesh.path("meshNetworks"))
        .as("the hub's meshNetworks")
        .isEqualTo(JSON.valueToTree(design.meshNetworks(view::eastWestAddress)));
  }
}
