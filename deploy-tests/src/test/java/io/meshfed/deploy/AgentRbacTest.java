package io.meshfed.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The agent chart's ClusterRole and Role grant exactly what the agent uses: the agent's component
 * tests record every API call they see the agent make (against the Kubernetes test server) in
 * {@code cluster-agent/target/api-calls.txt}; every call must be allowed, every grant must be used,
 * and nothing cluster-wide may be needed in one namespace only.
 */
class AgentRbacTest {

  private List<ApiCall> calls;
  private RbacRules rules;

  @BeforeEach
  void readCallsAndRenderTheChart() throws Exception {
    String configured = System.getProperty("meshfed.agent.api-calls");
    Path file =
        configured != null
            ? Path.of(configured)
            : DeployDir.root().resolveSibling("cluster-agent").resolve("target/api-calls.txt");
    assumeTrue(
        Files.isRegularFile(file),
        "no recorded agent API calls at "
            + file
            + ": build cluster-agent with its tests first (mvn -B verify builds it before deploy-tests)");
    calls = ApiCall.parse(Files.readString(file));
    assumeTrue(!calls.isEmpty(), file + " records no API call");
    rules = RbacRules.of(Charts.render(Charts.AGENT, Charts.required(Charts.AGENT)));
  }

  @Test
  void everyCallTheAgentMakesIsAllowed() {
    assertThat(rules.forbidden(calls)).as("calls the chart's RBAC forbids").isEmpty();
  }

  @Test
  void everyGrantIsUsedByACall() {
    assertThat(rules.unused(calls)).as("grants no call of the agent needs").isEmpty();
  }

  @Test
  void nothingIsGrantedClusterWideThatOneNamespaceWouldDo() {
    assertThat(rules.widerThanNeeded(calls))
        .as("cluster-wide grants used in one namespace")
        .isEmpty();
  }

  @Test
  void secretsAreReadAndWrittenInIstioSystemOnly() {
    assertThat(calls)
        .filteredOn(c -> c.group().isEmpty() && c.resource().equals("secrets"))
        .allSatisfy(c -> assertThat(c.namespace()).isEqualTo("istio-system"));
    assertThat(rules.grants())
        .filteredOn(g -> g.group().isEmpty() && g.resource().equals("secrets"))
        .allSatisfy(g -> assertThat(g.namespace()).isEqualTo("istio-system"));
  }
}
